// The nodes fuse-epilogue fuses an elementwise epilogue into (TVM's kOutEWiseFusable ops), each
// seen as a bare base op (Conv, MatMul, Gemm) plus what it already applies after it. A plain op is
// just its result (x0). onnxruntime's fused forms also add and apply things: FusedConv its
// residual Z and activation, FusedGemm its activation. Those become the start of the epilogue
// expression (`relu(add(x0, x1))` with x1 = Z), so a fused node is always "base op, then one
// expression", and its function body needs no contrib op. to-nhwc's channels-last forms are
// anchors too: kiln.NhwcConv, and kiln.NhwcFusedConv (FusedConv's activation attributes; its
// `residual` overload's Z is NHWC like its output), both on the NhwcConv base.
import { attrFloat, attrFloats, attrString } from '../../ir/attributes.ts';
import type { Attribute, Node } from '../../ir/types.ts';
import { isDefaultDomain } from '../support/constant-values.ts';
import { call, constant, input, type AttrValue, type Expr } from './expression/ast.ts';
import { exprOp } from './expression/ops.ts';
import { MS_DOMAIN } from './contrib.ts';
import { KILN_DOMAIN } from './kiln-functions.ts';
import { EPILOGUE_BASES, type EpilogueBase } from './epilogue-function.ts';

export interface EpilogueAnchor {
  readonly node: Node;
  readonly base: EpilogueBase;
  /** `Conv conv1`, `com.microsoft.FusedConv f1`: how explanations name it. */
  readonly label: string;
  /** The base's inputs, one per slot ('' for an absent optional one). */
  readonly inputs: readonly string[];
  /** The base's attributes (a fused form's activation attributes are in `result` instead). */
  readonly attributes: readonly Attribute[];
  /** The anchor's output in terms of the base's result x0 and `extras` (x1, x2, …). */
  readonly result: Expr;
  /** Values the anchor itself adds after the base op (FusedConv's Z). */
  readonly extras: readonly string[];
}

/** What an anchor applies after its base: nothing, FusedConv's residual and activation, or FusedGemm's activation. */
type AnchorForm = 'plain' | 'fused-conv' | 'fused-gemm';

/** Each anchor op's base and form: default-domain ops by type, the others by `<domain>.<op>`. */
const ANCHORS: Readonly<Record<string, readonly [EpilogueBase, AnchorForm]>> = {
  Conv: [EPILOGUE_BASES.Conv, 'plain'],
  MatMul: [EPILOGUE_BASES.MatMul, 'plain'],
  Gemm: [EPILOGUE_BASES.Gemm, 'plain'],
  [`${MS_DOMAIN}.FusedConv`]: [EPILOGUE_BASES.Conv, 'fused-conv'],
  [`${MS_DOMAIN}.FusedGemm`]: [EPILOGUE_BASES.Gemm, 'fused-gemm'],
  [`${KILN_DOMAIN}.NhwcConv`]: [EPILOGUE_BASES.NhwcConv, 'plain'],
  // Both overloads (with and without the residual Z): the fourth input tells them apart.
  [`${KILN_DOMAIN}.NhwcFusedConv`]: [EPILOGUE_BASES.NhwcConv, 'fused-conv'],
};

const anchorKey = (n: Node) => (isDefaultDomain(n) ? n.opType : `${n.domain}.${n.opType}`);

export const isAnchorOp = (n: Node): boolean => Object.hasOwn(ANCHORS, anchorKey(n));

export const anchorLabel = (n: Node): string => `${n.domain ? `${n.domain}.` : ''}${n.opType} ${n.id}`;

/** FusedConv's activation (onnxruntime's names and activation_params) applied to `x`, or why it has no expression. */
function convActivation(name: string, params: readonly number[], x: Expr, opset: number): Expr | string {
  const need = { LeakyRelu: 1, Clip: 2, HardSigmoid: 2 }[name] ?? 0;
  if (params.length < need) return `its activation ${name} needs ${need} activation_params, got ${params.length}`;
  switch (name) {
    case 'Relu':
    case 'Tanh':
    case 'Sigmoid':
      return call(name, [x]);
    case 'LeakyRelu':
      return call(name, [x], { alpha: params[0]! });
    case 'HardSigmoid':
      return call(name, [x], { alpha: params[0]!, beta: params[1]! });
    // ONNX has HardSwish from opset 14; before it, its definition: x · HardSigmoid(x; 1/6, 1/2).
    case 'HardSwish':
      return opset >= 14 ? call(name, [x]) : call('Mul', [x, call('HardSigmoid', [x], { alpha: 1 / 6, beta: 0.5 })]);
    // Clip's bounds are inputs from opset 11, attributes before.
    case 'Clip':
      return opset >= 11 ? call(name, [x, constant('float32', [], [params[0]!]), constant('float32', [], [params[1]!])]) : call(name, [x], { min: params[0]!, max: params[1]! });
    default:
      return `its activation ${name} has no elementwise form here`;
  }
}

/** FusedGemm's activation (its attributes activation_alpha, _beta, _gamma name the op's own) applied to `x`. */
function gemmActivation(n: Node, name: string, x: Expr): Expr | string {
  const op = exprOp(name);
  if (!op || op.arity[0] !== 1) return `its activation ${name} has no elementwise form here`;
  const attrs: Record<string, AttrValue> = {};
  for (const a of Object.keys(op.attrs)) {
    const v = attrFloat(n, `activation_${a}`);
    if (v !== undefined) attrs[a] = v;
  }
  return call(name, [x], attrs);
}

/** The node as an anchor, a reason it cannot be one (for a near miss), or undefined when it is no anchor op. */
export function asAnchor(n: Node, opset: number): EpilogueAnchor | string | undefined {
  if (!isAnchorOp(n) || n.outputs.length !== 1 || !n.outputs[0] || !n.inputs[0] || !n.inputs[1]) return undefined;
  const [base, form] = ANCHORS[anchorKey(n)]!;
  const attributes = n.attributes.filter((a) => base.attributes.has(a.name));
  const inputs = base.slots.map((_, k) => n.inputs[k] ?? '');
  const plain = { node: n, base, label: anchorLabel(n), inputs, attributes, result: input(0), extras: [] };
  if (form === 'plain') return plain;
  const activation = attrString(n, 'activation', '');
  if (form === 'fused-gemm') {
    const result = activation ? gemmActivation(n, activation, input(0)) : input(0);
    return typeof result === 'string' ? result : { ...plain, result };
  }
  // FusedConv: act(conv + Z).
  const z = n.inputs[3];
  const summed = z ? call('Add', [input(0), input(1)]) : input(0);
  const result = activation ? convActivation(activation, attrFloats(n, 'activation_params') ?? [], summed, opset) : summed;
  return typeof result === 'string' ? result : { ...plain, result, extras: z ? [z] : [] };
}
