// Rules of fuse-conv-bn for a per-channel scale or shift *before* a Conv (PP-LCNet's learnable
// affine after each HardSwish, a normalization written as Mul/Add): Conv(x·k) = Conv'(x) with
// W' = W·k over input channels, and Conv(x+t) = Conv(x) + Σ W·t. The shift is exact only when the
// Conv pads nothing (padded zeros are not shifted), so a padded Conv declines it with that reason.
//
//   before: s = Mul (x, k);  a = Add (s, t);  y = Conv <pads = [0,0,0,0]> (a, W, b)
//   after:  y = Conv <pads = [0,0,0,0]> (x, W·k, b + Σ W·t)                     (two rewrites)
import { attrInt, attrInts, attrString } from '../../ir/attributes.ts';
import { makeTensor, tensorData, tensorToNumbers } from '../../ir/tensor.ts';
import type { Match } from '../rewrite/match.ts';
import { any, constant, op, optional } from '../rewrite/pattern.ts';
import { defineRule, fail, ok, type Rule, type Verdict } from '../rewrite/rule.ts';
import { formatShape } from '../support/describe.ts';
import { channelValues, num, vector } from '../support/weights.ts';
import { rewrittenId } from './node-ids.ts';

interface InputChannels {
  readonly values: Float64Array;
  readonly perGroup: number;
  readonly outPerGroup: number;
}

/** The constant's value for each input channel of the Conv, or why it is not one per channel. */
function inputChannels(m: Match): InputChannels | string {
  const conv = m.node('conv');
  const w = m.tensor('w');
  const k = m.tensor('k');
  const group = attrInt(conv, 'group', 1);
  const notFloat = [w, k, m.optionalTensor('b')].find((t) => t && t.dtype !== 'float32');
  if (notFloat) return `${notFloat.name} is ${notFloat.dtype}; only float32 weights are folded`;
  const values = channelValues(k, w.dims.length, 1, w.dims[1]! * group);
  if (!values) return `${m.node('op').opType} constant ${k.name} ${formatShape(k.dims)} is not one value per input channel of Conv ${conv.id}`;
  return { values, perGroup: w.dims[1]!, outPerGroup: w.dims[0]! / group };
}

/** A scale commutes with zero padding (0·k = 0); a shift does not, so Add needs an unpadded Conv. */
function check(m: Match): Verdict {
  const conv = m.node('conv');
  const pads = attrInts(conv, 'pads') ?? [];
  const autoPad = attrString(conv, 'auto_pad', 'NOTSET');
  if (m.node('op').opType === 'Add' && (pads.some((p) => p !== 0) || (autoPad !== 'NOTSET' && autoPad !== 'VALID'))) {
    return fail(`Conv ${conv.id} pads its input (${autoPad !== 'NOTSET' ? `auto_pad=${autoPad}` : `pads=[${pads.join(',')}]`}); the padded zeros would not be shifted as the Add does`);
  }
  const channels = inputChannels(m);
  return typeof channels === 'string' ? fail(channels) : ok();
}

/** W with input channel c of every output channel multiplied by k[c] (k indexes the whole input). */
function scaleInputs(w: Float32Array, dims: readonly number[], ch: InputChannels): Float32Array {
  const [outs, ins] = [dims[0]!, dims[1]!];
  const spatial = w.length / (outs * ins);
  const out = new Float32Array(w.length);
  for (let o = 0; o < outs; o++) {
    const base = Math.floor(o / ch.outPerGroup) * ch.perGroup;
    for (let i = 0; i < ins; i++) {
      const f = ch.values[base + i]!;
      for (let j = (o * ins + i) * spatial, end = j + spatial; j < end; j++) out[j] = w[j]! * f;
    }
  }
  return out;
}

/** Σ over input channels and kernel taps of W·t, per output channel: what the shift adds. */
function shiftedBias(w: Float32Array, dims: readonly number[], ch: InputChannels, bias: Float64Array): Float64Array {
  const [outs, ins] = [dims[0]!, dims[1]!];
  const spatial = w.length / (outs * ins);
  for (let o = 0; o < outs; o++) {
    const base = Math.floor(o / ch.outPerGroup) * ch.perGroup;
    let acc = 0;
    for (let i = 0; i < ins; i++) {
      let tap = 0;
      for (let j = (o * ins + i) * spatial, end = j + spatial; j < end; j++) tap += w[j]!;
      acc += tap * ch.values[base + i]!;
    }
    bias[o] = bias[o]! + acc;
  }
  return bias;
}

function rule(opType: 'Mul' | 'Add'): Rule {
  return defineRule({
    name: `fuse-conv-bn/${opType.toLowerCase()}-conv`,
    pattern: op('Conv', [op(opType, [any('x'), constant('k')], { bind: 'op' }), constant('w'), optional(constant('b'))], { bind: 'conv' }),
    check,
    rewrite(m, b) {
      const conv = m.node('conv');
      const w = m.tensor('w');
      const ch = inputChannels(m) as InputChannels;
      const weights = tensorData(w) as Float32Array;
      const bias = m.optionalTensor('b') ? tensorToNumbers(m.tensor('b')) : new Float64Array(w.dims[0]!);
      let wName = w.name;
      if (opType === 'Mul') wName = b.initializer(`${w.name}_scaled_in`, makeTensor('', 'float32', w.dims, scaleInputs(weights, w.dims, ch)));
      else shiftedBias(weights, w.dims, ch, bias);
      const bName = opType === 'Add' ? b.initializer(`${conv.id}/bias_in`, vector('', bias)) : m.optionalTensor('b') ? m.value('b') : '';
      b.node('Conv', bName ? [m.value('x'), wName, bName] : [m.value('x'), wName], { attrs: conv.attributes, outputs: [conv.outputs[0]!], id: rewrittenId(conv) });
      const k = m.tensor('k');
      const what = ch.values.every((v) => v === ch.values[0]) ? num(ch.values[0]!) : `${k.name} ${formatShape(k.dims)}`;
      return opType === 'Mul'
        ? `folded Mul ${m.node('op').id} (×${what}) before Conv ${conv.id} into its weights over ${ch.values.length} input channels: W' = W·k`
        : `folded Add ${m.node('op').id} (+${what}) before Conv ${conv.id} into its bias: b' = b + Σ W·t (the Conv pads nothing)`;
    },
  });
}

export const CONV_INPUT_AFFINE_RULES: readonly Rule[] = [rule('Mul'), rule('Add')];
