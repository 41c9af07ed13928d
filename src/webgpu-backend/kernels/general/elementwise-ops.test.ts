// The elementwise ops of this folder against onnxruntime: every op on a vec4-sized tensor, an odd
// size and a broadcast pair, plus attribute and dtype variants. Tolerance: rel L2 <= 1e-5 for
// float32 (WGSL's exp/log/sin are within a few ulp of onnxruntime's; Erf-based GELU carries the
// 1.5e-7 absolute error of its approximation); integers and bools exact.
import { describe, it } from 'vitest';
import { float } from '../../../ir/builder.ts';
import { expectNode } from './testing/check.ts';

const REL_L2 = 1e-5;

const UNARY: [string, [number, number], Record<string, ReturnType<typeof float> | string>][] = [
  ['Floor', [-3, 3], {}], ['Ceil', [-3, 3], {}], ['Round', [-3, 3], {}], ['Reciprocal', [0.5, 2], {}], ['Log', [0.1, 4], {}],
  ['Sin', [-10, 10], {}], ['Cos', [-10, 10], {}], ['Tan', [-1.5, 1.5], {}], ['Softplus', [-30, 30], {}], ['Softsign', [-3, 3], {}],
  ['Mish', [-5, 5], {}], ['Elu', [-3, 3], { alpha: float(0.7) }], ['Selu', [-3, 3], {}], ['Celu', [-3, 3], { alpha: float(1.5) }],
  ['ThresholdedRelu', [-3, 3], { alpha: float(0.5) }], ['Shrink', [-2, 2], { bias: float(0.3), lambd: float(0.6) }],
  ['Sign', [-2, 2], {}], ['Gelu', [-4, 4], {}], ['Gelu', [-4, 4], { approximate: 'tanh' }],
];

describe('float unary ops match onnxruntime (rel L2 <= 1e-5)', () => {
  const cases = UNARY.flatMap(([op, range, attrs]) => [[op, range, attrs, [4, 5], '-vec4'] as const, [op, range, attrs, [3, 7], ''] as const]);
  it.each(cases)('%s in %j %j on %j', (op, range, attrs, dims, tail) =>
    expectNode({ op, operands: [{ dims }], attrs, range, opset: op === 'Gelu' ? 20 : op === 'Mish' ? 18 : 17, seed: 3 }, { tolerance: REL_L2, variant: `elementwise-${op.toLowerCase()}${tail}` }),
  );
});

describe('binary and variadic ops with broadcasting', () => {
  it.each([
    [[3, 8], [3, 8], '-vec4'], [[3, 7], [3, 7], ''], [[2, 3, 1], [3, 5], '-rows'], [[17], [], ''], [[2, 1, 3], [2, 4, 1], '-broadcast'],
  ] as const)('Pow %j ^ integer exponents %j', (a, b, tail) =>
    expectNode({ op: 'Pow', operands: [{ dims: a }, { dims: b, values: Array.from({ length: b.reduce((p: number, d: number) => p * d, 1) }, (_, i) => [2, 3, 0, 1, -1][i % 5]!) }], range: [-2, 2] }, { tolerance: REL_L2, variant: `elementwise-pow${tail}` }),
  );
  it('Pow with fractional exponents of positive bases', () =>
    expectNode({ op: 'Pow', operands: [{ dims: [5, 3] }, { dims: [3] }], range: [0.25, 2] }, { tolerance: REL_L2, variant: 'elementwise-pow-rows' }));
  it('Pow with an int64 exponent', () =>
    expectNode({ op: 'Pow', operands: [{ dims: [2, 6] }, { dims: [1], dtype: 'int64', values: [3], constant: true }], range: [-2, 2] }, { tolerance: REL_L2, variant: 'elementwise-pow-vec4' }));
  it.each(['Max', 'Min', 'Sum', 'Mean'])('%s of three broadcast inputs', (op) =>
    expectNode({ op, operands: [{ dims: [2, 1, 5] }, { dims: [3, 1] }, { dims: [2, 3, 5] }] }, { tolerance: REL_L2, variant: `elementwise-${op.toLowerCase()}-broadcast` }));
  it.each(['Max', 'Min', 'Sum', 'Mean'])('%s of one input and of two equal-shaped inputs', async (op) => {
    await expectNode({ op, operands: [{ dims: [7] }] }, { tolerance: REL_L2, variant: `elementwise-${op.toLowerCase()}` });
    await expectNode({ op, operands: [{ dims: [2, 4] }, { dims: [2, 4] }] }, { tolerance: REL_L2, variant: `elementwise-${op.toLowerCase()}-vec4` });
  });
  it.each(['Max', 'Min'])('%s of int32 tensors', (op) =>
    expectNode({ op, operands: [{ dims: [3, 5], dtype: 'int32', values: Array.from({ length: 15 }, (_, i) => (i * 7) % 11 - 5) }, { dims: [5], dtype: 'int32', values: [-2, 0, 3, 9, -9] }], outputs: ['int32'] }, { tolerance: 0 }));
  it.each([[[2, 3, 5], 'elementwise-prelu-rows'], [[2, 3, 8], 'elementwise-prelu-vec4-rows']] as const)('PRelu of %j with a per-channel slope', (dims, variant) =>
    expectNode({ op: 'PRelu', operands: [{ dims }, { dims: [3, 1], constant: true }] }, { tolerance: REL_L2, variant }));
  const ints = (n: number, seed: number) => Array.from({ length: n }, (_, i) => ((i * 37 + seed * 11) % 41) - 20);
  const divisors = (n: number) => Array.from({ length: n }, (_, i) => [3, -4, 7, -1, 5][i % 5]!);
  it.each([0, 1])('Mod int32 (fmod=%i), mixed signs', (fmod) =>
    expectNode({ op: 'Mod', operands: [{ dims: [3, 7], dtype: 'int32', values: ints(21, 1) }, { dims: [7], dtype: 'int32', values: divisors(7) }], attrs: { fmod }, outputs: ['int32'] }, { tolerance: 0 }));
  it('Mod float32 (fmod=1)', () =>
    expectNode({ op: 'Mod', operands: [{ dims: [3, 7] }, { dims: [3, 7], values: divisors(21).map((d) => d * 0.37) }], attrs: { fmod: 1 }, range: [-5, 5] }, { tolerance: REL_L2 }));
});

describe('bool ops and predicates are exact', () => {
  const bits = (n: number, seed: number) => Array.from({ length: n }, (_, i) => ((i * 5 + seed) % 3 === 0 ? 1 : 0));
  it.each(['And', 'Or', 'Xor'])('%s with broadcasting', (op) =>
    expectNode({ op, operands: [{ dims: [3, 5], dtype: 'bool', values: bits(15, 1) }, { dims: [5], dtype: 'bool', values: bits(5, 2) }], outputs: ['bool'] }, { tolerance: 0, variant: `elementwise-${op.toLowerCase()}-rows` }));
  it('Not', () => expectNode({ op: 'Not', operands: [{ dims: [9], dtype: 'bool', values: bits(9, 0) }], outputs: ['bool'] }, { tolerance: 0 }));
  const special = [0, NaN, Infinity, -Infinity, 1.5, -2, NaN, 3];
  it('IsNaN', () => expectNode({ op: 'IsNaN', operands: [{ dims: [8], values: special }], outputs: ['bool'] }, { tolerance: 0, variant: 'elementwise-isnan-vec4' }));
  it.each([[1, 1], [0, 1], [1, 0]])('IsInf detect_negative=%i detect_positive=%i', (detect_negative, detect_positive) =>
    expectNode({ op: 'IsInf', operands: [{ dims: [8], values: special }], attrs: { detect_negative, detect_positive }, outputs: ['bool'], opset: 20 }, { tolerance: 0 }));
});

describe('com.microsoft GELU family', () => {
  it('Gelu', () => expectNode({ op: 'Gelu', domain: 'com.microsoft', operands: [{ dims: [3, 7] }], range: [-4, 4] }, { tolerance: REL_L2, variant: 'elementwise-gelu' }));
  it('QuickGelu (alpha)', () => expectNode({ op: 'QuickGelu', domain: 'com.microsoft', operands: [{ dims: [4, 4] }], attrs: { alpha: float(1.5) }, range: [-4, 4] }, { tolerance: REL_L2, variant: 'elementwise-quickgelu-vec4' }));
  it('FastGelu without and with a bias', async () => {
    await expectNode({ op: 'FastGelu', domain: 'com.microsoft', operands: [{ dims: [2, 3, 8] }], range: [-4, 4] }, { tolerance: REL_L2, variant: 'elementwise-fastgelu-vec4' });
    await expectNode({ op: 'FastGelu', domain: 'com.microsoft', operands: [{ dims: [2, 3, 7] }, { dims: [7], constant: true }], range: [-4, 4] }, { tolerance: REL_L2, variant: 'elementwise-fastgelu-rows' });
    await expectNode({ op: 'FastGelu', domain: 'com.microsoft', operands: [{ dims: [2, 3, 8] }, { dims: [8], constant: true }], range: [-4, 4] }, { tolerance: REL_L2, variant: 'elementwise-fastgelu-vec4-rows' });
  });
  it('BiasGelu', () => expectNode({ op: 'BiasGelu', domain: 'com.microsoft', operands: [{ dims: [3, 5] }, { dims: [5], constant: true }], range: [-4, 4] }, { tolerance: REL_L2, variant: 'elementwise-biasgelu-rows' }));
});
