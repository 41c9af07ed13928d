import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Model, Node } from '../../ir/types.ts';
import { isFusedKernel } from './fused-kernels.ts';
import { modelMetrics, pipelineMetrics } from './pipeline-metrics.ts';

/**
 * x[2,3] -> Relu -> r; Mul(r, w[3]) -> m; Add(m, x) -> y (output). float32 throughout:
 * activations are 24 bytes each, the weight 12 bytes.
 */
function small(batch: number | string = 2): Model {
  const b = new GraphBuilder('small');
  const x = b.input('x', 'float32', [batch, 3]);
  const w = b.initializer(tensorFromNumbers('w', 'float32', [3], [1, 2, 3]));
  const r = b.node('Relu', [x], { name: 'relu' });
  const m = b.node('Mul', [r, w], { name: 'mul' });
  const y = b.node('Add', [m, x], { name: 'add' });
  b.output(y);
  return makeModel(b.build());
}

describe('modelMetrics', () => {
  it('counts traffic, peak activations and weights by hand on a three-node chain', () => {
    const m = modelMetrics(small());
    expect(m.nodes).toBe(3);
    expect(m.fusedKernels).toBe(0);
    expect(m.weightBytes).toBe(12);
    // relu reads x, writes r: 24+24; mul reads r and w, writes m: 24+12+24; add reads m and x, writes y: 24+24+24.
    expect(m.memoryTrafficBytes).toBe(48 + 60 + 72);
    // At relu: x, r (48). At mul: x (read again by add), r, m (72). At add: x, m, y (72).
    expect(m.peakActivationBytes).toBe(72);
    expect(m.unsizedValues).toBe(0);
  });

  it('frees a value after its last reader', () => {
    // x -> a -> b -> c -> d: never more than two 24-byte values live at once.
    const b = new GraphBuilder('chain');
    let v = b.input('x', 'float32', [2, 3]);
    for (const id of ['a', 'b', 'c', 'd']) v = b.node('Relu', [v], { name: id });
    b.output(v);
    const m = modelMetrics(makeModel(b.build()));
    expect(m.peakActivationBytes).toBe(48);
    expect(m.memoryTrafficBytes).toBe(4 * 48);
  });

  it('counts Constant tensors as weights, not as traffic or activations', () => {
    const b = new GraphBuilder('const');
    const x = b.input('x', 'float32', [4]);
    const c = b.node('Constant', [], { name: 'c', attrs: { value: tensorFromNumbers('c', 'float32', [4], [1, 2, 3, 4]) } });
    b.output(b.node('Add', [x, c], { name: 'add' }));
    const m = modelMetrics(makeModel(b.build()));
    expect(m.weightBytes).toBe(16);
    expect(m.memoryTrafficBytes).toBe(16 * 3);
    expect(m.peakActivationBytes).toBe(32);
  });

  it('leaves symbolic shapes unsized unless input shapes are given', () => {
    const dynamic = small('batch');
    const unsized = modelMetrics(dynamic);
    expect(unsized.unsizedValues).toBeGreaterThan(0);
    expect(unsized.memoryTrafficBytes).toBe(12);
    const sized = modelMetrics(dynamic, { inputShapes: { x: [2, 3] } });
    expect(sized).toEqual(modelMetrics(small()));
  });
});

describe('fused kernels', () => {
  const node = (domain: string, provenance?: string[]): Pick<Node, 'domain' | 'provenance'> => ({ domain, ...(provenance ? { provenance } : {}) });

  it('are contrib and kiln ops, or nodes made from two or more nodes', () => {
    expect(isFusedKernel(node('com.microsoft'))).toBe(true);
    expect(isFusedKernel(node('kiln'))).toBe(true);
    expect(isFusedKernel(node('', ['conv', 'bn']))).toBe(true);
    expect(isFusedKernel(node('', ['conv']))).toBe(false);
    expect(isFusedKernel(node(''))).toBe(false);
  });

  it('are counted in pipeline metrics, with the node delta against the original', () => {
    const original = small();
    const g = original.graph;
    const fused: Node = { id: 'relu_mul', name: '', opType: 'FusedMulRelu', domain: 'kiln', inputs: ['x', 'w'], outputs: ['mul_out'], attributes: [], provenance: ['relu', 'mul'] };
    const optimized: Model = { ...original, graph: { ...g, nodes: [fused, g.nodes[2]!] } };
    const m = pipelineMetrics(original, optimized);
    expect(m.nodes).toBe(2);
    expect(m.nodeDelta).toBe(-1);
    expect(m.fusedKernels).toBe(1);
    expect(m.weightBytesDelta).toBe(0);
  });
});
