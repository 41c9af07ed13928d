// QLinearMatMul, ConvInteger and QLinearConv against onnxruntime, with the packed_4x8 builtins and
// the portable fallback. Integer accumulation is exact; requantization rounds
// acc·(scale_a·scale_b / scale_y) in float32 as onnxruntime does, so outputs are expected exact.
import { describe, it } from 'vitest';
import type { DType } from '../../../ir/dtype.ts';
import type { OperandSpec } from '../../../node/kernel-check.ts';
import { expectNode } from './testing/check.ts';

const ints = (n: number, lo: number, hi: number, seed: number) => Array.from({ length: n }, (_, i) => lo + ((i * 37 + seed * 11 + ((i * i) % 7)) % (hi - lo + 1)));
const range = (d: DType): [number, number] => (d === 'int8' ? [-128, 127] : [0, 255]);
const q = (dims: number[], dtype: DType, seed: number, constant = false): OperandSpec => ({ dims, dtype, values: ints(dims.reduce((p, d) => p * d, 1), ...range(dtype), seed), constant });
const f = (values: number[]): OperandSpec => ({ dims: values.length === 1 ? [] : [values.length], values, constant: true });
const z = (dtype: DType, values: number[]): OperandSpec => ({ dims: values.length === 1 ? [] : [values.length], dtype, values, constant: true });

describe.each([true, false])('integer matmul and conv kernels (packed_4x8 builtins: %s)', (packed4x8) => {
  const tail = packed4x8 ? '-dot4' : '-unpack';
  it.each([
    [[3, 5], [5, 7], 'uint8', 'uint8', 'uint8'],
    [[2, 4, 8], [8, 6], 'int8', 'int8', 'int8'],
    [[1, 16], [16, 3], 'uint8', 'int8', 'uint8'],
    [[2, 3, 4, 5], [2, 3, 5, 4], 'uint8', 'uint8', 'uint8'],
    [[2, 1, 3, 6], [4, 6, 5], 'int8', 'int8', 'int8'],
  ] as const)('QLinearMatMul %j × %j (%s × %s → %s)', (a, b, ta, tb, ty) =>
    expectNode(
      { op: 'QLinearMatMul', operands: [q([...a], ta, 1), f([0.05]), z(ta, [ta === 'int8' ? 3 : 120]), q([...b], tb, 2, b.length === 2), f([0.02]), z(tb, [tb === 'int8' ? -1 : 130]), f([0.3]), z(ty, [ty === 'int8' ? 2 : 128])], outputs: [ty] },
      { tolerance: 0, variant: `qlinear-matmul-${ty}${tail}`, adapter: { packed4x8 } },
    ),
  );
  it('QLinearMatMul with per-column B scales and zero points', () =>
    expectNode(
      { op: 'QLinearMatMul', operands: [q([3, 8], 'uint8', 3), f([0.04]), z('uint8', [125]), q([8, 4], 'int8', 4, true), f([0.01, 0.02, 0.03, 0.015]), z('int8', [0, 0, 0, 0]), f([0.2]), z('uint8', [128])], outputs: ['uint8'] },
      { tolerance: 0, variant: `qlinear-matmul-uint8-per-column${tail}`, adapter: { packed4x8 } },
    ),
  );
  it.each([
    [[1, 3, 7, 7], [4, 3, 3, 3], {}],
    [[2, 4, 6, 5], [4, 2, 3, 2], { group: 2, pads: [1, 0, 1, 1], strides: [2, 1] }],
    [[1, 2, 9, 9], [3, 2, 3, 3], { dilations: [2, 2], pads: [2, 1, 2, 2] }],
    [[1, 2, 8, 7], [3, 2, 3, 2], { strides: [2, 2], auto_pad: 'SAME_UPPER' }],
    [[1, 3, 11], [2, 3, 3], { pads: [1, 1] }],
    [[1, 6, 4, 4], [6, 1, 3, 3], { group: 6, pads: [1, 1, 1, 1] }],
  ] as const)('ConvInteger %j * %j %j', (xd, wd, attrs) =>
    expectNode({ op: 'ConvInteger', operands: [q([...xd], 'uint8', 5), q([...wd], 'uint8', 6, true), z('uint8', [100]), z('uint8', [128])], attrs: { ...attrs }, outputs: ['int32'], opset: 13 }, { tolerance: 0, variant: `conv-integer${tail}`, adapter: { packed4x8 } }),
  );
  it.each([
    ['uint8', 'uint8', [1, 3, 7, 7], [4, 3, 3, 3], {}, 1, 'codes'],
    ['uint8', 'int8', [2, 4, 6, 5], [4, 2, 3, 2], { group: 2, pads: [1, 0, 1, 1], strides: [2, 1] }, 4, 'codes'],
    ['int8', 'int8', [1, 4, 5, 5], [4, 1, 3, 3], { group: 4, pads: [1, 1, 1, 1] }, 4, 'codes'],
    ['uint8', 'int8', [1, 3, 8, 8], [8, 3, 3, 3], { pads: [1, 1, 1, 1] }, 8, 'words'],
    ['uint8', 'uint8', [2, 8, 6, 6], [8, 1, 3, 3], { group: 8, pads: [1, 1, 1, 1] }, 1, 'words'],
    ['int8', 'int8', [1, 3, 4, 4], [6, 3, 1, 1], {}, 6, 'words'],
  ] as const)('QLinearConv %s × %s %j * %j %j (%i weight scales), with a bias, as %s', (tx, tw, xd, wd, attrs, scales, store) => {
    const m = wd[0];
    const wScales = Array.from({ length: scales }, (_, i) => 0.01 + 0.005 * i);
    const variant = store === 'words' ? [`qlinear-conv-${tx}${tail}`] : [`qlinear-conv-${tx}-codes${tail}`, `pack-${tx}${tail}`];
    return expectNode(
      {
        op: 'QLinearConv',
        operands: [q([...xd], tx, 7), f([0.03]), z(tx, [tx === 'int8' ? -2 : 110]), q([...wd], tw, 8, true), f(wScales), z(tw, Array<number>(scales).fill(tw === 'int8' ? 0 : 127)), f([0.25]), z(tx, [tx === 'int8' ? 1 : 120]), { dims: [m], dtype: 'int32', values: ints(m, -300, 300, 9), constant: true }],
        attrs: { ...attrs },
        outputs: [tx],
      },
      { tolerance: 0, variant, adapter: { packed4x8 } },
    );
  });
});
