// Which activations onnxruntime's CPU kernels for com.microsoft FusedConv and FusedGemm run, and
// how each is spelled there. Checked against onnxruntime-node 1.30 (fuse-bias-activation.test.ts):
//
//   FusedConv  activation ∈ Relu, Tanh, Sigmoid, HardSwish              (no parameters)
//                           LeakyRelu [α], Clip [min, max], HardSigmoid [α, β]   (activation_params)
//              Silu and Gelu are rejected when the session is created.
//   FusedGemm  activation ∈ Relu, Tanh, Sigmoid, Softplus, Softsign      (no parameters)
//                           LeakyRelu, HardSigmoid, Elu, Selu, ThresholdedRelu
//                           (activation_alpha / activation_beta / activation_gamma)
//              Clip, HardSwish and Gelu are rejected.
import { attrFloat } from '../../../ir/attributes.ts';
import type { Attribute, Node } from '../../../ir/types.ts';

/** Activations (default domain) FusedConv takes; Clip is handled apart (its bounds may be inputs). */
export const CONV_ACTIVATIONS = ['Relu', 'Tanh', 'Sigmoid', 'LeakyRelu', 'HardSigmoid', 'HardSwish'] as const;

export const GEMM_ACTIVATIONS = ['Relu', 'Tanh', 'Sigmoid', 'Softplus', 'Softsign', 'LeakyRelu', 'HardSigmoid', 'Elu', 'Selu', 'ThresholdedRelu'] as const;

/** Activations that are often found after a Conv/Gemm but that the fused kernels do not run. */
export const UNSUPPORTED_AFTER_CONV = ['Elu', 'Selu', 'Softplus', 'Softsign', 'ThresholdedRelu', 'Gelu', 'Mish', 'Swish'] as const;
export const UNSUPPORTED_AFTER_GEMM = ['Clip', 'HardSwish', 'Gelu', 'Mish', 'Swish'] as const;
export const MS_ACTIVATIONS = ['QuickGelu', 'Gelu', 'FastGelu', 'BiasGelu'] as const;

/** The float32 range MLAS uses for an unbounded Clip side. */
const FLT_MAX = 3.4028234663852886e38;

export function finiteBound(v: number): number {
  return Math.max(-FLT_MAX, Math.min(FLT_MAX, v));
}

/** FusedConv's `activation_params` for an activation node (Clip's bounds are passed in). */
export function convActivationParams(act: Node, clipBounds?: readonly [number, number]): number[] {
  switch (act.opType) {
    case 'LeakyRelu':
      return [attrFloat(act, 'alpha', 0.01)];
    case 'HardSigmoid':
      return [attrFloat(act, 'alpha', 0.2), attrFloat(act, 'beta', 0.5)];
    case 'Clip':
      return clipBounds!.map(finiteBound);
    default:
      return [];
  }
}

/** FusedGemm's activation_* attributes for an activation node (the ONNX op's defaults made explicit). */
export function gemmActivationAttrs(act: Node): Attribute[] {
  const f = (name: string, value: number): Attribute => ({ name: `activation_${name}`, type: 'float', value });
  switch (act.opType) {
    case 'LeakyRelu':
      return [f('alpha', attrFloat(act, 'alpha', 0.01))];
    case 'HardSigmoid':
      return [f('alpha', attrFloat(act, 'alpha', 0.2)), f('beta', attrFloat(act, 'beta', 0.5))];
    case 'Elu':
    case 'ThresholdedRelu':
      return [f('alpha', attrFloat(act, 'alpha', 1))];
    case 'Selu':
      return [f('alpha', attrFloat(act, 'alpha', 1.67326319217681884765625)), f('gamma', attrFloat(act, 'gamma', 1.05070102214813232421875))];
    default:
      return [];
  }
}

/** "Relu", "Clip [0, 6]", "LeakyRelu [0.1]": the activation as an explanation names it. */
export function describeActivation(name: string, params: readonly number[]): string {
  return params.length ? `${name} [${params.map((p) => (Math.abs(p) >= FLT_MAX ? (p > 0 ? '+∞' : '−∞') : String(Number(p.toPrecision(6))))).join(', ')}]` : name;
}
