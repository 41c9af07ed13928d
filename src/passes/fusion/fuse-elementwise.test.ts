// fuse-elementwise: it fuses runs of elementwise ops into one expression node (node list,
// explanation, function, expression), declines with its reasons, never creates a cycle, and every
// model runs the same in onnxruntime afterwards; the expression's CPU value matches too.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, float, makeModel } from '../../ir/builder.ts';
import { exportModel } from '../../ir/onnx/export.ts';
import { importModel } from '../../ir/onnx/import.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import { subgraphsOf } from '../../ir/graph.ts';
import type { Graph, Model, Node } from '../../ir/types.ts';
import { WeightFactory } from '../../models/weights.ts';
import { compareTensors } from '../../reference/compare.ts';
import { runOrt } from '../../reference/ort-node.ts';
import { bundledModels, lightModels, loadModel } from '../../test-support/models.ts';
import { finalModel, runPipeline } from '../pipeline.ts';
import { PIPELINES } from '../pipelines.ts';
import { deepFreeze, expectSameOutputs } from '../testing/support.ts';
import { evaluateExpression } from './expression/evaluate.ts';
import { parseExpression } from './expression/parse.ts';
import { fuseElementwise } from './fuse-elementwise.ts';
import { unfusableReason } from './fuse-elementwise-groups.ts';

const scalar = (name: string, v: number) => tensorFromNumbers(name, 'float32', [], [v]);
const ops = (m: Model) => m.graph.nodes.map((n) => (n.domain ? `${n.domain}.${n.opType}` : n.opType));
const messages = (r: ReturnType<typeof fuseElementwise.run>) => r.changes.explanations.map((e) => e.message);

/** MatMul → bias Add → GELU (erf form): the bias Add and five GELU ops read nothing else. */
function geluModel(): Model {
  const w = new WeightFactory(3);
  const b = new GraphBuilder('gelu');
  const x = b.input('x', 'float32', [2, 8]);
  const mm = b.node('MatMul', [x, b.initializer(w.he('w', [8, 32], 8))], { name: 'mm' });
  // 32 bias values: more than fit in an expression, so the bias stays an input.
  const u = b.node('Add', [mm, b.initializer(w.uniform('bias', [32], -0.1, 0.1))], { name: 'bias_add' });
  const d = b.node('Div', [u, b.initializer(scalar('sqrt2', Math.SQRT2))], { name: 'div' });
  const e = b.node('Erf', [d], { name: 'erf' });
  const a = b.node('Add', [e, b.initializer(scalar('one', 1))], { name: 'add' });
  const m = b.node('Mul', [u, a], { name: 'mul' });
  b.node('Mul', [m, b.initializer(scalar('half', 0.5))], { name: 'half_mul', outputs: ['y'] });
  b.output('y', 'float32', [2, 32]);
  return makeModel(b.build());
}

describe('fuse-elementwise fires', () => {
  it('fuses a bias Add and GELU into one expression node calling a local function', async () => {
    const model = deepFreeze(geluModel());
    const r = fuseElementwise.run(model);
    expect(ops(r.model)).toEqual(['MatMul', 'kiln.FusedElementwise']);
    const fused = r.model.graph.nodes[1]!;
    expect(fused.inputs).toEqual(['mm_out', 'bias']);
    expect(fused.outputs).toEqual(['y']);
    expect(fused.provenance).toEqual(['bias_add', 'div', 'erf', 'add', 'mul', 'half_mul']);
    const text = 't0 = add(x0, x1); mul(mul(t0, add(erf(div(t0, 1.4142135)), 1)), 0.5)';
    expect(fused.attributes).toEqual([{ name: 'expression', type: 'string', value: text }]);
    expect(messages(r)).toEqual([
      `fused 6 elementwise ops (Add bias_add, Div div, Erf erf, Add add and 2 more) into kiln.FusedElementwise half_mul/FusedElementwise: t0 = add(x0, x1); y = mul(mul(t0, add(erf(div(t0, 1.4142135)), 1)), 0.5) with x0 = mm_out, x1 = bias`,
    ]);
    expect(r.changes.removed).toEqual(['bias_add', 'div', 'erf', 'add', 'mul', 'half_mul']);
    // The scalars now live in the expression; nothing else read them.
    expect(r.changes.initializersRemoved).toEqual(['sqrt2', 'one', 'half']);
    expect(r.model.graph.initializers.map((t) => t.name)).toEqual(['w', 'bias']);
    // One function, named by the expression's overload, whose body is the six original ops.
    expect(r.model.functions).toHaveLength(1);
    const fn = r.model.functions[0]!;
    expect([fn.domain, fn.name, fn.overload]).toEqual(['kiln', 'FusedElementwise', fused.overload]);
    expect(fn.nodes.map((n) => n.opType)).toEqual(['Add', 'Constant', 'Div', 'Erf', 'Constant', 'Add', 'Mul', 'Constant', 'Mul']);
    expect(r.model.opsetImports).toContainEqual({ domain: 'kiln', version: 1 });
    await expectSameOutputs(model, r.model, {}, { relL2: 1e-6 });
  });

  it("computes with evaluateExpression what onnxruntime computes for the unfused ops", async () => {
    const model = geluModel();
    const r = fuseElementwise.run(model);
    const fused = r.model.graph.nodes[1]!;
    // Run the original model up to the fused group's inputs and output.
    const x = tensorFromNumbers('x', 'float32', [2, 8], Array.from({ length: 16 }, (_, i) => (i - 8) / 3));
    const withMm: Model = { ...model, graph: { ...model.graph, outputs: [...model.graph.outputs, { name: 'mm_out' }] } };
    const [y, mm] = await runOrt(exportModel(withMm), [x], { graphOptimizationLevel: 'disabled' });
    const bias = model.graph.initializers.find((t) => t.name === 'bias')!;
    const got = evaluateExpression(parseExpression(String(fused.attributes[0]!.value)), [mm!, bias]);
    expect(got.dims).toEqual([2, 32]);
    expect(compareTensors(got, y!).relL2).toBeLessThanOrEqual(1e-6);
  });

  it('gives two groups with the same expression one function, and survives export', async () => {
    const b = new GraphBuilder('twice');
    const x = b.input('x', 'float32', [4]);
    const r1 = b.node('Relu', [b.node('Add', [x, b.initializer(scalar('c1', 1))], { name: 'a1' })], { name: 'r1' });
    const r2 = b.node('Relu', [b.node('Add', [r1, b.initializer(scalar('c2', 1))], { name: 'a2' })], { name: 'r2' });
    b.node('Softmax', [r2], { name: 'sm', outputs: ['y'] });
    b.node('Softmax', [r1], { name: 'sm1', outputs: ['z'] });
    b.output('y');
    b.output('z');
    const model = makeModel(b.build());
    const r = fuseElementwise.run(model);
    expect(ops(r.model)).toEqual(['kiln.FusedElementwise', 'kiln.FusedElementwise', 'Softmax', 'Softmax']);
    expect(r.model.graph.nodes[0]!.overload).toBe(r.model.graph.nodes[1]!.overload);
    expect(r.model.functions).toHaveLength(1);
    const back = importModel(exportModel(r.model));
    expect(back.graph.nodes[0]!.overload).toBe(r.model.graph.nodes[0]!.overload);
    expect(back.functions[0]!.overload).toBe(r.model.graph.nodes[0]!.overload);
    await expectSameOutputs(model, r.model, {});
    // Running again finds nothing left to fuse.
    expect(fuseElementwise.run(r.model).model).toBe(r.model);
  });

  it('inlines opset 9 Clip bounds and small constants, keeps big ones as inputs', async () => {
    const b = new GraphBuilder('hardswish');
    const x = b.input('x', 'float32', [1, 20]);
    const big = b.initializer(tensorFromNumbers('scale', 'float32', [20], Array.from({ length: 20 }, (_, i) => i / 10)));
    const a = b.node('Add', [x, b.initializer(scalar('three', 3))], { name: 'add' });
    const c = b.node('Clip', [a], { name: 'clip', attrs: { min: float(0), max: float(6) } });
    const m = b.node('Mul', [x, c], { name: 'mul' });
    b.node('Mul', [m, big], { name: 'scale_mul', outputs: ['y'] });
    b.output('y', 'float32', [1, 20]);
    const model = makeModel(b.build(), { opsetImports: [{ domain: '', version: 9 }] });
    const r = fuseElementwise.run(model);
    expect(r.model.graph.nodes[0]!.attributes[0]!.value).toBe('mul(mul(x0, clip(add(x0, 3), max=6, min=0)), x1)');
    expect(r.model.graph.nodes[0]!.inputs).toEqual(['x', 'scale']);
    await expectSameOutputs(model, r.model, {}, { relL2: 1e-6 });
  });
});

describe('fuse-elementwise declines', () => {
  it('keeps a value two groups read out of both, and never fuses across a non-elementwise reader', async () => {
    // Layer norm: d = x - mean is read by Pow (→ ReduceMean) and by Div; fusing d into either group
    // would compute it twice, and fusing both would make a group that reads its own output.
    const b = new GraphBuilder('ln');
    const x = b.input('x', 'float32', [2, 6]);
    const mean = b.node('ReduceMean', [x], { name: 'mean', attrs: { axes: [-1] } });
    const d = b.node('Sub', [x, mean], { name: 'sub' });
    const p = b.node('Pow', [d, b.initializer(scalar('two', 2))], { name: 'pow' });
    const v = b.node('ReduceMean', [p], { name: 'var', attrs: { axes: [-1] } });
    const s = b.node('Sqrt', [b.node('Add', [v, b.initializer(scalar('eps', 1e-5))], { name: 'add_eps' })], { name: 'sqrt' });
    b.node('Div', [d, s], { name: 'div', outputs: ['y'] });
    b.output('y', 'float32', [2, 6]);
    const model = makeModel(b.build());
    const r = fuseElementwise.run(model);
    expect(ops(r.model)).toEqual(['ReduceMean', 'Sub', 'Pow', 'ReduceMean', 'kiln.FusedElementwise']);
    expect(r.model.graph.nodes[4]!.attributes[0]!.value).toBe('div(x0, sqrt(add(x1, 0.00001)))');
    expect(r.changes.nearMisses).toEqual([
      { rule: 'fuse-elementwise/loop-fusion', nodeId: 'sub', reason: "kept Sub sub out of its readers' fused group: its readers Pow pow, Div div end up in different groups; fusing it would compute it twice" },
    ]);
    await expectSameOutputs(model, r.model, {}, { relL2: 1e-6 });
  });

  it('does not fuse a lone op, or one whose value is also a graph output', () => {
    const b = new GraphBuilder('lone');
    const x = b.input('x', 'float32', [3]);
    const e = b.node('Exp', [x], { name: 'exp', outputs: ['e'] });
    b.node('Relu', [e], { name: 'relu', outputs: ['y'] });
    b.output('y');
    b.output('e');
    const model = makeModel(b.build());
    const r = fuseElementwise.run(model);
    expect(r.model).toBe(model);
    expect(r.changes.nearMisses.map((m) => m.reason)).toEqual(["kept Exp exp out of its readers' fused group: it is graph output e; fusing it would compute it twice"]);
  });
});

// Constant nodes may go too (their values inlined); count the rest.
const nodeCount = (g: Graph): number => g.nodes.reduce((s, n) => s + (n.opType === 'Constant' ? 0 : 1) + subgraphsOf(n).reduce((t, sub) => t + nodeCount(sub), 0), 0);

/** A fusable node left whose only reader is elementwise too: a fusion the pass missed. */
function missedFusions(m: Model): string[] {
  const readers = new Map<string, Node[]>();
  for (const n of m.graph.nodes) for (const i of new Set(n.inputs)) readers.set(i, [...(readers.get(i) ?? []), n]);
  const outputs = new Set(m.graph.outputs.map((o) => o.name));
  const elementwise = (n: Node) => n.opType === 'FusedElementwise' || !unfusableReason(n);
  return m.graph.nodes.filter((n) => {
    const r = readers.get(n.outputs[0]!) ?? [];
    return !unfusableReason(n) && !outputs.has(n.outputs[0]!) && r.length === 1 && elementwise(r[0]!);
  }).map((n) => n.id);
}

describe('fuse-elementwise keeps every model equivalent', () => {
  const ids = ['mlp', 'cnn', 'transformer', 'paddleocr-det', 'paddleocr-cls', 'silero-vad', 'light_densenet121', 'light_inception_v2'];
  const cases = [...bundledModels(), ...lightModels()].filter((c) => ids.includes(c.id));
  // Known from the models' structure: mlp has two Add → Relu pairs, cnn one residual Add → Relu,
  // the transformer two layer-norm tails, the FFN bias + GELU, and two bias + residual Add pairs.
  const fused: Record<string, number> = { mlp: 2, cnn: 1, transformer: 5 };
  it.each(cases.map((c) => [c.id, c] as const))('%s, after the cleanup pipeline', async (id, c) => {
    const original = loadModel(c.path);
    const cleaned = finalModel(original, runPipeline(original, PIPELINES.cleanup!.passes));
    const r = fuseElementwise.run(deepFreeze(cleaned));
    if (fused[id] !== undefined) expect(r.changes.explanations).toHaveLength(fused[id]);
    const sizes = r.changes.explanations.map((e) => e.matched.length);
    expect(sizes.length).toBeGreaterThan(0);
    expect(nodeCount(r.model.graph)).toBe(nodeCount(cleaned.graph) - sizes.reduce((a, k) => a + k - 1, 0));
    expect(missedFusions(r.model)).toEqual([]);
    await expectSameOutputs(original, r.model, c, { relL2: 1e-4 });
  });
});
