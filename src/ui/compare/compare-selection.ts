// Synchronized selection across the compare view's canvases: a node picked in one column selects
// the node with the same id, or the nodes sharing an original node with it, in the others.
import { correspondingNodes, type Origins } from '../../passes/metrics/index.ts';
import type { CompareEntry } from '../../workers/protocol.ts';
import type { CompareResult } from '../store/compare-slice.ts';

const maps = new WeakMap<CompareEntry, Origins>();

export function originsOf(entry: CompareEntry): Origins {
  let m = maps.get(entry);
  if (!m) maps.set(entry, (m = new Map(Object.entries(entry.origins))));
  return m;
}

/** Node ids selected in `column`, given the selection made in some column. */
export function selectedIn(column: number, selection: { column: number; ids: readonly string[] } | null, results: readonly CompareResult[]): string[] {
  if (!selection) return [];
  if (selection.column === column) return [...selection.ids];
  const from = results[selection.column];
  const to = results[column];
  if (from?.status !== 'done' || to?.status !== 'done') return [];
  return correspondingNodes(selection.ids, originsOf(from.entry), originsOf(to.entry));
}
