import { describe, expect, it } from 'vitest';
import { addDims, broadcastShapes, divDims, mulDims } from './dims.ts';
import { InferError } from './rule.ts';

function freshCounter() {
  let n = 0;
  return () => `unk_${n++}`;
}

describe('dim arithmetic', () => {
  it('multiplies symbols into a canonical product and divides them back out', () => {
    expect(mulDims(['batch', 16])).toBe('16*batch');
    expect(mulDims([4, 'seq', 'batch'])).toBe('4*batch*seq');
    expect(divDims('16*batch', 16)).toBe('batch');
    expect(divDims(mulDims(['batch', 16, 64])!, 64)).toBe('16*batch');
    expect(divDims('batch', 3)).toBeUndefined();
    expect(divDims(12, 5)).toBeUndefined();
    expect(mulDims([3, null])).toBeNull();
  });

  it('keeps a name with other characters whole', () => {
    expect(mulDims(['N+1', 2])).toBe('2*(N+1)');
    expect(divDims(mulDims(['N+1', 2])!, 2)).toBe('N+1');
    // '2*N+1' is not a plain product, so it is one opaque factor: nothing divides out of it.
    expect(divDims('2*N+1', 2)).toBeUndefined();
  });

  it('adds numbers, and invents a name for a sum with a symbol', () => {
    const fresh = freshCounter();
    expect(addDims(3, 4, fresh)).toBe(7);
    expect(addDims('batch', 0, fresh)).toBe('batch');
    expect(addDims('batch', 1, fresh)).toBe('unk_0');
  });
});

describe('broadcasting', () => {
  it('follows numpy rules and keeps symbols where it can', () => {
    const fresh = freshCounter();
    expect(broadcastShapes([['batch', 1, 64], [16, 64]], fresh)).toEqual(['batch', 16, 64]);
    expect(broadcastShapes([['batch', 3], [1, 3]], fresh)).toEqual(['batch', 3]);
    expect(broadcastShapes([['n'], [5]], fresh)).toEqual([5]);
    expect(broadcastShapes([['a'], ['b']], fresh)).toEqual(['unk_0']);
    expect(broadcastShapes([[], [2, 3]], fresh)).toEqual([2, 3]);
  });

  it('rejects incompatible static dims, naming the shapes', () => {
    expect(() => broadcastShapes([[2, 3], [4, 3]], freshCounter())).toThrow(InferError);
    expect(() => broadcastShapes([[2, 3], [4, 3]], freshCounter())).toThrow('[2,3] and [4,3]');
  });
});
