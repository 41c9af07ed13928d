// One transformer encoder block (pre-norm) with every part written out in primitive ops, the
// way exporters emit it: LayerNormalization as ReduceMean/Sub/Pow/Sqrt/Div, GELU in its Erf
// form, multi-head attention as MatMul/Transpose/Softmax, and head reshapes whose target
// shapes are computed by Shape → Gather → Unsqueeze → Concat chains.
import { GraphBuilder, makeModel, float } from '../ir/builder.ts';
import { tensorFromNumbers } from '../ir/tensor.ts';
import type { Model } from '../ir/types.ts';
import { WeightFactory } from './weights.ts';

const SEQ = 16;
const DIM = 64;
const HEADS = 4;
const HEAD_DIM = DIM / HEADS;
const FFN = 256;

export function buildTransformer(): Model {
  const w = new WeightFactory(3);
  const b = new GraphBuilder('transformer');
  const int64 = (name: string, values: number[]) => b.initializer(tensorFromNumbers(name, 'int64', [values.length], values));
  const scalar = (name: string, value: number) => b.initializer(tensorFromNumbers(name, 'float32', [], [value]));
  const x = b.input('tokens', 'float32', [1, SEQ, DIM]);

  const layerNorm = (name: string, input: string): string => {
    const mean = b.node('ReduceMean', [input], { name: `${name}/ReduceMean`, attrs: { axes: [-1], keepdims: 1 } });
    const centered = b.node('Sub', [input, mean], { name: `${name}/Sub` });
    const sq = b.node('Pow', [centered, scalar(`${name}.two`, 2)], { name: `${name}/Pow` });
    const variance = b.node('ReduceMean', [sq], { name: `${name}/ReduceMean_1`, attrs: { axes: [-1], keepdims: 1 } });
    const eps = b.node('Add', [variance, scalar(`${name}.eps`, 1e-5)], { name: `${name}/Add` });
    const std = b.node('Sqrt', [eps], { name: `${name}/Sqrt` });
    const normed = b.node('Div', [centered, std], { name: `${name}/Div` });
    const scaled = b.node('Mul', [normed, b.initializer(w.uniform(`${name}.weight`, [DIM], 0.9, 1.1))], { name: `${name}/Mul` });
    return b.node('Add', [scaled, b.initializer(w.uniform(`${name}.bias`, [DIM], -0.05, 0.05))], { name: `${name}/Add_1` });
  };

  const linear = (name: string, input: string, cin: number, cout: number): string => {
    const mm = b.node('MatMul', [input, b.initializer(w.he(`${name}.weight`, [cin, cout], cin))], { name: `${name}/MatMul` });
    return b.node('Add', [mm, b.initializer(w.uniform(`${name}.bias`, [cout], -0.05, 0.05))], { name: `${name}/Add` });
  };

  // [1, S, D] -> [1, H, S, Dh], with B and S read from the tensor's shape at run time.
  const splitHeads = (name: string, input: string, transposeForKeys: boolean): string => {
    const shape = b.node('Shape', [input], { name: `${name}/Shape` });
    const batch = b.node('Gather', [shape, b.initializer(tensorFromNumbers(`${name}.idx0`, 'int64', [], [0]))], { name: `${name}/Gather`, attrs: { axis: 0 } });
    const seq = b.node('Gather', [shape, b.initializer(tensorFromNumbers(`${name}.idx1`, 'int64', [], [1]))], { name: `${name}/Gather_1`, attrs: { axis: 0 } });
    const axes = int64(`${name}.axes`, [0]);
    const b1 = b.node('Unsqueeze', [batch, axes], { name: `${name}/Unsqueeze` });
    const s1 = b.node('Unsqueeze', [seq, axes], { name: `${name}/Unsqueeze_1` });
    const target = b.node('Concat', [b1, s1, int64(`${name}.heads`, [HEADS, HEAD_DIM])], { name: `${name}/Concat`, attrs: { axis: 0 } });
    const reshaped = b.node('Reshape', [input, target], { name: `${name}/Reshape` });
    return b.node('Transpose', [reshaped], { name: `${name}/Transpose`, attrs: { perm: transposeForKeys ? [0, 2, 3, 1] : [0, 2, 1, 3] } });
  };

  const ln1 = layerNorm('ln1', x);
  const q = splitHeads('attn.q', linear('attn.q', ln1, DIM, DIM), false);
  const k = splitHeads('attn.k', linear('attn.k', ln1, DIM, DIM), true);
  const v = splitHeads('attn.v', linear('attn.v', ln1, DIM, DIM), false);
  const scores = b.node('MatMul', [q, k], { name: 'attn/MatMul' });
  const scaledScores = b.node('Div', [scores, scalar('attn.scale', Math.sqrt(HEAD_DIM))], { name: 'attn/Div' });
  const probs = b.node('Softmax', [scaledScores], { name: 'attn/Softmax', attrs: { axis: -1 } });
  const context = b.node('MatMul', [probs, v], { name: 'attn/MatMul_1' });
  const merged = b.node('Transpose', [context], { name: 'attn/Transpose', attrs: { perm: [0, 2, 1, 3] } });
  const flat = b.node('Reshape', [merged, int64('attn.merge_shape', [1, SEQ, DIM])], { name: 'attn/Reshape' });
  const attnOut = linear('attn.out', flat, DIM, DIM);
  const res1 = b.node('Add', [x, attnOut], { name: 'residual1/Add' });

  const ln2 = layerNorm('ln2', res1);
  const up = linear('ffn.up', ln2, DIM, FFN);
  const erfIn = b.node('Div', [up, scalar('gelu.sqrt2', Math.SQRT2)], { name: 'gelu/Div' });
  const erf = b.node('Erf', [erfIn], { name: 'gelu/Erf' });
  const onePlus = b.node('Add', [erf, scalar('gelu.one', 1)], { name: 'gelu/Add' });
  const gated = b.node('Mul', [up, onePlus], { name: 'gelu/Mul' });
  const gelu = b.node('Mul', [gated, scalar('gelu.half', 0.5)], { name: 'gelu/Mul_1' });
  const down = linear('ffn.down', gelu, FFN, DIM);
  const out = b.node('Add', [res1, down], { name: 'residual2/Add', outputs: ['encoded'] });
  b.output(out, 'float32', [1, SEQ, DIM]);
  return makeModel(b.build(), { docString: 'Kiln bundled transformer encoder block (seeded random weights)' });
}
