import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../ir/builder.ts';
import type { KernelInfo, KernelPlan } from '../../webgpu-backend/compile.ts';
import { describeRole, nodeRoles } from './node-kernels.ts';

function kernel(id: string, nodeIds: string[]): KernelInfo {
  return { id, nodeIds, opType: 'X', variant: 'v', wgsl: '', workgroups: [1, 1, 1], inputs: [], output: 'o', outputs: ['o'], pipelineKey: id };
}

function plan(kernels: KernelInfo[], foldedNodes: string[], aliases: Record<string, string>): KernelPlan {
  return { kernels, buffers: [], assignments: [], aliases, weights: [], shapes: {}, foldedNodes, timeline: [], adapter: { kind: 'cpu', description: '', shaderF16: false, packed4x8: false } };
}

describe('nodeRoles', () => {
  const b = new GraphBuilder('g');
  const x = b.input('x', 'float32', [2, 4]);
  const c = b.node('Constant', [], { name: 'shape', attrs: { value_ints: [8] } });
  const r = b.node('Reshape', [x, c], { name: 'flat' });
  const y = b.node('Relu', [r], { name: 'relu' });
  const z = b.node('Sigmoid', [y], { name: 'sig' });
  b.output(b.node('Transpose', [z], { name: 'folded' }), 'float32', [8]);
  const g = b.build();
  const ids = g.nodes.map((n) => n.id);
  const [shapeId, flatId, reluId, sigId, foldedId] = ids as [string, string, string, string, string];
  const flatOut = g.nodes[1]!.outputs[0]!;

  it('names each node kernels, views, folds and constants', () => {
    const roles = nodeRoles(g, plan([kernel('k0', [reluId, sigId]), kernel('k1', [sigId])], [foldedId], { [flatOut]: 'x' }));
    expect(roles.get(reluId)).toEqual({ kind: 'kernel', kernels: [0] });
    expect(roles.get(sigId)).toEqual({ kind: 'kernel', kernels: [0, 1] });
    expect(roles.get(flatId)).toEqual({ kind: 'view' });
    expect(roles.get(shapeId)).toEqual({ kind: 'constant' });
    expect(roles.get(foldedId)).toEqual({ kind: 'folded' });
    expect(describeRole({ kind: 'folded' })).toMatch(/folded at compile time/);
  });

  it('answers the same object for the same plan and graph', () => {
    const p = plan([], [], {});
    expect(nodeRoles(g, p)).toBe(nodeRoles(g, p));
  });
});
