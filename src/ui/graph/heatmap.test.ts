import { describe, expect, it } from 'vitest';
import type { NodeRole } from '../run/node-kernels.ts';
import { formatShare, heatColor, heatmapOf } from './heatmap.ts';

describe('heatmapOf', () => {
  const roles = new Map<string, NodeRole>([
    ['mm', { kind: 'kernel', kernels: [0] }],
    ['add', { kind: 'kernel', kernels: [1] }],
    ['relu', { kind: 'kernel', kernels: [1] }], // fused with add: both show the kernel's time
    ['seq', { kind: 'kernel', kernels: [2, 3] }], // one node, two kernels: their sum
    ['t', { kind: 'folded' }],
    ['r', { kind: 'view' }],
  ]);
  const medians = [6, 2, 1, 1];

  it('colors nodes by their kernels’ share of the summed kernel time', () => {
    const { marks, maxShare } = heatmapOf(roles, medians);
    expect(maxShare).toBeCloseTo(0.6);
    const mm = marks.get('mm');
    expect(mm).toMatchObject({ kind: 'time', ms: 6, share: 0.6, fill: heatColor(1), ink: '#fff' });
    expect(marks.get('add')).toMatchObject({ kind: 'time', ms: 2, share: 0.2 });
    expect(marks.get('relu')).toMatchObject({ kind: 'time', ms: 2, share: 0.2 });
    expect(marks.get('seq')).toMatchObject({ kind: 'time', ms: 2, share: 0.2 });
    expect(marks.get('t')).toEqual({ kind: 'folded' });
    expect(marks.get('r')).toEqual({ kind: 'view' });
  });

  it('interpolates from cold to hot and clamps', () => {
    expect(heatColor(0)).toBe('rgb(255, 243, 230)');
    expect(heatColor(1)).toBe('rgb(179, 38, 30)');
    expect(heatColor(2)).toBe(heatColor(1));
    expect(heatColor(NaN)).toBe(heatColor(0));
  });

  it('writes shares as percentages', () => {
    expect(formatShare(0.6)).toBe('60%');
    expect(formatShare(0.012)).toBe('1.2%');
    expect(formatShare(0.0001)).toBe('<0.1%');
    expect(formatShare(0)).toBe('0.0%');
  });
});
