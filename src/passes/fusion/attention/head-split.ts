// The target of a head-split Reshape, whichever way it was written: a constant [B, S, N, H], or
// Concat(Unsqueeze(Gather(Shape(h), 0)), Unsqueeze(Gather(Shape(h), 1)), [N, H]) computed from
// the projection h itself, which amounts to [0, 0, N, H] (keep h's batch and sequence dims).
import { attrInt, attrInts } from '../../../ir/attributes.ts';
import { tensorToNumbers } from '../../../ir/tensor.ts';
import type { Match } from '../../rewrite/match.ts';

const ints = (m: Match, bind: string) => Array.from(tensorToNumbers(m.tensor(bind)));

/** The Reshape target of branch p as numbers, or why the computed chain is not [B, S, N, H]. */
export function headSplitTarget(m: Match, p: 'q' | 'k' | 'v'): number[] | string {
  if (m.has(`${p}Shape`)) return ints(m, `${p}Shape`);
  const concat = m.node(`${p}Concat`);
  const shapeOf = m.node(`${p}ShapeOf`);
  const projected = m.node(`${p}Add`).outputs[0]!;
  const where = `the ${p.toUpperCase()} head split's shape chain (Concat ${concat.id})`;
  if (m.value(`${p}Measured`) !== projected || m.value(`${p}ShapeValue`) !== shapeOf.outputs[0]) return `${where} measures another value than the projection it reshapes`;
  if (shapeOf.attributes.length) return `${where} takes a slice of the shape (Shape ${shapeOf.id} has start/end)`;
  if (attrInt(concat, 'axis', 0) !== 0) return `${where} concatenates along axis ${attrInt(concat, 'axis', 0)}`;
  for (const k of [0, 1] as const) {
    const index = ints(m, `${p}Index${k}`);
    const unsqueeze = m.node(`${p}Unsqueeze${k}`);
    const axes = m.has(`${p}Axes${k}`) ? ints(m, `${p}Axes${k}`) : [...(attrInts(unsqueeze, 'axes') ?? [])];
    if (index.length !== 1 || index[0] !== k || axes.join() !== '0') return `${where} does not read dim ${k} of the projection into position ${k}`;
  }
  const heads = ints(m, `${p}Heads`);
  if (heads.length !== 2) return `${where} appends [${heads}], not [heads, head size]`;
  return [0, 0, heads[0]!, heads[1]!];
}
