import { describe, expect, it } from 'vitest';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import { compareTensors } from '../../reference/compare.ts';
import { checkOutputs, MATCH_TOLERANCE, median } from './check-outputs.ts';

const t = (name: string, values: number[], dims = [values.length]) => tensorFromNumbers(name, 'float32', dims, values);

describe('checkOutputs', () => {
  it('matches equal outputs, pairing them by name', () => {
    const ref = [t('a', [1, 2, 3]), t('b', [4, 5])];
    const check = checkOutputs([ref[1]!, ref[0]!], ref);
    expect(check).toEqual({ maxRelL2: 0, match: true, tolerance: MATCH_TOLERANCE, outputs: 2 });
  });

  it('reports the worst relative L2 error and fails beyond the tolerance', () => {
    const ref = [t('a', [1, 2, 3]), t('b', [4, 5])];
    const off = [t('a', [1, 2, 3]), t('b', [4, 5.01])];
    const check = checkOutputs(off, ref);
    expect(check.maxRelL2).toBe(compareTensors(off[1]!, ref[1]!).relL2);
    expect(check.match).toBe(check.maxRelL2 <= MATCH_TOLERANCE);
    expect(check.match).toBe(false);
  });

  it('holds a step to the bound it is given and compares a float16 output as float32', () => {
    const ref = [t('a', [1, 2, 3])];
    const half = [tensorFromNumbers('a', 'float16', [3], [1, 2, 3.001])];
    const check = checkOutputs(half, ref, 1e-2);
    expect(check.problem).toBeUndefined();
    expect(check.tolerance).toBe(1e-2);
    expect(check.match).toBe(true);
    expect(checkOutputs(half, ref).match).toBe(false);
  });

  it('names a shape problem and a missing output', () => {
    expect(checkOutputs([t('a', [1, 2], [2, 1])], [t('a', [1, 2])]).problem).toMatch(/output 'a': shape/);
    const missing = checkOutputs([t('a', [1])], [t('a', [1]), t('b', [2])]);
    expect(missing.match).toBe(false);
    expect(missing.problem).toMatch(/'b'/);
  });
});

describe('median', () => {
  it('takes the middle of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
