// Sink handlers for ops whose per-axis data lives in attributes or constant inputs (Pad, Resize,
// Slice, Squeeze, Unsqueeze): moving a Transpose below them re-indexes that data through the perm.
import { tensorFromNumbers, tensorToNumbers } from '../../ir/tensor.ts';
import type { Tensor } from '../../ir/types.ts';
import { attr, intsOf, normalize, perAxis, permWithout, withAttr, type SinkHandler } from './sink-plan.ts';

export const pad: SinkHandler = (n, perm, env) => {
  if (env.opset < 11) {
    const pads = attr(n, 'pads');
    if (pads?.type !== 'ints' || pads.value.length !== 2 * perm.length) return 'its pads attribute does not list every axis';
    const out = new Array<number>(pads.value.length);
    perm.forEach((a, i) => ((out[a] = pads.value[i]!), (out[perm.length + a] = pads.value[perm.length + i]!)));
    return { inputs: [0], outputs: [perm], attributes: withAttr(n.attributes, { name: 'pads', type: 'ints', value: out }) };
  }
  if (n.inputs[3]) return 'it pads only some axes (axes input)';
  const t = n.inputs[1] ? env.constant(n.inputs[1]) : undefined;
  if (!t) return 'its pads are not a constant';
  const pads = perAxis(t, perm, 2);
  return typeof pads === 'string' ? pads : { inputs: [0], outputs: [perm], constants: new Map([[1, pads]]) };
};

export const resize: SinkHandler = (n, perm, env) => {
  if (attr(n, 'axes')) return 'it resizes only some axes (axes attribute)';
  const legacy = n.opType === 'Upsample' || env.opset < 11;
  if (legacy && attr(n, 'scales')) {
    const s = attr(n, 'scales')!;
    if (s.type !== 'floats' || s.value.length !== perm.length) return 'its scales attribute does not list every axis';
    return { inputs: [0], outputs: [perm], attributes: withAttr(n.attributes, { name: 'scales', type: 'floats', value: perm.map((_, j) => s.value[perm.indexOf(j)]!) }) };
  }
  const constants = new Map<number, Tensor>();
  const slots: [number, number][] = legacy ? [[1, 1]] : [[1, 2], [2, 1], [3, 1]];
  for (const [k, copies] of slots) {
    const v = n.inputs[k];
    if (!v) continue;
    const t = env.constant(v);
    if (!t) return `its input ${v} is not a constant`;
    const out = perAxis(t, perm, copies);
    if (typeof out === 'string') return out;
    if (out !== t) constants.set(k, out);
  }
  return { inputs: [0], outputs: [perm], constants };
};

export const slice: SinkHandler = (n, perm, env) => {
  if (env.opset < 10) {
    const starts = attr(n, 'starts');
    const axes = attr(n, 'axes');
    const list = axes?.type === 'ints' ? axes.value : starts?.type === 'ints' ? starts.value.map((_, i) => i) : undefined;
    if (!list) return 'its starts attribute is missing';
    return { inputs: [0], outputs: [perm], attributes: withAttr(n.attributes, { name: 'axes', type: 'ints', value: list.map((a) => perm[normalize(a, perm.length)]!) }) };
  }
  const starts = n.inputs[1] ? env.constant(n.inputs[1]) : undefined;
  const given = n.inputs[3] ? env.constant(n.inputs[3]) : undefined;
  if (n.inputs[3] && !given) return `its axes input ${n.inputs[3]} is not a constant`;
  if (!given && !starts) return 'its starts are not a constant, so the axes they cover are unknown';
  const axes = given ? Array.from(tensorToNumbers(given)) : Array.from(tensorToNumbers(starts!), (_, i) => i);
  const mapped = axes.map((a) => perm[normalize(a, perm.length)]!);
  return { inputs: [0], outputs: [perm], constants: new Map([[3, tensorFromNumbers('', 'int64', [mapped.length], mapped)]]) };
};

export const squeeze: SinkHandler = (n, perm, env) => {
  const axes = intsOf(n, env, 'axes', 1, 13);
  if (typeof axes === 'string') return axes;
  if (!axes) return 'it squeezes every size-1 axis, which depends on the shape';
  const dropped = new Set(axes.map((a) => normalize(a, perm.length)));
  const newAxes = [...dropped].map((a) => perm[a]!).sort((a, b) => a - b);
  const out = permWithout(perm, dropped);
  if (env.opset < 13) return { inputs: [0], outputs: [out], attributes: withAttr(n.attributes, { name: 'axes', type: 'ints', value: newAxes }) };
  return { inputs: [0], outputs: [out], constants: new Map([[1, tensorFromNumbers('', 'int64', [newAxes.length], newAxes)]]) };
};

export const unsqueeze: SinkHandler = (n, perm, env) => {
  const axes = intsOf(n, env, 'axes', 1, 13);
  if (typeof axes === 'string') return axes;
  if (!axes) return 'its axes are missing';
  const rank = perm.length + axes.length;
  const added = new Set(axes.map((a) => normalize(a, rank)));
  // New axes stay where they are; the old ones keep their order relative to each other.
  const slots = Array.from({ length: rank }, (_, i) => i).filter((i) => !added.has(i));
  const out = Array.from({ length: rank }, (_, i) => i);
  perm.forEach((a, k) => (out[slots[k]!] = slots[a]!));
  return { inputs: [0], outputs: [out] };
};
