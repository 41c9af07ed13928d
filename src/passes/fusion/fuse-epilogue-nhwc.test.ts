// fuse-epilogue on to-nhwc's channels-last convs (the tvm-nhwc pipeline): kiln.NhwcConv and
// kiln.NhwcFusedConv (with its activation, and its `residual` overload's Z) take in the
// elementwise ops after them as one kiln.NhwcFusedConvEpilogue that keeps the conv's id. The
// graphs go through the passes tvm-nhwc runs before it (to-nhwc, sink-transposes,
// fuse-bias-activation, fuse-elementwise), so the per-channel constants are NHWC [1,1,1,C] as
// the pipeline leaves them. The fused function body is kiln.NhwcConv's Transposes around a Conv,
// then the expression: onnxruntime runs it with every other model-local function removed, and it
// equals the original NCHW model (rel L2 <= 1e-6).
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import type { Model } from '../../ir/types.ts';
import { WeightFactory } from '../../models/weights.ts';
import { sinkTransposes } from '../layout/sink-transposes.ts';
import { toNhwc } from '../layout/to-nhwc.ts';
import { deepFreeze, expectSameOutputs } from '../testing/support.ts';
import { fuseBiasActivation } from './fuse-bias-activation.ts';
import { fuseElementwise } from './fuse-elementwise.ts';
import { fuseEpilogue } from './fuse-epilogue.ts';

const ops = (m: Model) => m.graph.nodes.map((n) => (n.domain ? `${n.domain}.${n.opType}` : n.opType));
const messages = (r: ReturnType<typeof fuseEpilogue.run>) => r.changes.explanations.map((e) => e.message);

/** tvm-nhwc's passes before fuse-epilogue. */
const beforeEpilogue = (m: Model) => [toNhwc, sinkTransposes, fuseBiasActivation, fuseElementwise].reduce((acc, p) => p.run(acc).model, m);

/** Only the functions the graph calls: the fused node must not lean on kiln.NhwcConv's or a FusedElementwise's. */
function calledFunctionsOnly(m: Model): Model {
  const called = new Set(m.graph.nodes.map((n) => `${n.domain}.${n.opType}:${n.overload ?? ''}`));
  return { ...m, functions: m.functions.filter((f) => called.has(`${f.domain}.${f.name}:${f.overload ?? ''}`)) };
}

/**
 * x [1, cin, 6, 6] → 3×3 Conv conv1 (pads 1) into `cout` channels → `tail` → 2×2 MaxPool → y. The
 * pool (NHWC too) is what makes sink-transposes carry the layout through the tail: a chain that
 * ends at a graph output keeps its Transpose right after the conv.
 */
function convModel(cin: number, cout: number, tail: (b: GraphBuilder, conv: string, x: string, w: WeightFactory) => string): Model {
  const w = new WeightFactory(21);
  const b = new GraphBuilder('nhwc');
  const x = b.input('x', 'float32', [1, cin, 6, 6]);
  const conv = b.node('Conv', [x, b.initializer(w.he('w', [cout, cin, 3, 3], 9 * cin)), b.initializer(w.uniform('bias', [cout], -0.2, 0.2))], { name: 'conv1', attrs: { pads: [1, 1, 1, 1] } });
  b.node('MaxPool', [tail(b, conv, x, w)], { name: 'pool', outputs: ['y'], attrs: { kernel_shape: [2, 2] } });
  b.output('y', 'float32');
  return deepFreeze(makeModel(b.build(), { opsetImports: [{ domain: '', version: 17 }] }));
}

/** The one fused node's expression attribute. */
const expressionOf = (m: Model) => m.graph.nodes.find((n) => n.opType === 'NhwcFusedConvEpilogue')!.attributes.find((a) => a.name === 'expression')!.value as string;

describe('fuse-epilogue on NHWC convs', () => {
  it('fuses a kiln.NhwcConv with a per-channel scale and shift and Sigmoid (NHWC [1,1,1,C] constants)', async () => {
    const original = convModel(4, 6, (b, conv, _x, w) => {
      const scaled = b.node('Mul', [conv, b.initializer(w.uniform('scale', [1, 6, 1, 1], 0.5, 1.5))], { name: 'mul' });
      const shifted = b.node('Add', [scaled, b.initializer(w.uniform('shift', [1, 6, 1, 1], -0.5, 0.5))], { name: 'add' });
      return b.node('Sigmoid', [shifted], { name: 'sig' });
    });
    const before = beforeEpilogue(original);
    expect(ops(before)).toEqual(['Transpose', 'kiln.NhwcConv', 'kiln.FusedElementwise', 'kiln.NhwcMaxPool', 'Transpose']);
    const r = fuseEpilogue.run(before);
    expect(ops(r.model)).toEqual(['Transpose', 'kiln.NhwcFusedConvEpilogue', 'kiln.NhwcMaxPool', 'Transpose']);
    const fused = r.model.graph.nodes[1]!;
    expect([fused.id, fused.inputs]).toEqual(['conv1', ['x_nhwc', 'w_hwio', 'bias']]);
    expect(messages(r)).toEqual([
      'fused kiln.NhwcConv conv1 with its elementwise epilogue kiln.FusedElementwise sig/FusedElementwise (3 elementwise ops) into kiln.NhwcFusedConvEpilogue conv1: ' +
        'y = sigmoid(add(mul(x0, float32[1,1,1,6]{0.74014765, 0.6095861, 1.4067608, 1.1191474, 1.0805129, 1.3759471}), float32[1,1,1,6]{-0.024415309, -0.10570915, -0.18979095, -0.411023, 0.36882442, 0.14043377})) with x0 = NHWC conv output',
    ]);
    const fn = r.model.functions.find((f) => f.name === 'NhwcFusedConvEpilogue')!;
    expect([fn.domain, fn.overload, fn.inputs, fn.opsetImports]).toEqual(['kiln', fused.overload, ['X', 'W', 'B'], [{ domain: '', version: 17 }]]);
    // kiln.NhwcConv's body inlined (NHWC → NCHW, HWIO → OIHW, Conv, back to NHWC), then the expression.
    expect(fn.nodes.map((n) => `${n.domain}${n.opType}`)).toEqual(['Transpose', 'Transpose', 'Conv', 'Transpose', 'Constant', 'Mul', 'Constant', 'Add', 'Sigmoid']);
    expect(fn.docString).toMatch(/^NhwcConv\(pads=\[1,1,1,1\]\) -> sigmoid\(/);
    await expectSameOutputs(original, calledFunctionsOnly(r.model), {});
  });

  it("starts the expression with a kiln.NhwcFusedConv's activation", async () => {
    const original = convModel(4, 6, (b, conv, _x, w) => {
      const relu = b.node('Relu', [conv], { name: 'relu' });
      return b.node('Mul', [relu, b.initializer(w.uniform('scale', [1, 6, 1, 1], -1, 1))], { name: 'mul' });
    });
    const before = beforeEpilogue(original);
    expect(ops(before)).toEqual(['Transpose', 'kiln.NhwcFusedConv', 'Mul', 'kiln.NhwcMaxPool', 'Transpose']);
    const r = fuseEpilogue.run(before);
    expect(ops(r.model)).toEqual(['Transpose', 'kiln.NhwcFusedConvEpilogue', 'kiln.NhwcMaxPool', 'Transpose']);
    expect(r.model.graph.nodes[1]!.id).toBe('conv1');
    // The activation attributes become the expression: only the conv's own stay.
    expect(r.model.graph.nodes[1]!.attributes.map((a) => a.name)).toEqual(['pads', 'expression']);
    expect(messages(r)[0]).toMatch(/^fused kiln\.NhwcFusedConv conv1 with its elementwise epilogue Mul mul \(1 elementwise op\) into kiln\.NhwcFusedConvEpilogue conv1: y = mul\(relu\(x0\), float32\[1,1,1,6\]\{.*\}\) with x0 = NHWC conv output$/);
    await expectSameOutputs(original, calledFunctionsOnly(r.model), {});
  });

  it("starts the expression with a kiln.NhwcFusedConv:residual's Z (NHWC) and activation", async () => {
    // A ResNet-style tail: relu(conv(x) + x), then a per-channel scale.
    const original = convModel(6, 6, (b, conv, x, w) => {
      const relu = b.node('Relu', [b.node('Add', [conv, x], { name: 'res' })], { name: 'relu' });
      return b.node('Mul', [relu, b.initializer(w.uniform('scale', [1, 6, 1, 1], -1, 1))], { name: 'mul' });
    });
    const before = beforeEpilogue(original);
    const residual = before.graph.nodes.find((n) => n.opType === 'NhwcFusedConv');
    expect([residual?.overload, residual?.inputs]).toEqual(['residual', ['x_nhwc', 'w_hwio', 'bias', 'x_nhwc']]);
    const r = fuseEpilogue.run(before);
    expect(ops(r.model)).toEqual(['Transpose', 'kiln.NhwcFusedConvEpilogue', 'kiln.NhwcMaxPool', 'Transpose']);
    const fused = r.model.graph.nodes[1]!;
    // Z is the expression's x1, so the node reads x_nhwc twice (X and x1).
    expect([fused.id, fused.inputs]).toEqual(['conv1', ['x_nhwc', 'w_hwio', 'bias', 'x_nhwc']]);
    expect(expressionOf(r.model)).toMatch(/^mul\(relu\(add\(x0, x1\)\), float32\[1,1,1,6\]\{.*\}\)$/);
    expect(messages(r)[0]).toMatch(/^fused kiln\.NhwcFusedConv conv1 with .* into kiln\.NhwcFusedConvEpilogue conv1: .* with x0 = NHWC conv output, x1 = x_nhwc$/);
    await expectSameOutputs(original, calledFunctionsOnly(r.model), {});
  });

  it('declines as for Conv, naming the kiln op: the NHWC output is also read by another op', () => {
    const original = convModel(4, 6, (b, conv) => {
      const relu = b.node('Relu', [conv], { name: 'relu' });
      b.node('AveragePool', [conv], { name: 'avg', outputs: ['p'], attrs: { kernel_shape: [2, 2] } });
      b.output('p', 'float32');
      return relu;
    });
    const r = fuseEpilogue.run(beforeEpilogue(original));
    expect(r.changes.explanations).toEqual([]);
    expect(r.changes.nearMisses.map((m) => m.reason)).toEqual([expect.stringMatching(/^kiln\.NhwcConv conv1's output \S+ is also read by kiln\.NhwcAveragePool avg; fusing it into its epilogue Relu relu would compute NhwcConv twice$/)]);
  });
});
