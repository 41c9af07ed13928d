// GraphEditor: pure edits with structural sharing, stable ids, fresh ids for new nodes, graph
// output names that never change, and subgraph reads that follow a replaced value.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from './builder.ts';
import { GraphEditor, NodeIds } from './edit.ts';
import { exportModel } from './onnx/export.ts';
import { tensorFromNumbers } from './tensor.ts';
import type { Graph, Model } from './types.ts';
import { runOrt } from '../reference/ort-node.ts';
import { randomInputs } from '../reference/random-inputs.ts';

/** x -> Neg a -> Neg b -> Relu y */
function chain(): Model {
  const b = new GraphBuilder('chain');
  const x = b.input('x', 'float32', [2, 3]);
  const a = b.node('Neg', [x], { name: 'A' });
  const n = b.node('Neg', [a], { name: 'B' });
  const y = b.node('Relu', [n], { name: 'C', outputs: ['y'] });
  b.output(y, 'float32', [2, 3]);
  return makeModel(b.build());
}

const ids = (g: Graph) => g.nodes.map((n) => n.id);

describe('GraphEditor', () => {
  it('replaces two nodes by one, rewires the reader and shares what it did not touch', async () => {
    const model = chain();
    const before = JSON.stringify(model);
    const edit = new GraphEditor(model.graph, new NodeIds(model));
    edit.removeNode('A').removeNode('B');
    const f = edit.insertNode({ opType: 'Identity', inputs: ['x'], outputs: ['f'], provenance: ['A', 'B'] });
    edit.replaceUses('B_out', 'f');
    const { graph, record } = edit.apply();

    expect(f.id).toBe('A/Identity');
    expect(f.provenance).toEqual(['A', 'B']);
    expect(ids(graph)).toEqual(['A/Identity', 'C']);
    expect(graph.nodes[1]!.inputs).toEqual(['f']);
    expect(record).toEqual({ removed: ['A', 'B'], added: ['A/Identity'], rewired: ['C'], initializersAdded: [], initializersRemoved: [] });
    expect(JSON.stringify(model)).toBe(before);
    expect(graph.inputs).toBe(model.graph.inputs);
    expect(graph.outputs).toBe(model.graph.outputs);

    // Neg(Neg(x)) is x exactly, so onnxruntime must give the same bits.
    const inputs = randomInputs(model.graph, { seed: 1 });
    const [want, got] = [await runOrt(exportModel(model), inputs), await runOrt(exportModel({ ...model, graph }), inputs)];
    expect(got[0]!.data).toEqual(want[0]!.data);
  });

  it('keeps a graph output name by renaming the replacement producer', () => {
    const model = chain();
    const edit = new GraphEditor(model.graph, new NodeIds(model));
    edit.removeNode('C');
    edit.insertNode({ opType: 'Abs', inputs: ['B_out'], outputs: ['fresh'], provenance: ['C'] });
    edit.replaceUses('y', 'fresh');
    const { graph } = edit.apply();
    expect(graph.outputs.map((o) => o.name)).toEqual(['y']);
    expect(graph.nodes.at(-1)!.outputs).toEqual(['y']);
    expect(graph.nodes.some((n) => n.outputs.includes('fresh'))).toBe(false);
  });

  it('copies a graph input into a replaced graph output with an Identity', () => {
    const model = chain();
    const edit = new GraphEditor(model.graph, new NodeIds(model));
    for (const id of ['A', 'B', 'C']) edit.removeNode(id);
    edit.replaceUses('y', 'x');
    const { graph, record } = edit.apply();
    expect(graph.nodes.map((n) => [n.opType, n.inputs, n.outputs])).toEqual([['Identity', ['x'], ['y']]]);
    expect(graph.nodes[0]!.provenance).toEqual(['C']);
    expect(record.added).toEqual([graph.nodes[0]!.id]);
  });

  it('renames a new initializer that replaces a graph output', () => {
    const model = chain();
    const edit = new GraphEditor(model.graph, new NodeIds(model));
    for (const id of ['A', 'B', 'C']) edit.removeNode(id);
    edit.addInitializer(tensorFromNumbers('folded', 'float32', [2, 3], [1, 2, 3, 4, 5, 6]));
    edit.replaceUses('y', 'folded');
    const { graph, record } = edit.apply();
    expect(graph.nodes).toEqual([]);
    expect(graph.initializers.map((t) => t.name)).toEqual(['y']);
    expect(record.initializersAdded).toEqual(['y']);
  });

  it('gives new nodes ids unused anywhere in the model, subgraphs included', () => {
    const branch = new GraphBuilder('then');
    branch.node('Relu', ['x'], { name: 'taken', outputs: ['t'] });
    branch.output('t');
    const b = new GraphBuilder('main');
    b.input('x', 'float32', [1]);
    b.input('c', 'bool', []);
    b.node('If', ['c'], { name: 'if', attrs: { then_branch: branch.build(), else_branch: branch.build() }, outputs: ['y'] });
    b.output('y');
    const model = makeModel(b.build());
    const edit = new GraphEditor(model.graph, new NodeIds(model));
    expect(edit.insertNode({ id: 'taken', opType: 'Relu', inputs: ['x'], outputs: ['r'], provenance: [] }).id).toBe('taken_1');
    expect(edit.insertNode({ id: 'taken', opType: 'Relu', inputs: ['x'], outputs: ['r2'], provenance: [] }).id).toBe('taken_2');
  });

  it('makes subgraphs read the replacement of an outer value', () => {
    const branch = new GraphBuilder('then');
    branch.node('Neg', ['a'], { name: 'inner', outputs: ['t'] });
    branch.output('t');
    const b = new GraphBuilder('main');
    b.input('x', 'float32', [1]);
    b.input('c', 'bool', []);
    b.node('Abs', ['x'], { name: 'makeA', outputs: ['a'] });
    b.node('If', ['c'], { name: 'if', attrs: { then_branch: branch.build(), else_branch: branch.build() }, outputs: ['y'] });
    b.output('y');
    const model = makeModel(b.build());
    const edit = new GraphEditor(model.graph, new NodeIds(model));
    edit.removeNode('makeA');
    edit.replaceUses('a', 'x');
    const { graph, record } = edit.apply();
    const branchAfter = graph.nodes[0]!.attributes.find((a) => a.name === 'then_branch')!;
    expect(branchAfter.type === 'graph' && branchAfter.value.nodes[0]!.inputs).toEqual(['x']);
    expect(record.rewired).toEqual(['if']);
  });

  it('places a new node without provenance before its first reader', () => {
    const model = chain();
    const edit = new GraphEditor(model.graph, new NodeIds(model));
    edit.insertNode({ opType: 'Abs', inputs: ['x'], outputs: ['ax'], provenance: [] });
    edit.replaceUses('B_out', 'ax');
    const { graph } = edit.apply();
    expect(ids(graph)).toEqual(['A', 'B', 'Abs', 'C']);
  });

  it('adds and removes initializers and drops value info of values that are gone', () => {
    const model = chain();
    const g: Graph = { ...model.graph, valueInfo: [{ name: 'A_out', type: { kind: 'tensor', dtype: 'float32', shape: [2, 3] } }] };
    const edit = new GraphEditor(g, new NodeIds(model));
    edit.removeNode('A');
    edit.addInitializer(tensorFromNumbers('A_out', 'float32', [2, 3], [0, 1, 2, 3, 4, 5]));
    const { graph, record } = edit.apply();
    expect(record.initializersAdded).toEqual(['A_out']);
    expect(graph.valueInfo).toBe(g.valueInfo);
    const edit2 = new GraphEditor(graph, new NodeIds(model));
    for (const id of ['B', 'C']) edit2.removeNode(id);
    edit2.removeInitializer('A_out').replaceUses('y', 'x');
    const after = edit2.apply();
    expect(after.graph.initializers).toEqual([]);
    expect(after.graph.valueInfo).toEqual([]);
    expect(after.record.initializersRemoved).toEqual(['A_out']);
  });

  it('refuses edits that leave a reader without its value or define a name twice', () => {
    const model = chain();
    const dangling = new GraphEditor(model.graph, new NodeIds(model)).removeNode('A');
    expect(() => dangling.apply()).toThrow("node 'B' reads 'A_out', which nothing defines any more");
    const twice = new GraphEditor(model.graph, new NodeIds(model)).addInitializer(tensorFromNumbers('B_out', 'float32', [1], [0]));
    expect(() => twice.apply()).toThrow("value 'B_out' would be defined twice");
  });

  it('returns the very same graph when nothing changes', () => {
    const model = chain();
    expect(new GraphEditor(model.graph, new NodeIds(model)).apply().graph).toBe(model.graph);
  });
});
