import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../ir/builder.ts';
import { tensorFromNumbers, tensorToNumbers } from '../ir/tensor.ts';
import { castTensor, inputsFor } from './tensor-align.ts';

describe('inputsFor', () => {
  it('matches inputs by name in graph order and casts them to the declared dtype', () => {
    const b = new GraphBuilder('g');
    b.input('b', 'float16', [2]);
    b.input('a', 'float32', [1]);
    const a = tensorFromNumbers('a', 'float32', [1], [3]);
    const bt = tensorFromNumbers('b', 'float32', [2], [0.5, 1.25]);
    const fed = inputsFor(b.build(), [a, bt]);
    expect(fed.map((t) => [t.name, t.dtype])).toEqual([['b', 'float16'], ['a', 'float32']]);
    expect([...tensorToNumbers(fed[0]!)]).toEqual([0.5, 1.25]);
    expect(fed[1]).toBe(a);
  });

  it('names a missing input', () => {
    const b = new GraphBuilder('g');
    b.input('x', 'float32', [1]);
    expect(() => inputsFor(b.build(), [])).toThrow(/no input tensor for 'x'/);
  });

  it('casts float16 outputs back to float32 values', () => {
    const t = castTensor(tensorFromNumbers('y', 'float16', [2], [1.5, -2]), 'float32');
    expect(t.dtype).toBe('float32');
    expect([...tensorToNumbers(t)]).toEqual([1.5, -2]);
  });
});
