// Test support: small models whose quantizable ops sit inside If and Loop bodies, and seeded
// calibration/test samples for them.
import { GraphBuilder, makeModel } from '../../../ir/builder.ts';
import { tensorFromNumbers } from '../../../ir/tensor.ts';
import type { Model, Tensor } from '../../../ir/types.ts';
import { WeightFactory } from '../../../models/weights.ts';
import { randomInputs } from '../../../reference/random-inputs.ts';

/**
 * y = If (flag) then { Conv (x, Wc, Bc) → Relu → GlobalAveragePool → Flatten }
 *               else { Flatten (x) → MatMul (·, Wm) }                        y: float[1,4]
 * Wc and Bc live in the then branch; Wm lives in the main graph and is read by the else branch.
 */
export function ifModel(): Model {
  const w = new WeightFactory(41);
  const then = new GraphBuilder('then');
  const c = then.node('Conv', ['x', then.initializer(w.he('Wc', [4, 3, 3, 3], 27)), then.initializer(w.uniform('Bc', [4], -0.1, 0.1))], { name: 'conv', attrs: { pads: [1, 1, 1, 1] } });
  const r = then.node('Relu', [c], { name: 'relu', outputs: ['r'] });
  const g = then.node('GlobalAveragePool', [r], { name: 'gap', outputs: ['g'] });
  then.node('Flatten', [g], { name: 'flatten_t', outputs: ['y_then'] });
  then.output('y_then', 'float32', [1, 4]);
  const other = new GraphBuilder('else');
  const f = other.node('Flatten', ['x'], { name: 'flatten_e', outputs: ['f'] });
  other.node('MatMul', [f, 'Wm'], { name: 'matmul', outputs: ['y_else'] });
  other.output('y_else', 'float32', [1, 4]);
  const b = new GraphBuilder('g');
  b.input('x', 'float32', [1, 3, 8, 8]);
  b.input('flag', 'bool', []);
  b.initializer(w.he('Wm', [192, 4], 192));
  b.node('If', ['flag'], { name: 'if', attrs: { then_branch: then.build(), else_branch: other.build() }, outputs: ['y'] });
  b.output('y', 'float32', [1, 4]);
  return makeModel(b.build());
}

/** `count` samples of ifModel with seeded x; flag alternates true, false, … (or is always `flag`). */
export function ifSamples(model: Model, count: number, seed: number, flag?: boolean): Tensor[][] {
  return Array.from({ length: count }, (_, k) => randomInputs(model.graph, { seed: seed + k, inputs: [{ name: 'flag', shape: [], values: [Number(flag ?? k % 2 === 0)] }] }));
}

/**
 * h_final, hs = Loop (3, true, x) body (i, cond, h) { y = MatMul (h, W); h' = Tanh (y) } => (cond, h', y)
 * x: float[1,8]; each iteration's y is also stacked as the scan output hs: float[3,1,8].
 */
export function loopModel(): Model {
  const w = new WeightFactory(43);
  const body = new GraphBuilder('body');
  body.input('i', 'int64', []);
  body.input('cond_in', 'bool', []);
  body.input('h', 'float32', [1, 8]);
  body.node('Identity', ['cond_in'], { name: 'keep_going', outputs: ['cond_out'] });
  body.node('MatMul', ['h', body.initializer(w.uniform('W', [8, 8], -1, 1))], { name: 'mm', outputs: ['y'] });
  body.node('Tanh', ['y'], { name: 'tanh', outputs: ['h_next'] });
  for (const o of ['cond_out', 'h_next', 'y']) body.output(o);
  const b = new GraphBuilder('g');
  b.input('x', 'float32', [1, 8]);
  b.initializer(tensorFromNumbers('trips', 'int64', [], [3]));
  b.initializer(tensorFromNumbers('go', 'bool', [], [1]));
  b.node('Loop', ['trips', 'go', 'x'], { name: 'loop', attrs: { body: body.build() }, outputs: ['h_final', 'ys'] });
  b.output('h_final', 'float32', [1, 8]);
  b.output('ys', 'float32', [3, 1, 8]);
  return makeModel(b.build());
}

/**
 * total, ps = Scan (init, xs) body (s, row) { p = MatMul (row, Ws); s' = Add (s, p) } => (s', Relu (p))
 * xs: float[5,1,4] is scanned along axis 0; ps stacks the five Relu outputs.
 */
export function scanModel(): Model {
  const w = new WeightFactory(47);
  const body = new GraphBuilder('body');
  body.input('s_in', 'float32', [1, 4]);
  body.input('row', 'float32', [1, 4]);
  body.node('MatMul', ['row', body.initializer(w.uniform('Ws', [4, 4], -1, 1))], { name: 'smm', outputs: ['p'] });
  body.node('Add', ['s_in', 'p'], { name: 'sadd', outputs: ['s_out'] });
  body.node('Relu', ['p'], { name: 'srelu', outputs: ['pr'] });
  body.output('s_out');
  body.output('pr');
  const b = new GraphBuilder('g');
  b.input('init', 'float32', [1, 4]);
  b.input('xs', 'float32', [5, 1, 4]);
  b.node('Scan', ['init', 'xs'], { name: 'scan', attrs: { body: body.build(), num_scan_inputs: 1, scan_output_axes: [0] }, outputs: ['total', 'ps'] });
  b.output('total', 'float32', [1, 4]);
  b.output('ps', 'float32', [5, 1, 4]);
  return makeModel(b.build());
}
