// kiln.FusedElementwiseMulti against onnxruntime, which runs the node's model-local function (the
// original siblings' ops): graphs of plain ops merged by fuse-elementwise and fuse-siblings, so
// the expressions are the ones the passes really write. Tolerance: rel L2 <= 1e-5 per float32
// output (intermediates in f32 registers round as the unfused ops do); a bool output off by one element would exceed it.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../../ir/builder.ts';
import { tensorFromNumbers } from '../../../ir/tensor.ts';
import type { Model } from '../../../ir/types.ts';
import { parseExpression } from '../../../passes/fusion/expression/parse.ts';
import { fuseElementwise } from '../../../passes/fusion/fuse-elementwise.ts';
import { fuseSiblings } from '../../../passes/fusion/fuse-siblings.ts';
import { randomInputs } from '../../../reference/random-inputs.ts';
import { shareCommon } from './fused-elementwise-multi.ts';
import { expectMatchesOrt } from './testing/check.ts';

/** Builds a graph, fuses runs then siblings, and checks that one multi-output node has `outputs` outputs. */
function merged(build: (b: GraphBuilder) => void, outputs: number): Model {
  const b = new GraphBuilder('siblings');
  build(b);
  const model = fuseSiblings.run(fuseElementwise.run(makeModel(b.build())).model).model;
  const multi = model.graph.nodes.filter((n) => n.domain === 'kiln' && n.opType === 'FusedElementwiseMulti');
  expect(multi.map((n) => n.outputs.length)).toEqual([outputs]);
  return model;
}

const check = (model: Model, tolerance: number, variant: string) => expectMatchesOrt(model, randomInputs(model.graph, { seed: 5 }), { tolerance, variant }).then(() => undefined);

describe('kiln.FusedElementwiseMulti matches onnxruntime', () => {
  it('two outputs: Sigmoid(x) and x·y, full-size inputs', () => {
    const model = merged((b) => {
      const x = b.input('x', 'float32', [3, 7]);
      b.node('Sigmoid', [x], { outputs: ['a'] });
      b.node('Mul', [x, b.input('y', 'float32', [3, 7])], { outputs: ['m'] });
      b.output('a', 'float32');
      b.output('m', 'float32');
    }, 2);
    return check(model, 1e-5, 'fused-elementwise-multi');
  });

  it('three outputs with broadcast inputs, a fused run and an inlined constant vector', () => {
    const model = merged((b) => {
      const x = b.input('x', 'float32', [2, 3, 5]);
      b.node('Add', [x, b.input('y', 'float32', [5])], { outputs: ['p'] });
      b.node('Sub', [x, b.input('z', 'float32', [2, 1, 5])], { outputs: ['q'] });
      const c = b.initializer(tensorFromNumbers('c', 'float32', [3, 1], [0.5, -2, 3]));
      b.node('Exp', [b.node('Mul', [x, c])], { outputs: ['r'] });
      for (const o of ['p', 'q', 'r']) b.output(o, 'float32');
    }, 3);
    return check(model, 1e-5, 'fused-elementwise-multi-broadcast');
  });

  it('a bool output beside a float one, with a row-broadcast input', () => {
    const model = merged((b) => {
      const x = b.input('x', 'float32', [4, 6]);
      const y = b.input('y', 'float32', [6]);
      b.node('Greater', [x, y], { outputs: ['g'] });
      b.node('Tanh', [b.node('Add', [x, y])], { outputs: ['t'] });
      b.output('g', 'bool');
      b.output('t', 'float32');
    }, 2);
    return check(model, 1e-5, 'fused-elementwise-multi-rows');
  });
});

describe('kiln.FusedElementwiseMulti in place', () => {
  it('overwrites its shared input when it is that input\'s last reader', async () => {
    const model = merged((b) => {
      const e = b.node('Exp', [b.input('x', 'float32', [5, 8])], { outputs: ['e'] });
      b.node('Sigmoid', [e], { outputs: ['a'] });
      b.node('Mul', [e, b.input('y', 'float32', [5, 8])], { outputs: ['m'] });
      b.output('a', 'float32');
      b.output('m', 'float32');
    }, 2);
    const run = await expectMatchesOrt(model, randomInputs(model.graph, { seed: 6 }), { tolerance: 1e-5 });
    expect(run.compiled.plan.kernels.map((k) => [k.variant, k.inPlace?.input])).toEqual([['unary-exp-vec4', 'x'], ['fused-elementwise-multi', 'e']]);
  });
});

describe('shareCommon', () => {
  it('makes equal subexpressions of different outputs one object', () => {
    const [a, b] = shareCommon(['tanh(x0)', 'mul(tanh(x0), x1)'].map(parseExpression));
    expect(b?.kind === 'call' && b.args[0]).toBe(a);
  });
});
