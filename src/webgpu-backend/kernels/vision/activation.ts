// Activations applied as a value is stored: com.microsoft.FusedConv's `activation` (with its
// `activation_params`) and the standalone elementwise ops (Clip, HardSigmoid, HardSwish,
// LeakyRelu). One WGSL function `act` on vec4<f32> (kernels accumulate in f32 whatever the storage
// type); its parameters travel as params (act_alpha, act_beta), so the WGSL depends only on which
// activation it is.
import { attrFloats, attrString } from '../../../ir/attributes.ts';
import type { Node } from '../../../ir/types.ts';
import type { ParamWriter } from '../../wgsl/params.ts';

export type ActivationKind = 'none' | 'Relu' | 'Tanh' | 'Sigmoid' | 'LeakyRelu' | 'Clip' | 'HardSigmoid' | 'HardSwish';

export interface Activation {
  readonly kind: ActivationKind;
  /** LeakyRelu α; Clip min; HardSigmoid α. */
  readonly alpha?: number;
  /** Clip max; HardSigmoid β. */
  readonly beta?: number;
}

const FLT_MAX = 3.4028234663852886e38;

/** How many activation_params each FusedConv activation takes (what onnxruntime's CPU kernel reads). */
const PARAM_COUNT: Readonly<Record<string, number>> = { Relu: 0, Tanh: 0, Sigmoid: 0, HardSwish: 0, LeakyRelu: 1, Clip: 2, HardSigmoid: 2 };

/** Why a FusedConv's activation cannot run, or undefined. */
export function checkFusedActivation(node: Node): string | undefined {
  const name = attrString(node, 'activation', '');
  if (!name) return undefined;
  const count = PARAM_COUNT[name];
  if (count === undefined) return `activation '${name}' is not one FusedConv runs (${Object.keys(PARAM_COUNT).join(', ')})`;
  const params = attrFloats(node, 'activation_params') ?? [];
  if (params.length < count) return `activation ${name} needs ${count} activation_params, got ${params.length}`;
  return undefined;
}

/** FusedConv's activation: the attribute names it, activation_params carries α/β or Clip's bounds. */
export function fusedActivation(node: Node): Activation {
  const name = attrString(node, 'activation', '');
  if (!name) return { kind: 'none' };
  const p = attrFloats(node, 'activation_params') ?? [];
  return { kind: name as ActivationKind, alpha: p[0], beta: p[1] };
}

export function writeActivationParams(params: ParamWriter, act: Activation): void {
  if (act.alpha !== undefined) params.f32('act_alpha', clampFinite(act.alpha));
  if (act.beta !== undefined) params.f32('act_beta', clampFinite(act.beta));
}

/** ±Infinity bounds (an unbounded Clip side) become ±FLT_MAX, which clamps identically. */
function clampFinite(v: number): number {
  return Number.isFinite(v) ? v : v > 0 ? FLT_MAX : -FLT_MAX;
}

/** `fn act(v: vec4<f32>) -> vec4<f32>`. */
export function activationWgsl(act: Activation): string {
  const z = 'vec4<f32>(0.0)';
  const one = 'vec4<f32>(1.0)';
  const a = 'vec4<f32>(paramF(P_ACT_ALPHA))';
  const b = 'vec4<f32>(paramF(P_ACT_BETA))';
  const bodies: Record<ActivationKind, string> = {
    none: 'return v;',
    Relu: `return max(v, ${z});`,
    // Clamped: some drivers build tanh from exp and return NaN for large |v|; tanh(±10) is ±1 in f32.
    Tanh: 'return tanh(clamp(v, vec4<f32>(-10.0), vec4<f32>(10.0)));',
    Sigmoid: `return ${one} / (${one} + exp(-v));`,
    LeakyRelu: `return select(${a} * v, v, v >= ${z});`,
    // min(max(..)) rather than clamp(): defined (max wins) when min > max, as in onnxruntime.
    Clip: `return min(max(v, ${a}), ${b});`,
    HardSigmoid: `return max(${z}, min(${one}, ${a} * v + ${b}));`,
    HardSwish: `return v * max(${z}, min(${one}, v * (1.0 / 6.0) + 0.5));`,
  };
  return `fn act(v: vec4<f32>) -> vec4<f32> {\n  ${bodies[act.kind]}\n}`;
}

/** A short name for variants: '' without an activation. */
export function activationSuffix(act: Activation): string {
  return act.kind === 'none' ? '' : `-${act.kind.toLowerCase()}`;
}
