import { describe, expect, it } from 'vitest';
import { float } from '../../ir/builder.ts';
import { attrFloat, attrString } from '../../ir/attributes.ts';
import type { Model } from '../../ir/types.ts';
import { deepFreeze, expectSameOutputs } from '../testing/support.ts';
import { recognizeActivations } from './recognize-activations.ts';
import { cleanedBundled, DET_LOGITS, opCounts, withOutputs } from './testing/bundled.ts';
import { opTypes, unaryModel, type Build } from './testing/build.ts';

const SHAPE = [2, 3, 8];

/** Clip with its bounds as inputs (opset >= 11) or attributes (before). */
function clip(k: Build, opset: number, input: string, lo: number, hi: number): string {
  return opset >= 11 ? k.b.node('Clip', [input, k.scalar('lo', lo), k.scalar('hi', hi)], { name: 'clip' }) : k.b.node('Clip', [input], { name: 'clip', attrs: { min: float(lo), max: float(hi) } });
}

/** PaddlePaddle's hardswish: x·Clip(x+3, 0, 6)/6. */
function paddleHardSwish(opset: number, six = 6): Model {
  return unaryModel(opset, SHAPE, (k) => {
    const t = k.b.node('Add', [k.x, k.scalar('three', 3)], { name: 'add' });
    const p = k.b.node('Mul', [k.x, clip(k, opset, t, 0, 6)], { name: 'mul' });
    k.b.node('Div', [p, k.scalar('six', six)], { name: 'div', outputs: ['y'] });
  });
}

/** x·½·(1+erf(x/√2)) in one of the three orders exporters use. */
function erfGelu(opset: number, order: 'x-then-half' | 'half-branch' | 'half-x', root2 = Math.SQRT2): Model {
  return unaryModel(opset, SHAPE, (k) => {
    const erf = k.b.node('Erf', [k.b.node('Div', [k.x, k.scalar('root2', root2)], { name: 'div' })], { name: 'erf' });
    const branch = k.b.node('Add', [k.scalar('one', 1), erf], { name: 'add' });
    const half = k.scalar('half', 0.5);
    if (order === 'x-then-half') k.b.node('Mul', [k.b.node('Mul', [k.x, branch]), half], { outputs: ['y'] });
    else if (order === 'half-branch') k.b.node('Mul', [k.x, k.b.node('Mul', [half, branch])], { outputs: ['y'] });
    else k.b.node('Mul', [k.b.node('Mul', [half, k.x]), branch], { outputs: ['y'] });
  });
}

/** ½·x·(1+tanh(√(2/π)·(x+0.044715·x³))) with x³ as Pow or as x·x·x. */
function tanhGelu(opset: number, cube: 'pow' | 'mul'): Model {
  return unaryModel(opset, SHAPE, (k) => {
    const x3 = cube === 'pow' ? k.b.node('Pow', [k.x, k.scalar('three', 3)]) : k.b.node('Mul', [k.b.node('Mul', [k.x, k.x]), k.x]);
    const inner = k.b.node('Add', [k.x, k.b.node('Mul', [k.scalar('c', 0.044715), x3])]);
    const t = k.b.node('Tanh', [k.b.node('Mul', [inner, k.scalar('k', Math.sqrt(2 / Math.PI))])]);
    k.b.node('Mul', [k.b.node('Mul', [k.x, k.scalar('half', 0.5)]), k.b.node('Add', [t, k.scalar('one', 1)])], { outputs: ['y'] });
  });
}

async function recognizes(model: Model, ops: string[]): Promise<Model> {
  const { model: out } = recognizeActivations.run(deepFreeze(model));
  expect(opTypes(out)).toEqual(ops);
  await expectSameOutputs(model, out, {}, { relL2: 1e-6 });
  return out;
}

describe('recognize-activations', () => {
  it('recognizes Clip(x·α+β, 0, 1) as HardSigmoid with α and β from the constants', async () => {
    const model = unaryModel(17, SHAPE, (k) => {
      const t = k.b.node('Add', [k.b.node('Mul', [k.x, k.scalar('a', 0.2)], { name: 'mul' }), k.scalar('b', 0.5)], { name: 'add' });
      k.b.node('Clip', [t, k.scalar('lo', 0), k.scalar('hi', 1)], { name: 'clip', outputs: ['y'] });
    });
    const { model: out, changes } = recognizeActivations.run(model);
    expect(changes.explanations.map((e) => e.message)).toEqual(['recognized Clip(x·α+β, 0, 1) (Mul mul, Add add, Clip clip) as HardSigmoid(α=0.2, β=0.5)']);
    await recognizes(model, ['HardSigmoid']);
    expect(attrFloat(out.graph.nodes[0]!, 'alpha')).toBeCloseTo(0.2, 7);
  });

  it('recognizes Relu6(x+3)/6 with Clip attributes (opset 9) as HardSigmoid(1/6, 1/2)', async () => {
    const model = unaryModel(9, SHAPE, (k) => {
      k.b.node('Div', [clip(k, 9, k.b.node('Add', [k.x, k.scalar('three', 3)]), 0, 6), k.scalar('six', 6)], { outputs: ['y'] });
    });
    const out = await recognizes(model, ['HardSigmoid']);
    expect(attrFloat(out.graph.nodes[0]!, 'alpha')).toBeCloseTo(1 / 6, 7);
    expect(attrFloat(out.graph.nodes[0]!, 'beta')).toBeCloseTo(0.5, 7);
  });

  it('recognizes x·HardSigmoid(x; 1/6, 1/2) as HardSwish at opset 14', async () => {
    const model = unaryModel(14, SHAPE, (k) => {
      k.b.node('Mul', [k.b.node('HardSigmoid', [k.x], { attrs: { alpha: float(1 / 6), beta: float(0.5) } }), k.x], { outputs: ['y'] });
    });
    await recognizes(model, ['HardSwish']);
  });

  it('recognizes PaddlePaddle\'s x·Relu6(x+3)/6 as HardSwish (opset 14) or kiln.HardSwish (opset 11)', async () => {
    await recognizes(paddleHardSwish(14), ['HardSwish']);
    const out = await recognizes(paddleHardSwish(11), ['kiln.HardSwish']);
    expect(out.functions.map((f) => `${f.domain}.${f.name}: ${f.nodes.map((n) => n.opType).join(', ')}`)).toEqual(['kiln.HardSwish: HardSigmoid, Mul']);
    expect(out.opsetImports).toContainEqual({ domain: 'kiln', version: 1 });
    const { changes } = recognizeActivations.run(paddleHardSwish(11));
    expect(changes.explanations.map((e) => e.message)).toEqual([
      'recognized HardSwish x·Relu6(x+3)/6 (Add add, Clip clip, Mul mul, Div div) as kiln.HardSwish (a model-local function: opset 11 predates ONNX HardSwish, opset 14)',
    ]);
  });

  it('declines a HardSwish whose divisor is close to 6 but not 6, and says so', () => {
    const model = paddleHardSwish(14, 6.05);
    const { model: out, changes } = recognizeActivations.run(model);
    expect(out).toBe(model);
    expect(changes.nearMisses).toEqual([
      { rule: 'recognize-activations/hard-swish-relu6-div', nodeId: 'div', reason: 'the final divisor is 6.05, close to 6 but not equal (relative difference 8.3e-3)' },
    ]);
  });

  it('recognizes SiLU and Swish as com.microsoft.QuickGelu', async () => {
    await recognizes(unaryModel(17, SHAPE, (k) => void k.b.node('Mul', [k.b.node('Sigmoid', [k.x]), k.x], { outputs: ['y'] })), ['com.microsoft.QuickGelu']);
    const swish = unaryModel(17, SHAPE, (k) => void k.b.node('Mul', [k.x, k.b.node('Sigmoid', [k.b.node('Mul', [k.scalar('beta', 1.702), k.x])])], { outputs: ['y'] }));
    const out = await recognizes(swish, ['com.microsoft.QuickGelu']);
    expect(attrFloat(out.graph.nodes[0]!, 'alpha')).toBeCloseTo(1.702, 6);
  });

  it.each(['x-then-half', 'half-branch', 'half-x'] as const)('recognizes erf GELU written %s as com.microsoft.Gelu (opset 17) and Gelu (opset 20)', async (order) => {
    await recognizes(erfGelu(17, order), ['com.microsoft.Gelu']);
    await recognizes(erfGelu(20, order), ['Gelu']);
  });

  it.each(['pow', 'mul'] as const)('recognizes tanh GELU with x³ as %s as com.microsoft.FastGelu (opset 17) and Gelu tanh (opset 20)', async (cube) => {
    await recognizes(tanhGelu(17, cube), ['com.microsoft.FastGelu']);
    const out = await recognizes(tanhGelu(20, cube), ['Gelu']);
    expect(attrString(out.graph.nodes[0]!, 'approximate')).toBe('tanh');
  });

  it('declines an erf GELU whose √2 is written with four digits', () => {
    const model = erfGelu(17, 'x-then-half', 1.414);
    const { model: out, changes } = recognizeActivations.run(model);
    expect(out).toBe(model);
    expect(changes.nearMisses.map((n) => n.reason)).toEqual(['the divisor inside Erf is 1.414, close to √2 but not equal (relative difference 1.5e-4)']);
  });

  it.each([
    ['transformer', { 'com.microsoft.Gelu': 1 }],
    ['paddleocr-cls', { 'kiln.HardSwish': 18 }],
    ['paddleocr-det', { 'kiln.HardSwish': 24 }],
  ] as const)('recognizes the activations of %s, equal in onnxruntime', async (id, produced) => {
    const { c, model: cleaned } = cleanedBundled(id);
    const model = id === 'paddleocr-det' ? withOutputs(cleaned, [DET_LOGITS]) : cleaned;
    const { model: out } = recognizeActivations.run(model);
    const counts = opCounts(out);
    for (const [op, n] of Object.entries(produced)) expect(counts[op]).toBe(n);
    await expectSameOutputs(model, out, c, { relL2: 1e-5 });
  });
});
