// If on the GPU (control-flow.ts, branch-decider.ts), against onnxruntime: a condition known at
// compile time lowers only the taken branch; a run-time one compiles both and runs one, deciding
// on the CPU when the condition follows from the inputs, else by reading it back from the GPU.
// Tolerance: rel L2 <= 1e-5 (float32 elementwise kernels).
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../../ir/builder.ts';
import { isInputError } from '../../../ir/errors.ts';
import { exportModel } from '../../../ir/onnx/export.ts';
import { tensorFromNumbers } from '../../../ir/tensor.ts';
import type { Graph, Model, Tensor } from '../../../ir/types.ts';
import { createNodeGpu } from '../../../node/dawn.ts';
import { compareOutputs } from '../../../reference/compare.ts';
import { runOrt } from '../../../reference/ort-node.ts';
import { seededRandom } from '../../../reference/random-inputs.ts';
import { checkSupport, compileModel, type CompiledModel } from '../../compile.ts';

const REL_L2 = 1e-5;

function branch(name: string, build: (g: GraphBuilder) => string[]): Graph {
  const g = new GraphBuilder(name);
  for (const out of build(g)) g.output(out);
  return g.build();
}

function floats(name: string, dims: number[], seed: number): Tensor {
  const rand = seededRandom(seed);
  return tensorFromNumbers(name, 'float32', dims, Array.from({ length: dims.reduce((p, d) => p * d, 1) }, () => rand() * 2 - 1));
}

async function compile(model: Model, inputs: readonly Tensor[]): Promise<CompiledModel> {
  const { device, wgslLanguageFeatures } = await createNodeGpu();
  return compileModel(device, model, { inputShapes: Object.fromEntries(inputs.map((t) => [t.name, t.dims])), wgslLanguageFeatures });
}

/** Runs Kiln and onnxruntime on the inputs; returns the kernel ids that ran. */
async function expectMatchesOrt(compiled: CompiledModel, model: Model, inputs: readonly Tensor[]): Promise<string[]> {
  const result = await compiled.run(inputs);
  const expected = await runOrt(exportModel(model), inputs);
  for (const cmp of compareOutputs(result.outputs, expected)) {
    expect(cmp.problem).toBeUndefined();
    expect(cmp.relL2).toBeLessThanOrEqual(REL_L2);
  }
  return result.timing.kernels.filter((k) => !k.skipped).map((k) => k.kernelId);
}

/** y = If(s > 0) then Relu(x) + x else Neg(x) * x: a scalar input decides. */
function scalarIfModel(): Model {
  const b = new GraphBuilder();
  b.input('s', 'float32', []);
  b.input('x', 'float32', [3, 5]);
  b.initializer(tensorFromNumbers('zero', 'float32', [], [0]));
  b.node('Greater', ['s', 'zero'], { name: 'positive', outputs: ['cond'] });
  const thenBranch = branch('then', (g) => [g.node('Add', [g.node('Relu', ['x'], { name: 'then_relu' }), 'x'], { name: 'then_add' })]);
  const elseBranch = branch('else', (g) => [g.node('Mul', [g.node('Neg', ['x'], { name: 'else_neg' }), 'x'], { name: 'else_mul' })]);
  b.node('If', ['cond'], { name: 'if', attrs: { then_branch: thenBranch, else_branch: elseBranch }, outputs: ['y'] });
  b.node('Sigmoid', ['y'], { name: 'after', outputs: ['z'] });
  b.output('z', 'float32', [3, 5]);
  return makeModel(b.build());
}

describe('If', () => {
  it('lowers only the taken branch when the condition folds (the other may hold ops Kiln lacks)', async () => {
    const b = new GraphBuilder();
    b.input('x', 'float32', [2, 4]);
    // cond = (x.shape[0] == 2): a shape computation, folded at compile time.
    b.node('Shape', ['x'], { name: 'shape', outputs: ['x_shape'] });
    b.initializer(tensorFromNumbers('i0', 'int64', [], [0]));
    b.initializer(tensorFromNumbers('two', 'int64', [], [2]));
    b.node('Gather', ['x_shape', 'i0'], { name: 'rows', outputs: ['n'] });
    b.node('Equal', ['n', 'two'], { name: 'is_two', outputs: ['cond'] });
    const thenBranch = branch('then', (g) => [g.node('Tanh', ['x'], { name: 'then_tanh' })]);
    const elseBranch = branch('else', (g) => [g.node('MeanVarianceNormalization', ['x'], { name: 'else_mvn' })]);
    b.node('If', ['cond'], { name: 'if', attrs: { then_branch: thenBranch, else_branch: elseBranch }, outputs: ['y'] });
    b.output('y', 'float32', [2, 4]);
    const model = makeModel(b.build());
    const x = floats('x', [2, 4], 1);
    expect(checkSupport(model, { inputShapes: { x: [2, 4] } })).toEqual([]);
    const compiled = await compile(model, [x]);
    expect(compiled.plan.kernels.map((k) => k.id)).toEqual(['then_tanh']);
    expect(compiled.plan.foldedNodes).toContain('if');
    await expectMatchesOrt(compiled, model, [x]);
    compiled.destroy();
  });

  it('decides on the CPU from a graph input and runs only the taken branch', async () => {
    const model = scalarIfModel();
    const x = floats('x', [3, 5], 2);
    const compiled = await compile(model, [tensorFromNumbers('s', 'float32', [], [1]), x]);
    // Greater feeds nothing but the condition: it runs on the CPU and gets no kernel.
    expect(compiled.plan.kernels.map((k) => `${k.id}${k.guards ? ` [${k.guards.map((g) => `${g.ifId}:${g.branch}`).join(' ')}]` : ''}`)).toEqual([
      'then_relu [if:then]',
      'then_add [if:then]',
      'if/then_output_0 [if:then]',
      'else_neg [if:else]',
      'else_mul [if:else]',
      'if/else_output_0 [if:else]',
      'after',
    ]);
    for (const [s, ran] of [
      [2, ['then_relu', 'then_add', 'if/then_output_0', 'after']],
      [-3, ['else_neg', 'else_mul', 'if/else_output_0', 'after']],
    ] as const) {
      const kernels = await expectMatchesOrt(compiled, model, [tensorFromNumbers('s', 'float32', [], [s]), x]);
      if (kernels.length) expect(kernels).toEqual(ran); // per-kernel times need 'timestamp-query'
    }
    compiled.destroy();
  });

  it('reads a condition computed on the GPU back, with a nested If and outer values in both branches', async () => {
    // cond = x[0][0] > 0 from a tensor too big for the CPU path: read back from the GPU.
    const b = new GraphBuilder();
    b.input('x', 'float32', [260, 256]);
    b.input('v', 'float32', [4]);
    b.input('flag', 'bool', []);
    b.initializer(tensorFromNumbers('i0', 'int64', [], [0]));
    b.initializer(tensorFromNumbers('zero', 'float32', [], [0]));
    b.node('Gather', ['x', 'i0'], { name: 'row', outputs: ['x_row'] });
    b.node('Gather', ['x_row', 'i0'], { name: 'first', outputs: ['x00'] });
    b.node('Greater', ['x00', 'zero'], { name: 'positive', outputs: ['cond'] });
    b.node('Exp', ['v'], { name: 'shared', outputs: ['ev'] });
    const inner = (tag: string, op: string) => branch(`${tag}`, (g) => [g.node(op, ['ev'], { name: `${tag}_op` })]);
    const thenBranch = branch('then', (g) => {
      g.node('If', ['flag'], { name: 'inner', attrs: { then_branch: inner('inner_then', 'Sqrt'), else_branch: inner('inner_else', 'Tanh') }, outputs: ['inner_y'] });
      return [g.node('Mul', ['inner_y', 'v'], { name: 'then_mul' })];
    });
    const elseBranch = branch('else', (g) => [g.node('Add', ['ev', 'v'], { name: 'else_add' })]);
    b.node('If', ['cond'], { name: 'outer', attrs: { then_branch: thenBranch, else_branch: elseBranch }, outputs: ['y'] });
    b.output('y', 'float32', [4]);
    const model = makeModel(b.build());
    const v = floats('v', [4], 3);
    for (const [first, flag] of [[1, 1], [1, 0], [-1, 1]] as const) {
      const x = floats('x', [260, 256], 4);
      (x.data.kind === 'raw' ? new Float32Array(x.data.bytes.buffer, x.data.bytes.byteOffset, 1) : new Float32Array(1))[0] = first;
      const inputs = [x, v, tensorFromNumbers('flag', 'bool', [], [flag])];
      const compiled = await compile(model, inputs);
      await expectMatchesOrt(compiled, model, inputs);
      compiled.destroy();
    }
  });

  it('sets aside a branch that cannot run for these shapes: a run that takes it fails like onnxruntime', async () => {
    const b = new GraphBuilder();
    b.input('s', 'float32', []);
    // Symbolic rows: onnxruntime loads the model and fails only when it runs the MatMul.
    b.input('x', 'float32', ['rows', 3]);
    b.initializer(tensorFromNumbers('zero', 'float32', [], [0]));
    b.node('Greater', ['s', 'zero'], { name: 'positive', outputs: ['cond'] });
    const thenBranch = branch('then', (g) => [g.node('Relu', ['x'], { name: 'then_relu' })]);
    // Compiled for [2,3]: [2,3] x [2,3] is no MatMul, so the else branch cannot run.
    const elseBranch = branch('else', (g) => [g.node('MatMul', ['x', 'x'], { name: 'else_matmul' })]);
    b.node('If', ['cond'], { name: 'if', attrs: { then_branch: thenBranch, else_branch: elseBranch }, outputs: ['y'] });
    b.output('y', 'float32');
    const model = makeModel(b.build());
    const x = floats('x', [2, 3], 5);
    const compiled = await compile(model, [tensorFromNumbers('s', 'float32', [], [1]), x]);
    expect(compiled.plan.kernels.map((k) => k.id)).toEqual(['then_relu', 'if/then_output_0']);
    await expectMatchesOrt(compiled, model, [tensorFromNumbers('s', 'float32', [], [1]), x]);
    const error = await compiled.run([tensorFromNumbers('s', 'float32', [], [-1]), x]).catch((e: unknown) => e);
    expect(isInputError(error)).toBe(true);
    expect(String(error)).toMatch(/If \(if\) took its else branch.*MatMul \(else_matmul\)/);
    await expect(runOrt(exportModel(model), [tensorFromNumbers('s', 'float32', [], [-1]), x])).rejects.toThrow();
    // The model still works after the failed run.
    await expectMatchesOrt(compiled, model, [tensorFromNumbers('s', 'float32', [], [3]), x]);
    compiled.destroy();
  });

  it('names the problems of both branches when neither can run', () => {
    const b = new GraphBuilder();
    b.input('c', 'bool', []);
    b.input('x', 'float32', [2, 3]);
    const thenBranch = branch('then', (g) => [g.node('MeanVarianceNormalization', ['x'], { name: 'then_mvn' })]);
    const elseBranch = branch('else', (g) => [g.node('MeanVarianceNormalization', ['x'], { name: 'else_mvn' })]);
    b.node('If', ['c'], { name: 'if', attrs: { then_branch: thenBranch, else_branch: elseBranch }, outputs: ['y'] });
    b.output('y', 'float32', [2, 3]);
    const found = checkSupport(makeModel(b.build()), { inputShapes: { c: [], x: [2, 3] } });
    expect(found.map((f) => f.nodeId)).toEqual(['then_mvn', 'else_mvn']);
  });
});
