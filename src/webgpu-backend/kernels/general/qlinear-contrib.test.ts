// com.microsoft QLinearAdd, QLinearMul and QLinearGlobalAveragePool against onnxruntime, with the
// packed_4x8 builtins and the portable fallback. Kiln requantizes with onnxruntime's scalar
// float formula; its vector kernels use fixed-point multipliers, so an output may be one
// quantization step away (max abs error <= 1, rel L2 <= 1e-2 of the codes).
import { describe, it } from 'vitest';
import type { DType } from '../../../ir/dtype.ts';
import type { OperandSpec } from '../../../node/kernel-check.ts';
import { expectNode } from './testing/check.ts';

const ints = (n: number, lo: number, hi: number, seed: number) => Array.from({ length: n }, (_, i) => lo + ((i * 37 + seed * 11 + ((i * i) % 7)) % (hi - lo + 1)));
const range = (d: DType): [number, number] => (d === 'int8' ? [-128, 127] : [0, 255]);
const q = (dims: number[], dtype: DType, seed: number): OperandSpec => ({ dims, dtype, values: ints(dims.reduce((p, d) => p * d, 1), ...range(dtype), seed) });
const f = (v: number): OperandSpec => ({ dims: [], values: [v], constant: true });
const z = (dtype: DType, v: number): OperandSpec => ({ dims: [], dtype, values: [v], constant: true });
const ms = 'com.microsoft';

describe.each([true, false])('com.microsoft QLinear ops (packed_4x8 builtins: %s)', (packed4x8) => {
  const tail = packed4x8 ? '-dot4' : '-unpack';
  it.each([
    ['QLinearAdd', 'uint8', [3, 5], [3, 5]],
    ['QLinearAdd', 'int8', [2, 3, 4], [4]],
    ['QLinearMul', 'uint8', [2, 1, 5], [3, 1]],
    ['QLinearMul', 'int8', [7], [7]],
  ] as const)('%s %s %j with %j', (op, t, a, b) =>
    expectNode(
      { op, domain: ms, operands: [q([...a], t, 1), f(0.05), z(t, t === 'int8' ? 2 : 120), q([...b], t, 2), f(0.03), z(t, t === 'int8' ? -3 : 130), f(op === 'QLinearAdd' ? 0.08 : 0.5), z(t, t === 'int8' ? 1 : 128)], outputs: [t] },
      { tolerance: 1e-2, maxAbsError: 1, variant: `${op === 'QLinearAdd' ? 'qlinear-add' : 'qlinear-mul'}-${t}${tail}`, adapter: { packed4x8 } },
    ),
  );
  it.each([['uint8', [1, 5, 4, 4]], ['int8', [2, 3, 3, 5]]] as const)('QLinearGlobalAveragePool %s %j', (t, dims) =>
    expectNode(
      { op: 'QLinearGlobalAveragePool', domain: ms, operands: [q([...dims], t, 3), f(0.04), z(t, t === 'int8' ? -1 : 125), f(0.02), z(t, t === 'int8' ? 0 : 128)], attrs: { channels_last: 0 }, outputs: [t] },
      { tolerance: 1e-2, maxAbsError: 1, variant: `qlinear-global-average-pool-${t}${tail}`, adapter: { packed4x8 } },
    ),
  );
});
