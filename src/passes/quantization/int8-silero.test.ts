// int8 on Silero VAD, whose whole network (STFT Conv, four encoder Convs, LSTM, decoder Conv) sits
// inside the branches of If If_0 on the sample rate: the int8 pipeline quantizes inside the branch
// the calibration samples take (16 kHz, then_branch) and leaves the other float, saying why; dynamic
// int8 quantizes both. Before body quantization both left the model unchanged (0 quantized ops).
// Each accuracy test logs its figures ("int8 silero-vad <how>: ...") for the docs.
//
// Bounds apply to stateN, the LSTM state (values within ±2) the next call reads. The first output,
// the speech probability, is 0.01 to 0.05 on random-noise audio, where rel L2 measures small
// absolute changes of a Sigmoid near 0 (as for PaddleOCR-det's probabilities, int8-paddle.test.ts);
// it is logged, not bounded [16 inputs: dynamic 8.5e-2, static 1.2e-1 to 1.4e-1].
// stateN, 16 inputs: dynamic rel L2 ≤ 1.2e-1 [6.6e-2]; static ≤ 1.2e-1 [minmax and percentile
// 7.9e-2, entropy 8.1e-2], cosine ≥ 0.99 [0.9967 to 0.9979]: 1.2e-1 is the widest bound the other
// int8 tests state (INT8_TOLERANCE). Percentile equals MinMax here: the branch's tensors hold too
// few values for 99.999% to cut anything.
import { afterAll, describe, expect, it } from 'vitest';
import { subgraphsOf } from '../../ir/graph.ts';
import type { Graph } from '../../ir/types.ts';
import { bundledModels } from '../../test-support/models.ts';
import { PIPELINES } from '../pipelines.ts';
import { runPipelineDef } from '../presets/run.ts';
import { randomSamples } from './prepare-int8.ts';
import { quantizeDynamic } from './quantize-dynamic.ts';
import { int8Tests, prepared, type Int8Case } from './testing/int8-cases.ts';
import { ortRunner } from './testing/ort-runner.ts';

const run = ortRunner();
afterAll(() => run.release());

const bound = { relL2: 1.2e-1, cosine: 0.99 };
const SILERO: Int8Case = { id: 'silero-vad', testSamples: 16, output: () => 'stateN', dynamic: bound, static: { minmax: bound, percentile: bound, entropy: bound } };

/** Op counts of one If_0 branch, nested bodies included. */
function branchOps(g: Graph, branch: string): Record<string, number> {
  const a = g.nodes.find((n) => n.id === 'If_0')!.attributes.find((x) => x.name === branch)!;
  const counts: Record<string, number> = {};
  const visit = (b: Graph) => {
    for (const n of b.nodes) {
      counts[n.opType] = (counts[n.opType] ?? 0) + 1;
      for (const s of subgraphsOf(n)) visit(s);
    }
  };
  if (a.type === 'graph') visit(a.value);
  return counts;
}

describe('int8 silero-vad inside its If branches', () => {
  const c = bundledModels().find((m) => m.id === 'silero-vad')!;
  const shapes = { inputs: c.entry!.inputs };

  it('the int8 pipeline quantizes the 16 kHz branch and says why the 8 kHz one stays float', async () => {
    const { original } = prepared(c);
    const samples = randomSamples(original, 8, 1000, shapes);
    const { steps, model } = await runPipelineDef(original, PIPELINES.int8!, { run: (bytes, inputs, names) => run(bytes, [...inputs], names && [...names]), samples });
    const quantize = steps.find((s) => s.pass.id === 'quantize-static')!.result.changes;
    expect(quantize.explanations.at(-1)!.message).toMatch(/^quantized 10 ops \(6 Conv, 1 Add, 2 Relu, 1 Concat\) .*; inside bodies: 10 in If If_0 then_branch$/);
    const then = branchOps(model.graph, 'then_branch');
    expect([then.QLinearConv, then.QLinearAdd, then.Conv]).toEqual([6, 1, undefined]);
    expect(branchOps(model.graph, 'else_branch').Conv).toBe(6);
    const stft = quantize.nearMisses.find((m) => m.nodeId === 'If_0_else_branch__Inline_0__/stft/Conv')!;
    expect(stft.reason).toBe('in If If_0 else_branch: no calibration range for its input If_0_else_branch__Inline_0__/stft/Unsqueeze_output_0: no calibration sample ran this body');
  });

  it('dynamic int8 quantizes the Convs of both branches', () => {
    const r = quantizeDynamic.run(prepared(c).model);
    expect(r.changes.explanations.at(-1)!.message).toBe('quantized 12 weights to int8 (1.1 MiB → 278.3 KiB); inside bodies: 6 in If If_0 else_branch, 6 in If If_0 then_branch');
    for (const branch of ['then_branch', 'else_branch']) expect(branchOps(r.model.graph, branch).ConvInteger, branch).toBe(6);
  });
});

describe('int8 silero-vad accuracy', () => int8Tests(SILERO, run));
