// What an RNN, GRU or LSTM node asks for, read once from its attributes and static shapes: sizes
// (D directions, S steps, B batch, I input, H hidden, G gates), the direction of each, layout,
// activations per direction with their alpha/beta, clip, input_forget, linear_before_reset.
// Activation names and alpha/beta follow onnxruntime: names are case-insensitive, and alpha/beta
// values are consumed only by the functions that take them, in order, else their defaults.
import { attrFloat, attrFloats, attrInt, attrString, attrStrings } from '../../../ir/attributes.ts';
import type { Node } from '../../../ir/types.ts';
import { formatDims, inputInfo, shapeError, type OpContext } from '../../op-def.ts';

export type Cell = 'LSTM' | 'GRU' | 'RNN';

export const GATES: Record<Cell, number> = { LSTM: 4, GRU: 3, RNN: 1 };
/** Activation slots per cell: LSTM f (gates), g (cell input), h (cell output); GRU f, g; RNN f. */
const SLOTS: Record<Cell, readonly string[]> = { LSTM: ['f', 'g', 'h'], GRU: ['f', 'g'], RNN: ['f'] };
const DEFAULTS: Record<Cell, readonly string[]> = { LSTM: ['Sigmoid', 'Tanh', 'Tanh'], GRU: ['Sigmoid', 'Tanh'], RNN: ['Tanh'] };

/** WGSL of each activation on `x` (f32), with its alpha/beta defaults (onnxruntime's). */
const ACTIVATIONS: Record<string, { readonly wgsl: string; readonly alpha?: number; readonly beta?: number }> = {
  relu: { wgsl: 'max(x, 0.0)' },
  // Clamped: some drivers build tanh from exp and return NaN for large |x|; tanh(±10) is ±1 in f32.
  tanh: { wgsl: 'tanh(clamp(x, -10.0, 10.0))' },
  sigmoid: { wgsl: '1.0 / (1.0 + exp(-x))' },
  affine: { wgsl: 'a * x + b', alpha: 1, beta: 0 },
  leakyrelu: { wgsl: 'select(a * x, x, x >= 0.0)', alpha: 0.01 },
  thresholdedrelu: { wgsl: 'select(0.0, x, x > a)', alpha: 1 },
  scaledtanh: { wgsl: 'a * tanh(clamp(b * x, -10.0, 10.0))', alpha: 1, beta: 1 },
  hardsigmoid: { wgsl: 'clamp(a * x + b, 0.0, 1.0)', alpha: 0.2, beta: 0.5 },
  elu: { wgsl: 'select(a * (exp(x) - 1.0), x, x >= 0.0)', alpha: 1 },
  softsign: { wgsl: 'x / (1.0 + abs(x))' },
  // log(1 + e^x) overflows past x = 88; it equals x to f32 precision from x = 20 on.
  softplus: { wgsl: 'select(log(1.0 + exp(x)), x, x > 20.0)' },
};

export interface Activation {
  readonly name: string;
  readonly alpha: number;
  readonly beta: number;
}

export interface RnnSpec {
  readonly cell: Cell;
  readonly D: number;
  readonly S: number;
  readonly B: number;
  readonly I: number;
  readonly H: number;
  readonly G: number;
  readonly layout: 0 | 1;
  /** Per direction: whether it runs from the last step to the first. */
  readonly reverse: readonly boolean[];
  /** Per direction, per slot. */
  readonly activations: readonly (readonly Activation[])[];
  /** Gate pre-activations are clamped to [-clip, clip]; undefined: no clipping. */
  readonly clip?: number;
  readonly inputForget: boolean;
  readonly linearBeforeReset: boolean;
}

const DIRECTIONS: Record<string, readonly boolean[]> = { forward: [false], reverse: [true], bidirectional: [false, true] };

/** Activations per direction, or the reason they are not supported. */
function activations(node: Node, cell: Cell, D: number): Activation[][] | string {
  const slots = SLOTS[cell].length;
  const names = attrStrings(node, 'activations') ?? [];
  const given = names.length ? names : D === 2 ? [...DEFAULTS[cell], ...DEFAULTS[cell]] : DEFAULTS[cell];
  if (given.length !== slots * D) return `activations lists ${given.length} functions where ${cell} ${D === 2 ? 'bidirectional ' : ''}takes ${slots * D}`;
  const alphas = [...(attrFloats(node, 'activation_alpha') ?? [])];
  const betas = [...(attrFloats(node, 'activation_beta') ?? [])];
  const out: Activation[] = [];
  for (const name of given) {
    const def = ACTIVATIONS[name.toLowerCase()];
    if (!def) return `activation '${name}' is not supported (${Object.keys(ACTIVATIONS).join(', ')})`;
    const alpha = def.alpha === undefined ? 0 : (alphas.shift() ?? def.alpha);
    const beta = def.beta === undefined ? 0 : (betas.shift() ?? def.beta);
    out.push({ name: name.toLowerCase(), alpha, beta });
  }
  return Array.from({ length: D }, (_, d) => out.slice(d * slots, (d + 1) * slots));
}

/** Attribute problems, shown before anything runs. */
export function checkRnn(node: Node, cell: Cell): string | undefined {
  const direction = attrString(node, 'direction', 'forward');
  const reverse = DIRECTIONS[direction];
  if (!reverse) return `direction '${direction}' is not one of forward, reverse, bidirectional`;
  const layout = attrInt(node, 'layout', 0);
  if (layout !== 0 && layout !== 1) return `layout ${layout} is not 0 or 1`;
  const acts = activations(node, cell, reverse.length);
  if (typeof acts === 'string') return acts;
  if (node.outputs.length > (cell === 'LSTM' ? 3 : 2)) return `${cell} has ${cell === 'LSTM' ? 3 : 2} outputs, not ${node.outputs.length}`;
  return undefined;
}

export function rnnSpec(ctx: OpContext, cell: Cell): RnnSpec {
  const { node } = ctx;
  const problem = checkRnn(node, cell);
  if (problem) throw shapeError(node, problem);
  const reverse = DIRECTIONS[attrString(node, 'direction', 'forward')]!;
  const D = reverse.length;
  const layout = attrInt(node, 'layout', 0) as 0 | 1;
  const x = inputInfo(ctx, 0);
  if (x.dims.length !== 3) throw shapeError(node, `input X ${formatDims(x.dims)} is not 3-D`);
  const [S, B] = layout === 0 ? [x.dims[0]!, x.dims[1]!] : [x.dims[1]!, x.dims[0]!];
  const I = x.dims[2]!;
  const G = GATES[cell];
  const r = inputInfo(ctx, 2);
  const H = attrInt(node, 'hidden_size') ?? r.dims[2] ?? 0;
  const expect = (i: number, name: string, dims: readonly number[]) => {
    const t = ctx.inputs[i];
    if (t && (t.dims.length !== dims.length || t.dims.some((d, k) => d !== dims[k]))) throw shapeError(node, `${name} is ${formatDims(t.dims)}, not ${formatDims(dims)}`);
  };
  expect(1, 'W', [D, G * H, I]);
  expect(2, 'R', [D, G * H, H]);
  expect(3, 'B', [D, 2 * G * H]);
  expect(4, 'sequence_lens', [B]);
  const state = layout === 0 ? [D, B, H] : [B, D, H];
  expect(5, 'initial_h', state);
  if (cell === 'LSTM') {
    expect(6, 'initial_c', state);
    expect(7, 'P', [D, 3 * H]);
  }
  if (S === 0 || B === 0 || H === 0) throw shapeError(node, `empty sizes (steps ${S}, batch ${B}, hidden ${H}) are not supported`);
  const clip = attrFloat(node, 'clip');
  return {
    cell, D, S, B, I, H, G, layout, reverse,
    activations: activations(node, cell, D) as Activation[][],
    ...(clip !== undefined && clip > 0 ? { clip } : {}),
    inputForget: attrInt(node, 'input_forget', 0) !== 0,
    linearBeforeReset: attrInt(node, 'linear_before_reset', 0) !== 0,
  };
}

/**
 * `fn act_<slot>(d: u32, x: f32) -> f32` for each slot, choosing the direction's function; alpha
 * and beta come from params `act_<slot>` (two per direction), so only the names shape the WGSL.
 */
export function activationWgsl(spec: RnnSpec, params: { f32(name: string, v: number): void }): string {
  return SLOTS[spec.cell]
    .map((slot, k) => {
      const perDirection = spec.activations.map((acts, d) => {
        const act = acts[k]!;
        params.f32(`act_${slot}_a${d}`, act.alpha);
        params.f32(`act_${slot}_b${d}`, act.beta);
        const body = `let a = paramF(P_ACT_${slot.toUpperCase()}_A${d}); let b = paramF(P_ACT_${slot.toUpperCase()}_B${d}); return ${ACTIVATIONS[act.name]!.wgsl};`;
        return spec.D === 1 ? `  ${body}` : `  if (d == ${d}u) { ${body} }`;
      });
      const fallthrough = spec.D === 1 ? '' : '\n  return 0.0;';
      return `fn act_${slot}(d: u32, x: f32) -> f32 {\n${perDirection.join('\n')}${fallthrough}\n}`;
    })
    .join('\n\n');
}

/** The variant tag of the activations (they shape the WGSL). */
export function activationTag(spec: RnnSpec): string {
  const defaults = DEFAULTS[spec.cell].map((n) => n.toLowerCase()).join(',');
  const names = spec.activations.map((acts) => acts.map((a) => a.name).join(','));
  return names.every((n) => n === defaults) ? '' : `-${names.join('/')}`;
}
