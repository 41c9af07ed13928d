// Loop and Scan unrolled at compile time (unroll.ts) against onnxruntime; rel L2 <= 1e-5.
// Refusals: a trip count from the inputs, a condition the body computes.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../../ir/builder.ts';
import { tensorFromNumbers } from '../../../ir/tensor.ts';
import type { Graph, Model, Tensor } from '../../../ir/types.ts';
import { checkOnGpu } from '../../../node/kernel-check.ts';
import { seededRandom } from '../../../reference/random-inputs.ts';
import { checkSupport } from '../../compile.ts';

const REL_L2 = 1e-5;

function floats(name: string, dims: number[], seed: number): Tensor {
  const rand = seededRandom(seed);
  return tensorFromNumbers(name, 'float32', dims, Array.from({ length: dims.reduce((p, d) => p * d, 1) }, () => rand() * 2 - 1));
}

async function expectMatches(model: Model, inputs: Tensor[]): Promise<string[]> {
  const check = await checkOnGpu(model, inputs);
  for (const cmp of check.comparisons) {
    expect(cmp.problem).toBeUndefined();
    expect(cmp.relL2).toBeLessThanOrEqual(REL_L2);
  }
  const ops = check.compiled.plan.kernels.map((k) => k.opType);
  check.compiled.destroy();
  return ops;
}

function graph(name: string, build: (g: GraphBuilder) => void): Graph {
  const g = new GraphBuilder(name);
  build(g);
  return g.build();
}

describe('unrolled Scan and Loop match onnxruntime', () => {
  it('Scan: a running sum and product over axis 1, one input reversed, outputs stacked on two axes', async () => {
    const body = graph('body', (g) => {
      g.input('sum_in', 'float32', [2]);
      g.input('a', 'float32', [2]);
      g.input('b', 'float32', [2]);
      g.node('Add', ['sum_in', 'a'], { name: 'add', outputs: ['sum_out'] });
      g.node('Mul', ['sum_out', 'b'], { name: 'mul', outputs: ['prod'] });
      g.node('Tanh', ['prod'], { name: 'tanh', outputs: ['scan_y'] });
      g.output('sum_out');
      g.output('scan_y');
      g.output('prod');
    });
    const b = new GraphBuilder();
    b.input('init', 'float32', [2]);
    b.input('xa', 'float32', [2, 4]);
    b.input('xb', 'float32', [4, 2]);
    const attrs = { body, num_scan_inputs: 2, scan_input_axes: [1, 0], scan_input_directions: [0, 1], scan_output_axes: [0, 1], scan_output_directions: [1, 0] };
    b.node('Scan', ['init', 'xa', 'xb'], { name: 'scan', attrs, outputs: ['total', 'ys', 'prods'] });
    b.output('total', 'float32', [2]);
    b.output('ys', 'float32', [4, 2]);
    b.output('prods', 'float32', [2, 4]);
    const model = makeModel(b.build(), { opsetImports: [{ domain: '', version: 16 }] });
    const ops = await expectMatches(model, [floats('init', [2], 1), floats('xa', [2, 4], 2), floats('xb', [4, 2], 3)]);
    // Per iteration: two slices, the body's three kernels, two slot writes.
    expect(ops.filter((op) => op === 'ScanOutput')).toHaveLength(8);
    expect(ops.filter((op) => op === 'Tanh')).toHaveLength(4);
  });

  it('Loop with a constant trip count: states, a scan output, an outer value and the iteration number', async () => {
    const body = graph('body', (g) => {
      g.input('i', 'int64', []);
      g.input('c_in', 'bool', []);
      g.input('y_in', 'float32', [3]);
      g.node('Identity', ['c_in'], { name: 'keep', outputs: ['c_out'] });
      g.node('Cast', ['i'], { name: 'as_float', outputs: ['i_f'], attrs: { to: 1 } });
      g.node('Mul', ['w', 'i_f'], { name: 'scale', outputs: ['wi'] });
      g.node('Add', ['y_in', 'wi'], { name: 'step', outputs: ['y_out'] });
      g.node('Sigmoid', ['y_out'], { name: 'squash', outputs: ['s'] });
      g.output('c_out');
      g.output('y_out');
      g.output('s');
    });
    const b = new GraphBuilder();
    b.input('y0', 'float32', [3]);
    b.input('w', 'float32', [3]);
    b.initializer(tensorFromNumbers('trips', 'int64', [], [3]));
    b.initializer(tensorFromNumbers('go', 'bool', [], [1]));
    b.node('Loop', ['trips', 'go', 'y0'], { name: 'loop', attrs: { body }, outputs: ['y', 'ss'] });
    b.output('y', 'float32', [3]);
    b.output('ss', 'float32', [3, 3]);
    const ops = await expectMatches(makeModel(b.build()), [floats('y0', [3], 4), floats('w', [3], 5)]);
    expect(ops.filter((op) => op === 'Sigmoid')).toHaveLength(3);
  });

  it('refuses a Loop whose trip count is an input, or whose body computes the condition', () => {
    const body = graph('body', (g) => {
      g.input('i', 'int64', []);
      g.input('c_in', 'bool', []);
      g.input('y_in', 'float32', [2]);
      g.initializer(tensorFromNumbers('two', 'int64', [], [2]));
      g.node('Less', ['i', 'two'], { name: 'more', outputs: ['c_out'] });
      g.node('Relu', ['y_in'], { name: 'relu', outputs: ['y_out'] });
      g.output('c_out');
      g.output('y_out');
    });
    for (const [trips, reason] of [
      ['input', /input 'm' must be a constant/],
      ['constant', /computes its loop condition at run time/],
    ] as const) {
      const b = new GraphBuilder();
      b.input('y0', 'float32', [2]);
      if (trips === 'input') b.input('m', 'int64', []);
      else b.initializer(tensorFromNumbers('m', 'int64', [], [4]));
      b.node('Loop', ['m', '', 'y0'], { name: 'loop', attrs: { body }, outputs: ['y'] });
      b.output('y', 'float32', [2]);
      const found = checkSupport(makeModel(b.build()), { inputShapes: { y0: [2], ...(trips === 'input' ? { m: [] } : {}) } });
      expect(found).toEqual([{ nodeId: 'loop', opType: 'Loop', reason: expect.stringMatching(reason) }]);
    }
  });
});
