// Cast and CastLike between numeric dtypes, against onnxruntime (bit for bit).
import { describe, it } from 'vitest';
import { dtypeCode, type DType } from '../../dtype.ts';
import { tensorFromNumbers } from '../../tensor.ts';
import { expectMatchesOrt, randomTensor } from '../testing/oracle.ts';

const pairs: [DType, DType][] = [
  ['float32', 'int32'],
  ['float32', 'int64'],
  ['float32', 'float16'],
  ['float16', 'float32'],
  ['float32', 'float64'],
  ['float64', 'float32'],
  ['float32', 'bool'],
  ['bool', 'float32'],
  ['int64', 'float32'],
  ['int64', 'int32'],
  ['int32', 'int8'],
  ['uint8', 'int64'],
  ['int32', 'float16'],
];

describe('Cast', () => {
  it.each(pairs)('%s -> %s', async (from, to) => {
    const x = randomTensor('x', from, [4, 5], 11, -300, 300);
    await expectMatchesOrt({ op: 'Cast', inputs: [x], attrs: { to: dtypeCode(to) }, relL2: 0 });
  });
  it('truncates fractions toward zero and keeps int64 beyond 2^53 exact', async () => {
    await expectMatchesOrt({ op: 'Cast', inputs: [tensorFromNumbers('x', 'float32', [6], [-2.7, -0.5, 0.5, 2.7, 1e6 + 0.5, -3])], attrs: { to: dtypeCode('int32') }, relL2: 0 });
    const big = { name: 'x', dtype: 'int64' as const, dims: [2], data: { kind: 'raw' as const, bytes: new Uint8Array(new BigInt64Array([2n ** 60n + 1n, -(2n ** 62n) - 3n]).buffer) } };
    await expectMatchesOrt({ op: 'Cast', inputs: [big], attrs: { to: dtypeCode('int64') } });
  });
  it('CastLike takes the target type from its second input', async () => {
    await expectMatchesOrt({ op: 'CastLike', inputs: [randomTensor('x', 'float32', [3], 12, -9, 9), randomTensor('like', 'int64', [1], 13)], opset: 15 });
  });
});
