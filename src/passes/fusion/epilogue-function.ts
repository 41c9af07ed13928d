// The nodes fuse-epilogue makes: a standard ONNX op that computes one value per output element
// (Conv, MatMul, Gemm: the "base") whose result goes through an elementwise expression (the
// language of kiln.FusedElementwise) before it is stored, so the base's output never reaches
// memory. One op per base: kiln.FusedConvEpilogue, kiln.FusedMatMulEpilogue, kiln.FusedGemmEpilogue,
// and kiln.NhwcFusedConvEpilogue for to-nhwc's channels-last convs (kiln.NhwcConv: NHWC X, HWIO W;
// its output, and so every tensor the expression reads, is NHWC).
//
// Convention: the inputs are the base's own (Conv: X, W, B; MatMul: A, B; Gemm: A, B, C; an absent
// optional one is ''), then the epilogue's other inputs. In `expression`, x0 is the base's result
// (Conv's bias, Gemm's alpha and beta·C included) and xk (k >= 1) is node input `slots - 1 + k`,
// each broadcast to the output's shape. The node carries the base's attributes besides
// `expression`. The model-local function it calls is the base op followed by the expression's
// ops, so onnxruntime runs the model unchanged; Kiln's backend runs the expression as the base's
// kernel stores each output element. An NHWC base is kiln.NhwcConv's own body (Transposes around a
// Conv, nhwc-ops.ts) inlined, not a call of it: the function must not depend on another
// model-local function that a later pass may drop.
import { attrString } from '../../ir/attributes.ts';
import type { Attribute, FunctionDef, Node } from '../../ir/types.ts';
import type { Expr } from './expression/ast.ts';
import { NHWC_CONV_SPEC, nhwcBodyNodes } from '../layout/nhwc-ops.ts';
import { expressionFunction } from './expression/lower.ts';
import { parseExpression } from './expression/parse.ts';

export const EPILOGUE_DOMAIN = 'kiln';

export interface EpilogueBase {
  /** The op the fused node starts with: a standard ONNX op, or kiln.NhwcConv (built from standard ops). */
  readonly op: 'Conv' | 'MatMul' | 'Gemm' | 'NhwcConv';
  /** The fused node's op type. */
  readonly fused: string;
  /** The base's inputs (the function's formal names); only the last may be absent. */
  readonly slots: readonly string[];
  /** The base's attributes, which the fused node and its function body carry. */
  readonly attributes: ReadonlySet<string>;
  /** How explanations name x0. */
  readonly result: string;
}

export const EPILOGUE_BASES: Readonly<Record<EpilogueBase['op'], EpilogueBase>> = {
  Conv: { op: 'Conv', fused: 'FusedConvEpilogue', slots: ['X', 'W', 'B'], attributes: new Set(['auto_pad', 'dilations', 'group', 'kernel_shape', 'pads', 'strides']), result: 'conv output' },
  MatMul: { op: 'MatMul', fused: 'FusedMatMulEpilogue', slots: ['A', 'B'], attributes: new Set(), result: 'matmul output' },
  Gemm: { op: 'Gemm', fused: 'FusedGemmEpilogue', slots: ['A', 'B', 'C'], attributes: new Set(['alpha', 'beta', 'transA', 'transB']), result: 'gemm output' },
  NhwcConv: { op: 'NhwcConv', fused: 'NhwcFusedConvEpilogue', slots: ['X', 'W', 'B'], attributes: new Set(NHWC_CONV_SPEC.attributes), result: 'NHWC conv output' },
};

/** The base of a kiln.Fused*Epilogue node, or undefined for any other node. */
export function epilogueBaseOf(n: Pick<Node, 'domain' | 'opType'>): EpilogueBase | undefined {
  return n.domain === EPILOGUE_DOMAIN ? Object.values(EPILOGUE_BASES).find((b) => b.fused === n.opType) : undefined;
}

export interface EpilogueSpec {
  readonly base: EpilogueBase;
  /** The base's own attributes. */
  readonly attributes: readonly Attribute[];
  /** Whether the base's last (optional) slot is given: Conv's B, Gemm's C. */
  readonly lastSlot: boolean;
  /** Inputs the expression reads besides x0. */
  readonly extras: number;
  readonly expression: string;
}

function printAttribute(a: Attribute): string {
  const v = a.type === 'ints' || a.type === 'floats' ? `[${a.value.join(',')}]` : a.type === 'string' ? JSON.stringify(a.value) : String(a.value);
  return `${a.name}=${v}`;
}

/** The spec's text (the function's doc string): different specs never share an overload. */
export function specText(s: EpilogueSpec): string {
  const attrs = [...s.attributes].sort((a, b) => a.name.localeCompare(b.name)).map(printAttribute);
  return `${s.base.op}(${[...attrs, ...(s.lastSlot ? [] : [`no ${s.base.slots.at(-1)}`])].join('; ')}) -> ${s.expression}`;
}

export const epilogueAttributes = (s: EpilogueSpec): Attribute[] => [...s.attributes, { name: 'expression', type: 'string', value: s.expression }];

/** The node's expression, or why it has none (a hand-edited node). */
export function readEpilogue(n: Pick<Node, 'attributes'>): Expr | string {
  const text = attrString(n, 'expression');
  if (text === undefined) return 'it has no expression attribute';
  try {
    return parseExpression(text);
  } catch (e) {
    return (e as Error).message;
  }
}

/** kiln.Fused<Base>Epilogue:<overload>: the base op into x0, then the expression's ops into y. */
export function epilogueFunction(expr: Expr, s: EpilogueSpec, overload: string, opset: number): FunctionDef {
  const inner = expressionFunction(expr, overload, opset);
  const slots = s.base.slots;
  const given = s.lastSlot ? [...slots] : slots.slice(0, -1);
  const base: Node[] =
    s.base.op === 'NhwcConv'
      ? nhwcBodyNodes(NHWC_CONV_SPEC, given, 'x0', s.attributes)
      : [{ id: 'base', name: 'base', opType: s.base.op, domain: '', inputs: given, outputs: ['x0'], attributes: [...s.attributes] }];
  return {
    ...inner,
    name: s.base.fused,
    domain: EPILOGUE_DOMAIN,
    // An absent optional slot stays a formal input (the call passes ''), so xk is always node input slots - 1 + k.
    inputs: [...slots, ...Array.from({ length: s.extras }, (_, k) => `x${k + 1}`)],
    // The call carries these; declaring them keeps strict checkers content.
    attributes: [...s.attributes.map((a) => a.name), 'expression'],
    nodes: [...base, ...inner.nodes],
    docString: specText(s),
  };
}
