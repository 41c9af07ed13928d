// kiln.FusedElementwise against onnxruntime, which runs the node's model-local function (the
// original ops): graphs of plain ops fused by the fuse-elementwise pass, so the expressions are
// the ones the pass really writes. Tolerance: rel L2 <= 1e-5 for float32 results (the fused
// kernel keeps intermediates in registers, rounding as the unfused ops do in f32), exact for
// integer and bool results, 2e-2 for float16 (onnxruntime rounds every intermediate to float16,
// Kiln keeps them in f32).
import { describe, expect, it } from 'vitest';
import { float, GraphBuilder, makeModel } from '../../../ir/builder.ts';
import type { DType } from '../../../ir/dtype.ts';
import { tensorFromNumbers } from '../../../ir/tensor.ts';
import type { Model } from '../../../ir/types.ts';
import { createNodeGpu } from '../../../node/dawn.ts';
import { evaluateExpression } from '../../../passes/fusion/expression/evaluate.ts';
import { parseExpression } from '../../../passes/fusion/expression/parse.ts';
import { fuseElementwise } from '../../../passes/fusion/fuse-elementwise.ts';
import { compareTensors } from '../../../reference/compare.ts';
import { compileModel } from '../../compile.ts';
import { randomInputs } from '../../../reference/random-inputs.ts';
import { expectMatchesOrt } from './testing/check.ts';

const scalar = (b: GraphBuilder, name: string, v: number, dtype: DType = 'float32') => b.initializer(tensorFromNumbers(name, dtype, [], [v]));

/** Builds a graph, fuses it, and checks that the fused node is there. */
function fused(build: (b: GraphBuilder) => void, opset = 17): Model {
  const b = new GraphBuilder('fused');
  build(b);
  const model = fuseElementwise.run(makeModel(b.build(), { opsetImports: [{ domain: '', version: opset }] })).model;
  expect(model.graph.nodes.some((n) => n.domain === 'kiln' && n.opType === 'FusedElementwise')).toBe(true);
  return model;
}

async function run(model: Model, tolerance: number, variant: string, seed = 4): Promise<void> {
  await expectMatchesOrt(model, randomInputs(model.graph, { seed }), { tolerance, variant });
}

describe('kiln.FusedElementwise matches onnxruntime', () => {
  it.each([[[2, 8], '-vec4'], [[3, 7], '']] as const)('GELU (erf form) of a bias add, %j', (dims, tail) => {
    const model = fused((b) => {
      const x = b.input('x', 'float32', dims);
      const u = b.node('Add', [x, b.input('bias', 'float32', dims)]);
      const e = b.node('Erf', [b.node('Div', [u, scalar(b, 'sqrt2', Math.SQRT2)])]);
      const m = b.node('Mul', [u, b.node('Add', [e, scalar(b, 'one', 1)])]);
      b.node('Mul', [m, scalar(b, 'half', 0.5)], { outputs: ['y'] });
      b.output('y', 'float32');
    });
    return run(model, 1e-5, `fused-elementwise${tail}`);
  });

  it('broadcast inputs and an inlined constant vector', () => {
    const model = fused((b) => {
      const x = b.input('x', 'float32', [2, 3, 5]);
      const r = b.node('Relu', [b.node('Add', [x, b.input('y', 'float32', [5])])]);
      const s = b.node('Mul', [r, b.initializer(tensorFromNumbers('c', 'float32', [3, 1], [0.5, -2, 3]))]);
      b.node('Sub', [s, b.input('z', 'float32', [2, 1, 5])], { outputs: ['out'] });
      b.output('out', 'float32');
    });
    return run(model, 1e-5, 'fused-elementwise-broadcast');
  });

  it.each([[[2, 3, 4], [3, 1], 'fused-elementwise-vec4-rows'], [[3, 8], [8], 'fused-elementwise-vec4-rows'], [[3, 5], [5], 'fused-elementwise-rows']] as const)('x %j times an inlined constant %j, then Sigmoid', (dims, cdims, variant) => {
    const model = fused((b) => {
      const x = b.input('x', 'float32', dims);
      const n = cdims.reduce((p: number, d: number) => p * d, 1);
      const c = b.initializer(tensorFromNumbers('c', 'float32', cdims, Array.from({ length: n }, (_, i) => 0.5 - 0.3 * i)));
      b.node('Sigmoid', [b.node('Mul', [x, c])], { outputs: ['out'] });
      b.output('out', 'float32');
    });
    return run(model, 1e-5, variant);
  });

  it('every float op of the expression language in one fused group (opset 20)', () => {
    const model = fused((b) => {
      const x = b.input('x', 'float32', [3, 8]);
      const pos = b.node('Add', [b.node('Abs', [x]), scalar(b, 'half', 0.5)]);
      const f = (op: string, input: string, attrs: Record<string, number | string | ReturnType<typeof float>> = {}) => b.node(op, [input], { attrs });
      const terms = [
        ...['Neg', 'Exp', 'Floor', 'Ceil', 'Round', 'Sign', 'Sin', 'Cos', 'Tan', 'Tanh', 'Erf', 'Relu', 'Sigmoid', 'Softplus', 'Softsign', 'Mish', 'HardSwish'].map((op) => f(op, x)),
        ...['Sqrt', 'Log', 'Reciprocal'].map((op) => f(op, pos)),
        f('LeakyRelu', x, { alpha: float(0.2) }), f('Elu', x, { alpha: float(0.5) }), f('Selu', x), f('Celu', x, { alpha: float(2) }),
        f('HardSigmoid', x, { alpha: float(0.3), beta: float(0.4) }), f('ThresholdedRelu', x, { alpha: float(0.3) }), f('Shrink', x, { bias: float(0.1), lambd: float(0.4) }),
        f('Gelu', x), b.node('Clip', [x, scalar(b, 'lo', -0.5), scalar(b, 'hi', 0.7)]), b.node('Pow', [pos, scalar(b, 'e', 1.5)]),
        b.node('PRelu', [x, scalar(b, 'slope', 0.3)]), b.node('Mod', [x, scalar(b, 'm', 0.7)], { attrs: { fmod: 1 } }),
        b.node('Max', [x, scalar(b, 'mx', 0.1)]), b.node('Min', [x, scalar(b, 'mn', -0.1)]), b.node('Mean', [x, pos]),
      ];
      b.node('Sum', terms, { outputs: ['out'] });
      b.output('out', 'float32');
    }, 20);
    return run(model, 1e-5, 'fused-elementwise-vec4');
  });

  it('bool intermediates: Where(Greater(x, 0.2), x, 0.1·x) and a shared subexpression', () => {
    const model = fused((b) => {
      const x = b.input('x', 'float32', [4, 9]);
      const t = b.node('Tanh', [x]);
      const w = b.node('Where', [b.node('Greater', [t, scalar(b, 'k', 0.2)]), t, b.node('Mul', [t, scalar(b, 'slope', 0.1)])]);
      b.node('Add', [w, b.node('Sigmoid', [t])], { outputs: ['out'] });
      b.output('out', 'float32');
    });
    return run(model, 1e-5, 'fused-elementwise-vec4');
  });

  it('a bool result: And(Less(x, y), Not(IsNaN(x)))', () => {
    const model = fused((b) => {
      const [x, y] = [b.input('x', 'float32', [3, 5]), b.input('y', 'float32', [1, 5])];
      b.node('And', [b.node('Less', [x, y]), b.node('Not', [b.node('IsNaN', [x])])], { outputs: ['out'] });
      b.output('out', 'bool');
    });
    return run(model, 0, 'fused-elementwise-rows');
  });

  it('integer arithmetic: Mod(Cast(x·10 → int32) + 7, 4)', () => {
    const model = fused((b) => {
      const x = b.input('x', 'float32', [17]);
      const i = b.node('Cast', [b.node('Mul', [x, scalar(b, 'ten', 10)])], { attrs: { to: 6 } });
      b.node('Mod', [b.node('Add', [i, scalar(b, 'seven', 7, 'int32')]), scalar(b, 'four', 4, 'int32')], { outputs: ['out'] });
      b.output('out', 'int32');
    });
    return run(model, 0, 'fused-elementwise');
  });

  it('float16 tensors (rel L2 <= 2e-2)', () => {
    const model = fused((b) => {
      const x = b.input('x', 'float16', [4, 6]);
      const s = b.node('Sigmoid', [b.node('Mul', [x, scalar(b, 'k', 1.5, 'float16')])]);
      b.node('Mul', [x, s], { outputs: ['out'] });
      b.output('out', 'float16');
    });
    return run(model, 2e-2, 'fused-elementwise-vec4');
  });
});

describe('kiln.FusedElementwise matches the expression language CPU reference', () => {
  // onnxruntime's CPU Sigmoid (MLAS) approximates: for x < -16 its results are off by up to 70%
  // (the bundled PaddleOCR detector's final sigmoid sees logits down to -40 on random inputs).
  // Kiln computes 1 / (1 + exp(-x)); the reference is evaluateExpression, in float64 rounded to
  // float32 per op. Tolerance: rel L2 <= 1e-5.
  it('sigmoid tails: sigmoid(x + c) for x in [-40, -15]', async () => {
    const model = fused((b) => {
      const x = b.input('x', 'float32', [4, 8]);
      b.node('Sigmoid', [b.node('Add', [x, scalar(b, 'c', -0.0995)])], { outputs: ['out'] });
      b.output('out', 'float32');
    });
    const node = model.graph.nodes.find((n) => n.opType === 'FusedElementwise')!;
    const expr = parseExpression(node.attributes.find((a) => a.name === 'expression')!.value as string);
    const x = tensorFromNumbers('x', 'float32', [4, 8], Array.from({ length: 32 }, (_, i) => -40 + (25 * i) / 31));
    const { device, wgslLanguageFeatures } = await createNodeGpu();
    const compiled = await compileModel(device, model, { inputShapes: { x: [4, 8] }, wgslLanguageFeatures });
    try {
      const { outputs } = await compiled.run([x]);
      const cmp = compareTensors(outputs[0]!, evaluateExpression(expr, [x]));
      expect(cmp.relL2).toBeLessThanOrEqual(1e-5);
    } finally {
      compiled.destroy();
    }
  });
});
