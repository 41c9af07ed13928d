// The expression language: text round trips, bad text is refused with its position, and the CPU
// evaluator agrees with onnxruntime running the lowered function body.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../../ir/builder.ts';
import { exportModel } from '../../../ir/onnx/export.ts';
import { tensorFromNumbers, tensorToNumbers } from '../../../ir/tensor.ts';
import type { Tensor } from '../../../ir/types.ts';
import { compareTensors } from '../../../reference/compare.ts';
import { runOrt } from '../../../reference/ort-node.ts';
import { seededRandom } from '../../../reference/random-inputs.ts';
import { call, constant, evaluateExpression, expressionFunction, input, parseExpression, printExpression, type Expr } from './index.ts';

const random = (name: string, dims: number[], seed: number, lo = -2, hi = 2): Tensor => {
  const r = seededRandom(seed);
  return tensorFromNumbers(name, 'float32', dims, Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => lo + (hi - lo) * r()));
};

/** Runs the lowered function body in onnxruntime through one kiln.FusedElementwise call. */
async function runInOrt(expr: Expr, inputs: Tensor[], opset = 17): Promise<Tensor> {
  const b = new GraphBuilder('g');
  const names = inputs.map((t, k) => b.input(`in${k}`, t.dtype, t.dims));
  b.node('FusedElementwise', names, { domain: 'kiln', attrs: { expression: printExpression(expr) }, outputs: ['y'] });
  b.output('y');
  const fn = expressionFunction(expr, 'test', opset);
  const g = b.build();
  const graph = { ...g, nodes: g.nodes.map((n) => ({ ...n, overload: 'test' })) };
  const model = makeModel(graph, { opsetImports: [{ domain: '', version: opset }, { domain: 'kiln', version: 1 }], functions: [fn] });
  const [y] = await runOrt(exportModel(model), inputs.map((t, k) => ({ ...t, name: `in${k}` })), { graphOptimizationLevel: 'disabled' });
  return y!;
}

describe('expression text', () => {
  const texts = [
    'mul(add(x0, x1), sigmoid(x0))',
    't0 = sub(x0, x1); div(t0, sqrt(add(mul(t0, t0), 0.00001)))',
    'clip(leaky_relu(x0, alpha=0.1), 0, 6)',
    'add(mul(x0, [0.5, -1.25, 3]), float32[3,1,1]{1, 2, inf})',
    'where(greater(x0, 0), x0, mul(x0, -0.5))',
    'cast(not(is_nan(x0)), to=float32)',
    'gelu(x0, approximate="tanh")',
    'max(x0, x1, x2, int64[]{-3})',
  ];
  it.each(texts)('%s reads back as itself', (text) => {
    expect(printExpression(parseExpression(text))).toBe(text);
  });

  it('prints a call used twice once, as a binding', () => {
    const t = call('Sub', [input(0), input(1)]);
    const e = call('Div', [t, call('Sqrt', [call('Mul', [t, t])])]);
    expect(printExpression(e)).toBe('t0 = sub(x0, x1); div(t0, sqrt(mul(t0, t0)))');
    const back = parseExpression(printExpression(e));
    expect(back.kind === 'call' && back.args[0]).toBe(back.kind === 'call' && back.args[1]!.kind === 'call' && back.args[1]!.args[0]!.kind === 'call' ? back.args[1]!.args[0]!.args[0] : undefined);
  });

  it('prints the shortest float32 decimals', () => {
    expect(printExpression(call('Mul', [input(0), constant('float32', [], [Math.fround(0.1)])]))).toBe('mul(x0, 0.1)');
    expect(printExpression(call('Div', [input(0), constant('float32', [], [Math.fround(Math.SQRT2)])]))).toBe('div(x0, 1.4142135)');
  });

  it.each([
    ['add(x0', "expression: expected ')' at 6 in \"add(x0\""],
    ['frob(x0)', "expression: unknown op 'frob' at 4 in \"frob(x0)\""],
    ['add(x0)', 'expression: add takes 2 arguments, not 1 at 7 in "add(x0)"'],
    ['relu(x0, alpha=1)', "expression: relu has no attribute 'alpha' at 9 in \"relu(x0, alpha=1)\""],
    ['float32[2]{1}', 'expression: a float32[2] constant needs 2 values, not 1 at 13 in "float32[2]{1}"'],
    ['add(x0, y)', "expression: unknown name 'y' at 9 in \"add(x0, y)\""],
    ['add(x0, x1) x2', 'expression: unexpected text after the expression at 12 in "add(x0, x1) x2"'],
  ])('refuses %s', (text, message) => {
    expect(() => parseExpression(text)).toThrow(message);
  });
});

describe('evaluateExpression', () => {
  it('computes mul(add(x0, x1), sigmoid(x0)) with broadcasting', () => {
    const x0 = random('a', [2, 3], 1);
    const x1 = tensorFromNumbers('b', 'float32', [3], [1, -2, 0.5]);
    const y = evaluateExpression(parseExpression('mul(add(x0, x1), sigmoid(x0))'), [x0, x1]);
    const a = tensorToNumbers(x0);
    const expected = Array.from(a, (v, i) => Math.fround(Math.fround(v + [1, -2, 0.5][i % 3]!) * Math.fround(1 / (1 + Math.exp(-v)))));
    expect(y.dims).toEqual([2, 3]);
    expect(Array.from(tensorToNumbers(y))).toEqual(expected);
  });

  it('refuses to read an input it was not given', () => {
    expect(() => evaluateExpression(parseExpression('add(x0, x1)'), [random('a', [1], 1)])).toThrow('expression reads x1 but 1 input was given');
  });

  const cases: [string, number[][]][] = [
    ['t0 = sub(x0, x1); div(t0, sqrt(add(mul(t0, t0), 1e-05)))', [[4, 8], [4, 1]]],
    ['mul(mul(x0, add(erf(div(x0, 1.4142135)), 1)), 0.5)', [[2, 16]]],
    ['mul(x0, clip(add(x0, 3), 0, 6))', [[3, 5]]],
    ['hard_swish(hard_sigmoid(x0, alpha=0.3, beta=0.4))', [[7]]],
    ['where(greater(x0, x1), elu(x0, alpha=0.5), leaky_relu(x1))', [[2, 3, 4], [3, 1]]],
    ['max(x0, x1, min(x0, 0.25))', [[5, 2], [2]]],
    ['mean(x0, abs(x1), neg(x0))', [[6], [6]]],
    ['add(cast(less(x0, 0), to=float32), tanh(x0))', [[9]]],
    ['pow(abs(x0), float32[1,3,1]{0.5, 2, 3})', [[2, 3, 4]]],
    ['softplus(selu(celu(x0, alpha=2)))', [[10]]],
    ['shrink(thresholded_relu(x0, alpha=0.2), bias=0.1, lambd=0.3)', [[10]]],
  ];
  it.each(cases)('%s agrees with onnxruntime running its function body', async (text, shapes) => {
    const expr = parseExpression(text);
    const inputs = shapes.map((dims, k) => random(`x${k}`, dims, 10 + k));
    const want = await runInOrt(expr, inputs);
    const got = evaluateExpression(expr, inputs);
    expect(got.dims).toEqual(want.dims);
    expect(compareTensors(got, want).relL2).toBeLessThanOrEqual(1e-6);
  });

  it('agrees with onnxruntime on opset 9 Clip, whose bounds are attributes', async () => {
    const expr = call('Clip', [call('Add', [input(0), constant('float32', [], [1])])], { min: 0, max: 1.5 });
    expect(printExpression(expr)).toBe('clip(add(x0, 1), max=1.5, min=0)');
    const inputs = [random('x', [12], 3)];
    const want = await runInOrt(expr, inputs, 9);
    expect(compareTensors(evaluateExpression(expr, inputs), want).relL2).toBeLessThanOrEqual(1e-7);
  });
});
