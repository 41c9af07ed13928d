import { describe, expect, it } from 'vitest';
import { abbreviateDim, formatBytes, formatDims, formatDimsCompact, formatType } from './values.ts';

describe('formatting', () => {
  it('writes dims with symbolic names, unknowns and scalars', () => {
    expect(formatDims(['batch', 784])).toBe('batch×784');
    expect(formatDims([null, 3])).toBe('?×3');
    expect(formatDims([])).toBe('scalar');
  });

  it('abbreviates only long symbolic names, keeping numbers exact', () => {
    expect(formatDimsCompact(['p2o.DynamicDimension.0', 3, 'batch'])).toBe(`${abbreviateDim('p2o.DynamicDimension.0')}×3×batch`);
    expect(abbreviateDim('p2o.DynamicDimension.0')).toBe('p…0');
    expect(abbreviateDim('sequence_length')).toBe('sequen…');
  });

  it('writes types and byte sizes', () => {
    expect(formatType({ kind: 'tensor', dtype: 'float32', shape: [1, 'n'] })).toBe('float32 ⟨1×n⟩');
    expect(formatType({ kind: 'tensor', dtype: 'int64' })).toBe('int64 ⟨?⟩');
    expect(formatType(undefined)).toBe('unknown type');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1.5 * 2 ** 30)).toBe('1.5 GiB');
  });
});
