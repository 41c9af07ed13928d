import { describe, expect, it } from 'vitest';
import type { KernelInfo, KernelPlan } from '../../webgpu-backend/compile.ts';
import type { PipelinePlanResult } from '../../workers/protocol.ts';
import { matchOtherKernel } from './kernel-match.ts';

const kernel = (id: string, nodeIds: string[]): KernelInfo => ({ id, nodeIds, opType: 'X', variant: 'v', wgsl: '', workgroups: [1, 1, 1], inputs: [], output: 'o', outputs: ['o'], pipelineKey: id });

function other(kernels: KernelInfo[], origins: Record<string, string[]>, extra: Partial<KernelPlan> = {}, outputs: Record<string, string[]> = {}): PipelinePlanResult {
  const plan: KernelPlan = { kernels, buffers: [], assignments: [], aliases: {}, weights: [], shapes: {}, foldedNodes: [], timeline: [], adapter: { kind: 'cpu', description: '', shaderF16: false, packed4x8: false }, ...extra };
  const nodes = Object.keys(origins).map((id) => ({ id, opType: 'X', outputs: outputs[id] ?? [`${id}_out`] }));
  const memory = { peakActivationBytes: 0, weightBytes: 0, activationBufferBytes: 0, lowerBoundBytes: 0 };
  return { plan, memory, profile: 'device', origins, nodes };
}

// The shown model is the original: every node is its own origin.
const shown = new Map([
  ['mm', ['mm']],
  ['add', ['add']],
  ['relu', ['relu']],
]);

describe('matchOtherKernel', () => {
  it('finds the same grouping when the other pipeline left the node alone', () => {
    const m = matchOtherKernel('add', kernel('add', ['add']), shown, other([kernel('mm', ['mm']), kernel('add', ['add'])], { mm: ['mm'], add: ['add'] }), 'p');
    expect(m).toMatchObject({ kind: 'kernels', sameGroup: true, note: '' });
    expect(m.kind === 'kernels' && m.kernels.map((k) => k.id)).toEqual(['add']);
  });

  it('says when the other pipeline fused the node with others', () => {
    const fused = other([kernel('gemm', ['gemm'])], { gemm: ['mm', 'add', 'relu'] });
    const m = matchOtherKernel('add', kernel('add', ['add']), shown, fused, 'ort');
    expect(m).toMatchObject({ kind: 'kernels', sameGroup: false });
    expect(m.note).toBe("The 'ort' pipeline fused this node into a different kernel: 'gemm' also computes 'mm', 'relu'.");
  });

  it('says when the other pipeline splits a fused kernel', () => {
    const fusedHere = new Map([['gemm', ['mm', 'add']]]);
    const m = matchOtherKernel('gemm', kernel('gemm', ['gemm']), fusedHere, other([kernel('mm', ['mm']), kernel('add', ['add'])], { mm: ['mm'], add: ['add'] }), 'none');
    expect(m.kind).toBe('kernels');
    expect(m.note).toMatch(/splits this kernel: 'mm' computes only part of it \(not 'add'\)\. It runs in 2 kernels there\./);
  });

  it('says when the node was folded at compile time or removed', () => {
    const folded = matchOtherKernel('add', kernel('add', ['add']), shown, other([], { add: ['add'] }, { foldedNodes: ['add'] }), 'p');
    expect(folded).toMatchObject({ kind: 'none', role: 'folded' });
    expect(folded.note).toMatch(/folded at compile time/);
    const removed = matchOtherKernel('add', kernel('add', ['add']), shown, other([kernel('mm', ['mm'])], { mm: ['mm'] }), 'cleanup');
    expect(removed.kind).toBe('removed');
    expect(removed.note).toMatch(/'cleanup' pipeline removed this node/);
  });

  it('recognizes a view', () => {
    const m = matchOtherKernel('add', undefined, shown, other([], { add: ['add'] }, { aliases: { add_out: 'x' } }), 'p');
    expect(m).toMatchObject({ kind: 'none', role: 'view' });
  });
});
