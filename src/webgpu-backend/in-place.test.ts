// Kernels that overwrite their input in place, and Concat whose inputs are written straight into
// its output, on Dawn against onnxruntime (rel L2 <= 1e-5, float32). Each case also checks the
// plan chose (or declined) the sharing it is about.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../ir/builder.ts';
import type { Model } from '../ir/types.ts';
import { checkOnGpu } from '../node/kernel-check.ts';
import { randomInputs } from '../reference/random-inputs.ts';
import { checkSupport } from './compile.ts';
import { CONCAT_IN_PLACE_KEY } from './concat-in-place.ts';
import { OPS } from './ops.ts';

const REL_L2 = 1e-5;

async function run(model: Model) {
  const inputs = randomInputs(model.graph, { seed: 8 });
  const check = await checkOnGpu(model, inputs);
  for (const cmp of check.comparisons) {
    expect(cmp.problem).toBeUndefined();
    expect(cmp.relL2).toBeLessThanOrEqual(REL_L2);
  }
  // Runs again from the same buffers: an input overwritten in place is uploaded afresh.
  const again = await check.compiled.run(inputs);
  expect(again.outputs.map((t) => t.data)).toEqual(check.result.outputs.map((t) => t.data));
  return check;
}

function graph(build: (b: GraphBuilder, x: string) => void, dims = [3, 8]): Model {
  const b = new GraphBuilder();
  build(b, b.input('x', 'float32', dims));
  return makeModel(b.build());
}

describe('in place', () => {
  it('a chain of elementwise kernels reuses one buffer region, from the graph input on', async () => {
    const model = graph((b, x) => {
      b.node('Sqrt', [b.node('Abs', [b.node('Neg', [b.node('Exp', [x])])])], { outputs: ['y'] });
      b.output('y', 'float32');
    });
    const { compiled } = await run(model);
    expect(compiled.plan.kernels.map((k) => k.inPlace?.input)).toEqual(['x', 'Exp_0_out', 'Neg_0_out', 'Abs_0_out']);
    expect(new Set(compiled.plan.assignments.map((a) => a.storage))).toEqual(new Set(['x']));
    compiled.destroy();
  });

  it('declines where the input is read later, and binds a value read twice only once', async () => {
    const model = graph((b, x) => {
      const r = b.node('Relu', [x], { name: 'relu' });
      const sq = b.node('Mul', [r, r], { name: 'square' });
      b.node('Add', [x, sq], { name: 'sum', outputs: ['y'] });
      b.output('y', 'float32');
    });
    const { compiled } = await run(model);
    const inPlace = Object.fromEntries(compiled.plan.kernels.map((k) => [k.id, k.inPlace?.input]));
    expect(inPlace).toEqual({ relu: undefined, square: undefined, sum: 'x' });
    // Mul(r, r): one read_write binding serves both operands (two would alias).
    expect(compiled.plan.kernels[1]!.wgsl).toMatch(/let a = A\[index\];\s+let b = A\[index\];/);
    compiled.destroy();
  });

  it('broadcast Add runs in place over whichever operand has the output shape', async () => {
    const model = graph((b, x) => {
      const bias = b.node('Exp', [b.input('v', 'float32', [8])], { name: 'bias' });
      b.node('Add', [bias, b.node('Neg', [x], { name: 'neg' })], { name: 'add', outputs: ['y'] });
      b.output('y', 'float32');
    });
    const { compiled } = await run(model);
    expect(compiled.plan.kernels.find((k) => k.id === 'add')!.inPlace).toEqual({ input: 'neg_out', output: 'y' });
    compiled.destroy();
  });
});

function concatModel(sliceDims: number[], axis: number): Model {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', sliceDims);
  const a = b.node('Relu', [x], { name: 'relu' });
  const n = b.node('Neg', [x], { name: 'neg' });
  b.node('Concat', [a, n], { name: 'concat', attrs: { axis } });
  b.node('Exp', ['concat_out'], { name: 'exp', outputs: ['y'] });
  b.output('y', 'float32');
  const g = b.build();
  const nodes = g.nodes.map((node) => (node.opType === 'Concat' ? { ...node, metadata: [{ key: CONCAT_IN_PLACE_KEY, value: 'true' }] } : node));
  return makeModel({ ...g, nodes });
}

describe('Concat in place (metadata kiln.concat_in_place)', () => {
  it('producers write into slices of the output; no Concat kernel runs', async () => {
    const { compiled } = await run(concatModel([1, 64], 1));
    expect(compiled.plan.kernels.map((k) => k.id)).toEqual(['relu', 'neg', 'exp']);
    const at = (v: string) => compiled.plan.assignments.find((a) => a.value === v)!;
    expect(at('relu_out')).toMatchObject({ offset: at('concat_out').offset, storage: 'concat_out' });
    expect(at('neg_out')).toMatchObject({ offset: at('concat_out').offset + 256, storage: 'concat_out' });
    compiled.destroy();
  });

  it('declines slices that do not start on the binding alignment, or are not contiguous', () => {
    for (const [dims, axis, why] of [[[1, 10], 1, 'would start at byte 40, not a multiple of 256'], [[2, 64], 1, 'are not contiguous']] as const) {
      const unsupported = checkSupport(concatModel([...dims], axis), { inputShapes: {} });
      if (OPS.Concat) expect(unsupported).toEqual([]);
      else expect(unsupported[0]!.reason).toContain(why);
    }
  });
});
