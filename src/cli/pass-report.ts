// The per-pass part of `kiln optimize --report`: what each pass did, in the order it ran.
import type { Model } from '../ir/types.ts';
import type { NearMiss } from '../passes/pass.ts';
import type { PipelineStep } from '../passes/pipeline.ts';

export interface PassReportEntry {
  readonly pass: string;
  readonly ms: number;
  readonly nodesBefore: number;
  readonly nodesAfter: number;
  readonly removed: number;
  readonly added: number;
  readonly rewired: number;
  readonly initializersAdded: number;
  readonly initializersRemoved: number;
  readonly explanations: readonly { rule: string; message: string; nodes: readonly string[]; produced: readonly string[] }[];
  readonly nearMisses: readonly NearMiss[];
}

export function passReport(original: Model, steps: readonly PipelineStep[]): PassReportEntry[] {
  let before = original.graph.nodes.length;
  return steps.map((s) => {
    const c = s.result.changes;
    const after = s.result.model.graph.nodes.length;
    const entry = {
      pass: s.pass.id,
      ms: Number(s.ms.toFixed(3)),
      nodesBefore: before,
      nodesAfter: after,
      removed: c.removed.length,
      added: c.added.length,
      rewired: c.rewired.length,
      initializersAdded: c.initializersAdded.length,
      initializersRemoved: c.initializersRemoved.length,
      explanations: c.explanations.map((e) => ({ rule: e.rule, message: e.message, nodes: e.matched, produced: e.produced })),
      nearMisses: c.nearMisses,
    };
    before = after;
    return entry;
  });
}
