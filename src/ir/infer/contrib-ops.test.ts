// onnxruntime's com.microsoft contrib ops: inferred output types must equal what onnxruntime
// computes when it runs each op on a small model.
import { describe, expect, it } from 'vitest';
import { float, GraphBuilder, makeModel, type AttrInput } from '../builder.ts';
import type { DType } from '../dtype.ts';
import { tensorFromNumbers } from '../tensor.ts';
import type { Shape } from '../types.ts';
import { randomInputs } from '../../reference/random-inputs.ts';
import { inferShapes } from './infer-shapes.ts';
import { formatType, ortOutputTypes } from './testing/ort-types.ts';

type Input = readonly [name: string, dtype: DType, shape: Shape] | readonly [name: string, dtype: DType, shape: number[], values: number[]];

interface ContribCase {
  readonly op: string;
  readonly inputs: readonly (Input | '')[];
  readonly outputs: number;
  readonly attrs?: Record<string, AttrInput>;
}

const scale = (name: string): Input => [name, 'float32', [], [0.1]];
const zero = (name: string, dtype: DType = 'uint8'): Input => [name, dtype, [], [3]];

const CASES: readonly ContribCase[] = [
  { op: 'FusedConv', inputs: [['x', 'float32', [1, 3, 8, 8]], ['w', 'float32', [4, 3, 3, 3]], ['b', 'float32', [4]]], outputs: 1, attrs: { activation: 'Relu', pads: [0, 1, 0, 1] } },
  { op: 'FusedGemm', inputs: [['a', 'float32', [3, 2]], ['b', 'float32', [3, 4]], ['c', 'float32', [4]]], outputs: 1, attrs: { activation: 'Relu', transA: 1 } },
  { op: 'FusedMatMul', inputs: [['a', 'float32', [2, 3, 4]], ['b', 'float32', [2, 5, 4]]], outputs: 1, attrs: { transB: 1, alpha: float(0.5) } },
  { op: 'Gelu', inputs: [['x', 'float32', [2, 3]]], outputs: 1 },
  { op: 'QuickGelu', inputs: [['x', 'float32', [2, 3]]], outputs: 1 },
  { op: 'FastGelu', inputs: [['x', 'float32', [2, 3]], ['bias', 'float32', [3]]], outputs: 1 },
  { op: 'BiasGelu', inputs: [['a', 'float32', [2, 4, 3]], ['bias', 'float32', [3]]], outputs: 1 },
  {
    op: 'SkipLayerNormalization',
    inputs: [['x', 'float32', [2, 3, 8]], ['skip', 'float32', [2, 3, 8]], ['gamma', 'float32', [8]], ['beta', 'float32', [8]]],
    outputs: 4,
  },
  { op: 'Attention', inputs: [['x', 'float32', [2, 4, 8]], ['w', 'float32', [8, 24]], ['b', 'float32', [24]]], outputs: 1, attrs: { num_heads: 2 } },
  { op: 'MultiHeadAttention', inputs: [['q', 'float32', [2, 4, 8]], ['k', 'float32', [2, 6, 8]], ['v', 'float32', [2, 6, 12]]], outputs: 1, attrs: { num_heads: 2 } },
  {
    op: 'QLinearAdd',
    inputs: [['a', 'uint8', [2, 3]], scale('as'), zero('az'), ['b', 'uint8', [3]], scale('bs'), zero('bz'), scale('cs'), zero('cz')],
    outputs: 1,
  },
  {
    op: 'QLinearMul',
    inputs: [['a', 'int8', [4, 1]], scale('as'), zero('az', 'int8'), ['b', 'int8', [1, 5]], scale('bs'), zero('bz', 'int8'), scale('cs'), zero('cz', 'int8')],
    outputs: 1,
  },
  { op: 'QLinearSigmoid', inputs: [['x', 'uint8', [2, 3]], scale('xs'), zero('xz'), scale('ys'), zero('yz')], outputs: 1 },
  { op: 'QLinearGlobalAveragePool', inputs: [['x', 'uint8', [1, 3, 4, 5]], scale('xs'), zero('xz'), scale('ys'), zero('yz')], outputs: 1, attrs: { channels_last: 0 } },
  {
    op: 'QLinearConcat',
    inputs: [scale('ys'), zero('yz'), ['a', 'uint8', [2, 3]], scale('as'), zero('az'), ['b', 'uint8', [2, 5]], scale('bs'), zero('bz')],
    outputs: 1,
    attrs: { axis: 1 },
  },
  { op: 'DynamicQuantizeMatMul', inputs: [['a', 'float32', [2, 3]], ['b', 'int8', [3, 4]], ['bs', 'float32', [1], [0.1]]], outputs: 1 },
  { op: 'MatMulIntegerToFloat', inputs: [['a', 'uint8', [2, 3]], ['b', 'uint8', [3, 4]], scale('as'), scale('bs')], outputs: 1 },
];

function buildCase(c: ContribCase, domain = 'com.microsoft') {
  const b = new GraphBuilder();
  const names = c.inputs.map((i) => {
    if (i === '') return '';
    const [name, dtype, shape, values] = i as unknown as [string, DType, Shape, number[] | undefined];
    if (values) b.initializer(tensorFromNumbers(name, dtype, shape as number[], values));
    else b.input(name, dtype, shape);
    return name;
  });
  const outputs = Array.from({ length: c.outputs }, (_, k) => `y${k}`);
  b.node(c.op, names, { domain, attrs: c.attrs, outputs });
  for (const o of outputs) b.output(o);
  return makeModel(b.build(), { opsetImports: [{ domain: '', version: 17 }, { domain: 'com.microsoft', version: 1 }] });
}

describe('com.microsoft contrib ops agree with onnxruntime', () => {
  it.each(CASES.map((c) => [c.op, c] as const))('%s', async (_op, c) => {
    const model = buildCase(c);
    const { types, diagnostics } = inferShapes(model);
    expect(diagnostics).toEqual([]);
    const actual = await ortOutputTypes(model, randomInputs(model.graph, { seed: 5 }));
    const inferred = Object.fromEntries(Object.keys(actual).map((name) => [name, formatType(types.get(name))]));
    expect(inferred).toEqual(actual);
    expect(Object.keys(actual)).toHaveLength(c.outputs);
  });
});

// onnxruntime's CPU provider has no NhwcConv kernel; the oracle is Conv between layout transposes.
it('NhwcConv matches Conv on the channels-first layout', async () => {
  const attrs = { strides: [2, 2], pads: [1, 0, 1, 0] };
  const nhwc = buildCase({ op: 'NhwcConv', inputs: [['x', 'float32', [1, 8, 7, 3]], ['w', 'float32', [4, 3, 3, 3]]], outputs: 1, attrs });
  const b = new GraphBuilder();
  b.input('x', 'float32', [1, 8, 7, 3]);
  b.input('w', 'float32', [4, 3, 3, 3]);
  const nchw = b.node('Transpose', ['x'], { attrs: { perm: [0, 3, 1, 2] } });
  const conv = b.node('Conv', [nchw, 'w'], { attrs });
  b.node('Transpose', [conv], { attrs: { perm: [0, 2, 3, 1] }, outputs: ['y0'] });
  b.output('y0');
  const reference = makeModel(b.build());
  const actual = await ortOutputTypes(reference, randomInputs(reference.graph, { seed: 5 }));
  const { types, diagnostics } = inferShapes(nhwc);
  expect(diagnostics).toEqual([]);
  expect(formatType(types.get('y0'))).toBe(actual.y0);
});

// onnxruntime registers its opset-1 LayerNormalization in the default domain (before ONNX had one).
it('LayerNormalization in the default domain at opset 1 (onnxruntime contrib form)', async () => {
  const b = new GraphBuilder();
  b.input('x', 'float32', [2, 3, 8]);
  b.input('g', 'float32', [3, 8]);
  b.node('LayerNormalization', ['x', 'g'], { attrs: { axis: -2 }, outputs: ['y', 'mean', 'inv_std'] });
  for (const o of ['y', 'mean', 'inv_std']) b.output(o);
  const model = makeModel(b.build(), { opsetImports: [{ domain: '', version: 1 }] });
  const actual = await ortOutputTypes(model, randomInputs(model.graph, { seed: 5 }));
  const { types } = inferShapes(model);
  expect(Object.fromEntries(Object.keys(actual).map((n) => [n, formatType(types.get(n))]))).toEqual(actual);
});
