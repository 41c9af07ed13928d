// The evaluator's contract: what it claims to support, and one clear InputError naming the node
// for everything it cannot do.
import { describe, expect, it } from 'vitest';
import { isInputError } from '../errors.ts';
import { tensorFromNumbers } from '../tensor.ts';
import type { Node, Tensor } from '../types.ts';
import { canEvaluate, evaluateNode } from './evaluate.ts';
import { ints64, randomTensor } from './testing/oracle.ts';

const node = (opType: string, inputs: string[], attrs: Node['attributes'] = [], domain = ''): Node => ({ id: `n_${opType}`, name: '', opType, domain, inputs, outputs: ['y'], attributes: attrs });

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('evaluateNode', () => {
  it('answers canEvaluate by op and domain', () => {
    expect(canEvaluate(node('Transpose', ['x']))).toBe(true);
    expect(canEvaluate(node('Conv', ['x', 'w']))).toBe(false);
    expect(canEvaluate(node('Transpose', ['x'], [], 'com.microsoft'))).toBe(false);
    expect(canEvaluate(node('toString', ['x']))).toBe(false);
  });

  it.each<[string, () => unknown, RegExp]>([
    ['an unsupported op', () => evaluateNode(node('Conv', ['x', 'w']), [], 17), /Conv 'n_Conv': the CPU evaluator has no implementation for Conv/],
    ['a missing input', () => evaluateNode(node('Add', ['a', 'b']), [randomTensor('a', 'float32', [2], 1)], 17), /input 1 \('b'\) was not given/],
    ['a reshape that does not fit', () => evaluateNode(node('Reshape', ['x', 's']), [randomTensor('x', 'float32', [2, 3], 1), ints64('s', [4, -1])], 17), /cannot reshape \[2,3\] to \[4,-1\]/],
    ['an index out of range', () => evaluateNode(node('Gather', ['x', 'i']), [ints64('x', [1, 2, 3]), ints64('i', [3], [])], 17), /index 3 is out of range for an axis of size 3/],
    ['shapes that do not broadcast', () => evaluateNode(node('Add', ['a', 'b']), [randomTensor('a', 'float32', [2, 3], 1), randomTensor('b', 'float32', [4], 2)], 17), /shapes \[2,3\], \[4\] do not broadcast/],
    ['integer division by zero', () => evaluateNode(node('Div', ['a', 'b']), [ints64('a', [4]), ints64('b', [0])], 17), /integer division by zero/],
    ['Dropout in training mode', () => evaluateNode(node('Dropout', ['x', '', 't']), [randomTensor('x', 'float32', [2], 1), undefined, tensorFromNumbers('t', 'bool', [], [1])], 17), /training mode/],
    ['a float Sqrt of integers', () => evaluateNode(node('Sqrt', ['x']), [ints64('x', [4])], 17), /defined on floats, not int64/],
    ['string arithmetic', () => evaluateNode(node('Add', ['a', 'b']), [strings('a'), strings('b')], 17), /cannot compute with string tensors/],
  ])('throws one clear InputError for %s', (_label, run, message) => {
    const e = errorOf(run);
    expect(isInputError(e)).toBe(true);
    expect(e.message).toMatch(message);
    expect(e.message.split('\n')).toHaveLength(1);
  });

  it('keeps int64 shape math exact beyond 2^53', () => {
    const big = 2n ** 60n + 1n;
    const a: Tensor = { name: 'a', dtype: 'int64', dims: [1], data: { kind: 'raw', bytes: new Uint8Array(new BigInt64Array([big]).buffer) } };
    const [y] = evaluateNode(node('Add', ['a', 'b']), [a, ints64('b', [2])], 17);
    expect(y!.data.kind === 'raw' && new BigInt64Array(y!.data.bytes.slice().buffer)[0]).toBe(big + 2n);
  });

  it('reshapes without copying the weight bytes', () => {
    const x = randomTensor('x', 'float32', [2, 3], 1);
    const [y] = evaluateNode(node('Reshape', ['x', 's']), [x, ints64('s', [3, 2])], 17);
    expect(y!.data).toBe(x.data);
  });
});

function strings(name: string): Tensor {
  return { name, dtype: 'string', dims: [1], data: { kind: 'strings', values: [new Uint8Array([97])] } };
}
