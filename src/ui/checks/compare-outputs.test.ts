import { describe, expect, it } from 'vitest';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import { outputError } from './compare-outputs.ts';

const t = (name: string, values: number[], dtype: 'float32' | 'float16' = 'float32') => tensorFromNumbers(name, dtype, [values.length], values);

describe('outputError', () => {
  it('is the worst rel L2 over outputs, matched by name', () => {
    const expected = [t('a', [3, 4]), t('b', [1, 0])];
    const actual = [t('b', [1, 0.1]), t('a', [3, 4])];
    expect(outputError(actual, expected).relL2).toBeCloseTo(0.1);
    expect(outputError(expected, expected)).toEqual({ relL2: 0 });
  });

  it('compares an fp16 output with the float32 original as numbers', () => {
    expect(outputError([t('a', [0.5, 2], 'float16')], [t('a', [0.5, 2])])).toEqual({ relL2: 0 });
  });

  it('says which output is missing', () => {
    const e = outputError([], [t('a', [1])]);
    expect(e.relL2).toBe(Infinity);
    expect(e.problem).toMatch(/'a' is missing/);
  });
});
