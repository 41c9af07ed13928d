import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Model } from '../../ir/types.ts';
import { buildMlp } from '../../models/mlp.ts';
import { fuseConvBn } from '../../passes/fusion/fuse-conv-bn.ts';
import { NO_CHANGES, type ChangeRecord } from '../../passes/pass.ts';
import { runPipeline } from '../../passes/pipeline.ts';
import { PIPELINES } from '../../passes/pipelines.ts';
import type { StepPayload } from '../../workers/protocol.ts';
import { highlightSteps } from './highlights.ts';

function chain(ids: string[]): Model {
  const b = new GraphBuilder('g');
  let v = b.input('x', 'float32', [1]);
  for (const id of ids) v = b.node('Relu', [v], { name: id });
  b.output(v);
  return makeModel(b.build());
}

const step = (model: Model, changes: Partial<ChangeRecord>): StepPayload => ({ passId: 'p', title: 'p', model, ms: 0, changes: { ...NO_CHANGES, ...changes } });

describe('highlightSteps', () => {
  it('drops a node added by one step and removed by a later one', () => {
    const before = chain(['a', 'b']);
    const s1 = step(chain(['a', 't', 'b']), { added: ['t'], rewired: ['b'] });
    const s2 = step(chain(['a', 'b']), { removed: ['t'], rewired: ['b'] });
    const h = highlightSteps(before, [s1, s2]);
    expect([...h.added]).toEqual([]);
    expect([...h.rewired]).toEqual(['b']);
    expect(h.removed).toEqual([]);
  });

  it('lists removed nodes of the original and does not call added nodes rewired', () => {
    const before = chain(['a', 'b', 'c']);
    const h = highlightSteps(before, [step(chain(['a', 'n']), { removed: ['b', 'c'], added: ['n'], rewired: ['n'] })]);
    expect(h.removed.map((n) => n.id)).toEqual(['b', 'c']);
    expect([...h.added]).toEqual(['n']);
    expect(h.rewired.size).toBe(0);
  });

  it('marks a node rewritten under its own id as changed, not added or removed', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', 'float32', [1, 2, 4, 4]);
    const w = b.initializer(tensorFromNumbers('w', 'float32', [2, 2, 1, 1], [1, 2, 3, 4]));
    const c = b.node('Conv', [x, w], { name: 'conv' });
    const vec = (name: string, v: number[]) => b.initializer(tensorFromNumbers(name, 'float32', [2], v));
    b.node('BatchNormalization', [c, vec('s', [1, 2]), vec('b', [0, 1]), vec('m', [0, 0]), vec('v', [1, 1])], { name: 'bn', outputs: ['y'] });
    b.output('y', 'float32');
    const before = makeModel(b.build());
    const r = fuseConvBn.run(before);
    expect(r.model.graph.nodes.map((n) => n.id)).toEqual(['conv']);
    expect([...r.changes.removed].sort()).toEqual(['bn', 'conv']);
    expect(r.changes.added).toEqual(['conv']);
    const h = highlightSteps(before, [step(r.model, r.changes)]);
    expect([...h.added]).toEqual([]);
    expect([...h.rewired]).toEqual(['conv']);
    expect(h.removed.map((n) => n.id)).toEqual(['bn']);
  });

  it('marks the nodes that read a weight the cleanup pipeline folded', () => {
    const mlp = buildMlp();
    const steps = runPipeline(mlp, PIPELINES.cleanup!.passes).map((s) => step(s.result.model, s.result.changes));
    const h = highlightSteps(mlp, steps);
    const after = steps[steps.length - 1]!.model.graph;
    const constants = new Set(mlp.graph.nodes.filter((n) => n.opType === 'Constant').flatMap((n) => n.outputs));
    const folded = new Set(steps.flatMap((s) => s.changes.initializersAdded).filter((name) => !constants.has(name)));
    const readers = after.nodes.filter((n) => n.inputs.some((i) => folded.has(i))).map((n) => n.id);
    expect(readers.length).toBeGreaterThan(0);
    expect([...h.newWeightReaders].sort()).toEqual(readers.filter((id) => !h.added.has(id) && !h.rewired.has(id)).sort());
    const kept = new Set(after.nodes.map((n) => n.id));
    expect(h.removed.map((n) => n.id)).toEqual(mlp.graph.nodes.filter((n) => !kept.has(n.id)).map((n) => n.id));
  });
});
