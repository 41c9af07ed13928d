// Which nodes of the original model each node came from, followed through every step of a
// pipeline. A node's `provenance` names the nodes it was made from; chaining the steps gives
// original ids, so a fused node of one pipeline can be matched with the unfused nodes of another
// (the compare view's synchronized selection) and the inspector can say "made from".
//
// A pass that runs rules to a fixed point may fuse a node it made earlier in the same pass (a
// LayerNormalization, then LayerNormalization + Add): that intermediate never appears in a step's
// model, so the step's explanations (matched -> produced, in order) are followed too.
import type { Model } from '../../ir/types.ts';
import type { ChangeRecord } from '../pass.ts';

/** Node id -> ids of the original model's nodes it came from (itself, for a node of the original). */
export type Origins = ReadonlyMap<string, readonly string[]>;

export interface TracedStep {
  readonly model: Model;
  readonly changes?: Pick<ChangeRecord, 'explanations'>;
}

/**
 * Origins of the nodes of `next` (the model after a step), given those of `before`. A node keeps
 * its origins when it was already there with the same provenance (kept or rewired); a node the
 * step made takes the union of the origins of the nodes it was made from.
 */
export function nextOrigins(prev: Origins, before: Model, step: TracedStep): Origins {
  const old = new Map(before.graph.nodes.map((n) => [n.id, n]));
  // Nodes made and consumed inside the step, from its explanations in order.
  const within = new Map<string, readonly string[]>();
  const resolve = (ids: readonly string[]) => {
    const out = new Set<string>();
    for (const id of ids) for (const o of within.get(id) ?? prev.get(id) ?? [id]) out.add(o);
    return [...out];
  };
  for (const e of step.changes?.explanations ?? []) {
    if (e.matched.length === 0) continue;
    const from = resolve(e.matched);
    for (const id of e.produced) if (!old.has(id) || !e.matched.includes(id)) within.set(id, from);
  }
  const out = new Map<string, readonly string[]>();
  for (const n of step.model.graph.nodes) {
    const was = old.get(n.id);
    const kept = was && (was === n || sameIds(was.provenance, n.provenance));
    if (kept) out.set(n.id, prev.get(n.id) ?? [n.id]);
    else if (n.provenance && n.provenance.length > 0) out.set(n.id, resolve(n.provenance));
    else out.set(n.id, within.get(n.id) ?? [n.id]);
  }
  return out;
}

function sameIds(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (!a?.length || !b?.length) return !a?.length && !b?.length;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** One origins map per model: the original's, then one after each step. */
export function traceOrigins(original: Model, steps: readonly TracedStep[]): Origins[] {
  let prev: Origins = new Map(original.graph.nodes.map((n) => [n.id, [n.id]]));
  const maps = [prev];
  let before = original;
  for (const step of steps) {
    prev = nextOrigins(prev, before, step);
    maps.push(prev);
    before = step.model;
  }
  return maps;
}

/**
 * Nodes of a graph that correspond to `ids` of another graph of the same original model: the
 * same id, or a shared origin (a fused node and the nodes it was made from match each other).
 */
export function correspondingNodes(ids: readonly string[], from: Origins, to: Origins): string[] {
  const wanted = new Set<string>();
  for (const id of ids) for (const o of from.get(id) ?? [id]) wanted.add(o);
  const out: string[] = [];
  for (const [id, origins] of to) if (ids.includes(id) || origins.some((o) => wanted.has(o))) out.push(id);
  return out;
}
