import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../ir/builder.ts';
import { indexGraph } from '../../ir/graph.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Graph } from '../../ir/types.ts';
import { buildMlp } from '../../models/mlp.ts';
import { constantsShownAsWeights, describeNodeCount, graphToFlow, inputFlowId, opFlowId, outputFlowId, type OpFlowNode } from './to-flow.ts';

const noTypes = { types: new Map(), unknown: new Set<string>() };

function opNodes(g: Graph): OpFlowNode[] {
  return graphToFlow(g, noTypes).nodes.filter((n): n is OpFlowNode => n.type === 'op');
}

/** A graph with a live constant, a dead constant, a constant graph output and an unknown op. */
function constantsGraph(): Graph {
  const b = new GraphBuilder('consts');
  const x = b.input('x', 'float32', [2, 3]);
  const c = b.node('Constant', [], { name: 'live', attrs: { value: tensorFromNumbers('c', 'float32', [3], [1, 2, 3]) } });
  b.node('Constant', [], { name: 'dead', attrs: { value_ints: [4, 5] } });
  const out2 = b.node('Constant', [], { name: 'as_output', attrs: { value_float: 1 } });
  const y = b.node('Add', [x, c], { name: 'add' });
  const z = b.node('Frobnicate', [y, y], { name: 'mystery', domain: 'example.com' });
  b.output(z);
  b.output(out2);
  return b.build();
}

describe('graphToFlow', () => {
  it('draws every non-folded node once, and folds only live constants that are not outputs', () => {
    const g = constantsGraph();
    const folded = constantsShownAsWeights(g);
    expect([...folded]).toEqual(['live']);
    const ops = opNodes(g);
    expect(ops.map((n) => n.data.nodeId).sort()).toEqual(g.nodes.map((n) => n.id).filter((id) => !folded.has(id)).sort());
    const add = ops.find((n) => n.data.nodeId === 'add')!;
    expect(add.data.weights).toEqual([{ label: 'live_out', valueName: 'live_out', dims: '3', constantNodeId: 'live' }]);
  });

  it('connects each value read by a drawn node to its producer, graph input or nothing', () => {
    const g = buildMlp().graph;
    const flow = graphToFlow(g, noTypes);
    const ids = new Set(flow.nodes.map((n) => n.id));
    for (const e of flow.edges) {
      expect(ids.has(e.source), e.id).toBe(true);
      expect(ids.has(e.target), e.id).toBe(true);
    }
    const { initializer } = indexGraph(g);
    const folded = constantsShownAsWeights(g);
    // One edge per distinct runtime value a drawn node reads, plus one per graph output.
    let expected = g.outputs.length;
    for (const n of g.nodes) {
      if (folded.has(n.id)) continue;
      const produced = new Set(g.nodes.filter((p) => folded.has(p.id)).flatMap((p) => p.outputs));
      expected += new Set(n.inputs.filter((i) => i && !initializer.has(i) && !produced.has(i))).size;
    }
    expect(flow.edges.length).toBe(expected);
    expect(flow.edges.some((e) => e.source === inputFlowId('x') && e.target === opFlowId('fc1/MatMul'))).toBe(true);
    expect(flow.edges.some((e) => e.source === opFlowId('head/Gemm') && e.target === outputFlowId('logits'))).toBe(true);
  });

  it('shows initializers as weight rows with their dims, and labels edges with inferred shapes', () => {
    const g = buildMlp().graph;
    const types = new Map([['relu1_out', { kind: 'tensor' as const, dtype: 'float32' as const, shape: ['batch', 128] }]]);
    const flow = graphToFlow(g, { types, unknown: new Set() });
    const fc1 = flow.nodes.find((n) => n.id === opFlowId('fc1/MatMul')) as OpFlowNode;
    const w = indexGraph(g).initializer.get('fc1.weight')!;
    expect(fc1.data.weights).toEqual([{ label: 'weight', valueName: 'fc1.weight', dims: w.dims.join('×') }]);
    const edge = flow.edges.find((e) => e.data?.valueName === 'relu1_out');
    expect(edge?.label).toBe('batch×128');
    expect(flow.edges.find((e) => e.data?.valueName === 'fc1/MatMul_out')?.label).toBe('?');
  });

  it('marks unknown ops and gives them the unknown category', () => {
    const g = constantsGraph();
    const flow = graphToFlow(g, { types: new Map(), unknown: new Set(['mystery']) });
    const mystery = flow.nodes.find((n) => n.id === opFlowId('mystery')) as OpFlowNode;
    expect(mystery.data.unsupported).toBe(true);
    expect(mystery.data.category).toBe('unknown');
    expect(mystery.data.opType).toBe('example.com.Frobnicate');
  });

  it('explains the displayed count', () => {
    const g = constantsGraph();
    const { counts } = graphToFlow(g, noTypes);
    expect(counts.nodes).toBe(g.nodes.length);
    expect(describeNodeCount(counts)).toBe(`${g.nodes.length} nodes (1 constant shown as a weight)`);
    expect(describeNodeCount({ nodes: 1, constantsAsWeights: 0, opTypes: 1 })).toBe('1 node');
  });
});
