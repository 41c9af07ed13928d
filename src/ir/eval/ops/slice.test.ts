// Slice: negative starts, negative steps, INT64_MAX ends, negative axes, the opset-9 attribute form.
import { describe, it } from 'vitest';
import { tensorFromNumbers } from '../../tensor.ts';
import type { Tensor } from '../../types.ts';
import { expectMatchesOrt, ints64, randomTensor } from '../testing/oracle.ts';

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const big = (name: string, values: bigint[]): Tensor => ({ name, dtype: 'int64', dims: [values.length], data: { kind: 'raw', bytes: new Uint8Array(new BigInt64Array(values).buffer) } });

describe('Slice', () => {
  const x = randomTensor('x', 'float32', [4, 5, 6], 50);
  it('negative starts to INT64_MAX on a negative axis', async () => {
    await expectMatchesOrt({ op: 'Slice', inputs: [x, ints64('starts', [-3]), big('ends', [INT64_MAX]), ints64('axes', [-1])] });
  });
  it('reverses with step -1 down to INT64_MIN', async () => {
    await expectMatchesOrt({ op: 'Slice', inputs: [x, ints64('starts', [-1]), big('ends', [INT64_MIN]), ints64('axes', [1]), ints64('steps', [-1])] });
  });
  it('steps of 2 and -2 on two axes, out-of-range starts clamp', async () => {
    await expectMatchesOrt({ op: 'Slice', inputs: [x, ints64('starts', [10, 1]), ints64('ends', [-10, 6]), ints64('axes', [0, 2]), ints64('steps', [-2, 2])] });
  });
  it('int32 starts/ends without axes', async () => {
    const s = tensorFromNumbers('starts', 'int32', [2], [1, 0]);
    const e = tensorFromNumbers('ends', 'int32', [2], [3, -1]);
    await expectMatchesOrt({ op: 'Slice', inputs: [randomTensor('y', 'int64', [4, 3], 51, -9, 9), s, e] });
  });
  it('an empty result when start is past end', async () => {
    await expectMatchesOrt({ op: 'Slice', inputs: [x, ints64('starts', [3]), ints64('ends', [1]), ints64('axes', [0])] });
  });
  it('starts/ends/axes attributes (opset 9)', async () => {
    await expectMatchesOrt({ op: 'Slice', inputs: [x], attrs: { starts: [1, -2], ends: [3, 1000], axes: [0, 2] }, opset: 9 });
  });
});
