// QuantizeLinear and DynamicQuantizeLinear against onnxruntime, with the WGSL packed_4x8 builtins
// and with the portable fallback: int8 and uint8, per tensor and per axis, element counts that do
// not fill the last word, float16 inputs, constant and all-zero ranges. Exact: both round
// x / scale half to even in float32.
import { describe, it } from 'vitest';
import type { OperandSpec } from '../../../node/kernel-check.ts';
import { expectNode } from './testing/check.ts';

const scalar = (v: number): OperandSpec => ({ dims: [], values: [v], constant: true });

describe.each([true, false])('quantization kernels (packed_4x8 builtins: %s)', (packed4x8) => {
  const tail = packed4x8 ? '-dot4' : '-unpack';
  it.each([['int8', -3], ['uint8', 128]] as const)('QuantizeLinear %s per tensor, 7 and 17 elements', async (dtype, zp) => {
    for (const dims of [[7], [17]]) {
      await expectNode({ op: 'QuantizeLinear', operands: [{ dims }, scalar(0.02), { dims: [], dtype, values: [zp], constant: true }], outputs: [dtype], range: [-3, 3] }, { tolerance: 0, variant: `quantize-linear-${dtype}${tail}`, adapter: { packed4x8 } });
    }
  });
  it('QuantizeLinear uint8 without a zero point', () =>
    expectNode({ op: 'QuantizeLinear', operands: [{ dims: [3, 5] }, scalar(0.01)], outputs: ['uint8'], range: [-1, 3] }, { tolerance: 0, adapter: { packed4x8 } }));
  it('QuantizeLinear int8 per axis (axis 1 of [2, 3, 5])', () =>
    expectNode({ op: 'QuantizeLinear', operands: [{ dims: [2, 3, 5] }, { dims: [3], values: [0.01, 0.02, 0.05], constant: true }, { dims: [3], dtype: 'int8', values: [0, 4, -9], constant: true }], attrs: { axis: 1 }, outputs: ['int8'], range: [-3, 3] }, { tolerance: 0, variant: `quantize-linear-int8-per-axis${tail}`, adapter: { packed4x8 } }));
  it('QuantizeLinear from float16', () =>
    expectNode({ op: 'QuantizeLinear', operands: [{ dims: [9], dtype: 'float16' }, { dims: [], dtype: 'float16', values: [0.03], constant: true }, { dims: [], dtype: 'uint8', values: [100], constant: true }], outputs: ['uint8'], opset: 19 }, { tolerance: 0, adapter: { packed4x8 } }));
  it.each([[[1, 784], [-1, 1]], [[3, 7], [0.5, 2]], [[2, 3, 5], [-3, -1]], [[4], [0, 0]]] as const)('DynamicQuantizeLinear %j in %j', (dims, range) =>
    expectNode({ op: 'DynamicQuantizeLinear', operands: [{ dims: [...dims] }], outputs: ['uint8', 'float32', 'uint8'], range: [...range] }, { tolerance: 0, variant: [`dynamic-quantize-range${(dims as readonly number[]).reduce((p, d) => p * d, 1) % 4 ? '' : '-vec4'}`, `dynamic-quantize-uint8${tail}`], adapter: { packed4x8 } }));
});
