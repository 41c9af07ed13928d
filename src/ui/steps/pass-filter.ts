// The pass library's search: a pass matches when every word of the query appears in its id,
// title or description (case-insensitive). Families with no match drop out.
import type { Pass } from '../../passes/pass.ts';

export function filterPasses(families: Readonly<Record<string, readonly Pass[]>>, query: string): [family: string, passes: Pass[]][] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (p: Pass) => {
    const text = `${p.id} ${p.title} ${p.description}`.toLowerCase();
    return words.every((w) => text.includes(w));
  };
  return Object.entries(families)
    .map(([family, passes]): [string, Pass[]] => [family, passes.filter(matches)])
    .filter(([, passes]) => passes.length > 0);
}
