// The framework presets as data: every pass they name is registered, each declares the bound
// its results are verified against, int8 presets calibrate through `prepare`, and on the bundled
// CNN and transformer each preset produces the kernels docs/pipelines.md says it does.
import { afterAll, describe, expect, it } from 'vitest';
import { isInputError } from '../ir/errors.ts';
import type { Model } from '../ir/types.ts';
import { bundledModels, loadModel } from '../test-support/models.ts';
import { opCounts } from './fusion/testing/bundled.ts';
import { finalModel, runPipeline } from './pipeline.ts';
import { FLOAT32_TOLERANCE, PIPELINES, pipelineTolerance } from './pipelines.ts';
import { randomSamples } from './quantization/prepare-int8.ts';
import { runPipelineDef } from './presets/run.ts';
import { PASSES } from './registry.ts';
import { sessionRunner } from './verify/testing/matrix-cases.ts';

const bundled = (id: string): Model => loadModel(bundledModels().find((m) => m.id === id)!.path);
const ops = (id: string, pipeline: string) => {
  const model = bundled(id);
  return opCounts(finalModel(model, runPipeline(model, PIPELINES[pipeline]!.passes)));
};
const runner = sessionRunner();
afterAll(() => runner.release());

describe('framework presets', () => {
  it('name the framework pipelines, each with a description and registered passes', () => {
    expect(Object.keys(PIPELINES)).toEqual(['none', 'cleanup', 'ort-basic', 'ort-extended', 'ort-layout', 'tensorrt', 'tensorrt-fp16', 'tensorrt-int8', 'xla', 'tvm', 'tvm-nhwc', 'fp16', 'int8']);
    for (const [name, def] of Object.entries(PIPELINES)) {
      expect(def.description.length, name).toBeGreaterThan(20);
      for (const p of def.passes) expect(PASSES[p.id], `${name}: ${p.id} is registered`).toBe(p);
    }
  });

  it('declare their bounds: float32 1e-4, fp16 1e-2, int8 the accuracy report bound 1.2e-1', () => {
    const bounds = Object.fromEntries(Object.entries(PIPELINES).map(([n, d]) => [n, pipelineTolerance(d)]));
    expect(bounds).toEqual({
      none: FLOAT32_TOLERANCE, cleanup: 1e-4, 'ort-basic': 1e-4, 'ort-extended': 1e-4, 'ort-layout': 1e-4, tensorrt: 1e-4,
      'tensorrt-fp16': 1e-2, 'tensorrt-int8': 1.2e-1, xla: 1e-4, tvm: 1e-4, 'tvm-nhwc': 1e-4, fp16: 1e-2, int8: 1.2e-1,
    });
  });

  it('int8 presets calibrate in prepare (minmax for int8, entropy for tensorrt-int8) on the samples given', async () => {
    const model = bundled('mlp');
    const samples = randomSamples(model, 2, 1000);
    for (const [name, method, after] of [['int8', 'minmax', []], ['tensorrt-int8', 'entropy', ['fuse-elementwise', 'eliminate-concat', 'eliminate-dead-code']]] as const) {
      const def = PIPELINES[name]!;
      const passes = await def.prepare!(finalModel(model, runPipeline(model, def.passes)), { run: runner.run, samples });
      expect(passes.map((p) => p.id)).toEqual(['quantize-static', 'fuse-qdq', ...after]);
      expect(passes[0]!.description).toContain(`${method} calibration`);
      expect(def.prepareSteps).toEqual([`calibrate (${method})`, 'quantize-static', 'fuse-qdq', ...after]);
    }
  });

  it('refuse to run a calibrating preset without a model runner', async () => {
    const error = await runPipelineDef(bundled('mlp'), PIPELINES.int8!).catch((e: unknown) => e);
    expect(isInputError(error)).toBe(true);
    expect((error as Error).message).toBe('this pipeline calibrates on sample inputs, so it needs a model runner');
  });
});

describe('what each preset makes of the bundled CNN (Conv+BatchNorm+ReLU blocks, a residual Add)', () => {
  it('ort-basic folds BatchNorm into Conv; ort-extended also fuses Conv+Relu, and Conv+residual Add+Relu, into FusedConv', () => {
    expect(ops('cnn', 'ort-basic')).toMatchObject({ Conv: 4, Relu: 4 });
    expect(ops('cnn', 'ort-basic').BatchNormalization).toBeUndefined();
    expect(ops('cnn', 'ort-extended')).toMatchObject({ 'com.microsoft.FusedConv': 4 });
    expect(ops('cnn', 'ort-extended').Add).toBeUndefined();
  });

  it('ort-layout runs convolutions and pools in NHWC, each Conv+Relu fused in NHWC, the residual Add too', () => {
    expect(ops('cnn', 'ort-layout')).toMatchObject({ 'kiln.NhwcFusedConv': 4, 'kiln.NhwcMaxPool': 1, Transpose: 1 });
    expect(ops('cnn', 'ort-layout').Add).toBeUndefined();
  });

  it('tensorrt and tvm fuse Conv+Relu and Conv+residual Add+Relu; xla loop-fuses the expanded BatchNorms in NHWC', () => {
    expect(ops('cnn', 'tensorrt')).toMatchObject({ 'com.microsoft.FusedConv': 4 });
    expect(ops('cnn', 'tensorrt')['kiln.FusedElementwise']).toBeUndefined();
    expect(ops('cnn', 'tvm')).toEqual(ops('cnn', 'tensorrt'));
    expect(ops('cnn', 'tvm-nhwc')).toMatchObject({ 'kiln.NhwcFusedConv': 4, 'kiln.NhwcMaxPool': 1, Transpose: 1 });
    expect(ops('cnn', 'xla')).toMatchObject({ 'kiln.NhwcConv': 4, 'kiln.FusedElementwise': 4 });
    expect(ops('cnn', 'xla').BatchNormalization).toBeUndefined();
  });
});

describe('what each preset makes of the bundled transformer block', () => {
  it('ort-extended and tensorrt fuse LayerNorm, attention, SkipLayerNorm and bias+GELU; xla fuses elementwise runs, and the Pow of each LayerNorm into its variance ReduceMean', () => {
    const fused = { LayerNormalization: 1, 'com.microsoft.Attention': 1, 'com.microsoft.SkipLayerNormalization': 1, 'com.microsoft.BiasGelu': 1 };
    expect(ops('transformer', 'ort-extended')).toMatchObject(fused);
    expect(ops('transformer', 'tensorrt')).toMatchObject({ ...fused, 'kiln.FusedElementwise': 1 });
    expect(ops('transformer', 'xla')).toMatchObject({ 'kiln.FusedElementwise': 5, 'kiln.FusedReduce': 2, ReduceMean: 2, MatMul: 8, Softmax: 1 });
  });

  it('tvm also fuses each MatMul with the elementwise epilogue after it (kOutEWiseFusable), but the one Softmax reads', () => {
    for (const p of ['tvm', 'tvm-nhwc']) {
      expect(ops('transformer', p), p).toMatchObject({ 'kiln.FusedMatMulEpilogue': 7, MatMul: 1, 'kiln.FusedElementwise': 2, 'kiln.FusedReduce': 2, ReduceMean: 2, Softmax: 1 });
    }
  });
});
