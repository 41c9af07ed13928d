import { describe, expect, it } from 'vitest';
import type { PipelineDef } from '../../passes/pipelines.ts';
import { toleranceFor, TOLERANCES } from './tolerance.ts';

const def = (extra: Partial<PipelineDef> & { tolerance?: number } = {}): PipelineDef => ({ description: '', passes: [], ...extra });

describe('toleranceFor', () => {
  const pipelines = {
    cleanup: def(),
    fp16: def(),
    int8: def({ prepare: async () => [] }),
    strict: def({ prepare: async () => [], tolerance: 2e-2 }),
  };

  it('uses float32, fp16 and int8 bounds by pipeline kind', () => {
    expect(toleranceFor({ kind: 'preset', id: 'cleanup' }, pipelines)).toEqual({ tolerance: TOLERANCES.float32, kind: 'float32' });
    expect(toleranceFor({ kind: 'preset', id: 'fp16' }, pipelines).tolerance).toBe(1e-2);
    expect(toleranceFor({ kind: 'preset', id: 'int8' }, pipelines).tolerance).toBe(5e-2);
  });

  it('prefers the bound a preset declares', () => {
    expect(toleranceFor({ kind: 'preset', id: 'strict' }, pipelines).tolerance).toBe(2e-2);
  });

  it('reads custom pipelines by their pass ids', () => {
    expect(toleranceFor({ kind: 'custom', passIds: ['fold-constants', 'to-fp16'] }, pipelines).kind).toBe('fp16');
    expect(toleranceFor({ kind: 'custom', passIds: ['fuse-conv-bn'] }, pipelines).kind).toBe('float32');
  });
});
