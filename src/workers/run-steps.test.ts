import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../ir/builder.ts';
import type { Model } from '../ir/types.ts';
import { NO_CHANGES, type Pass } from '../passes/pass.ts';
import { runPipeline } from '../passes/pipeline.ts';
import { PASSES } from '../passes/registry.ts';
import { buildMlp } from '../models/mlp.ts';
import type { PipelineEvent } from './protocol.ts';
import { resolveSpec } from './resolve-spec.ts';
import { runSteps } from './run-steps.ts';

/** A pass that renames the graph, so each step's model is recognizable. */
const rename = (id: string): Pass => ({ id, title: id, description: id, run: (m) => ({ model: { ...m, graph: { ...m.graph, name: id } }, changes: NO_CHANGES }) });
const model = makeModel(new GraphBuilder('start').build());
const request = (m: Model = model) => ({ model: m, spec: { kind: 'preset' as const, id: 'test' }, samples: [[]], seed: 7 });
const noRun = async () => [];

describe('runSteps', () => {
  it('runs prepare on the result of the preset’s own passes, then its passes', async () => {
    let prepared: string | undefined;
    const events: PipelineEvent[] = [];
    const steps = await runSteps(
      { passes: [rename('a')], prepare: async (m) => ((prepared = m.graph.name), [rename('b')]) },
      request(),
      (e) => events.push(e),
      noRun,
    );
    expect(prepared).toBe('a');
    expect(steps.map((s) => [s.passId, s.model.graph.name])).toEqual([['a', 'a'], ['b', 'b']]);
    expect(events.map((e) => e.kind)).toEqual(['pass', 'prepare', 'pass']);
    expect(events[2]).toMatchObject({ index: 1, total: 2, passId: 'b' });
  });

  it('gives the same steps as runPipeline for a custom list', async () => {
    const mlp = buildMlp();
    const ids = ['fold-constants', 'eliminate-dead-code'];
    const steps = await runSteps(resolveSpec({ kind: 'custom', passIds: ids }), request(mlp), () => undefined, noRun);
    const expected = runPipeline(mlp, ids.map((id) => PASSES[id]!));
    expect(steps.map((s) => s.passId)).toEqual(ids);
    expect(steps.map((s) => s.model.graph.nodes.length)).toEqual(expected.map((s) => s.result.model.graph.nodes.length));
  });

  it('refuses unknown passes and presets in one sentence', () => {
    expect(() => resolveSpec({ kind: 'custom', passIds: ['no-such-pass'] })).toThrow(/unknown pass 'no-such-pass'/);
    expect(() => resolveSpec({ kind: 'preset', id: 'no-such-preset' })).toThrow(/'no-such-preset' pipeline is not available/);
  });
});
