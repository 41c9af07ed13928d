// An elementwise epilogue: what a kernel that computes one value per output element (a
// convolution, a matrix product) applies to each value as it stores it, for the fuse-epilogue
// pass's kiln.Fused*Epilogue nodes. The expression (compiled by compileExpression) reads x0, the
// kernel's own result in f32, and x1…, the node's other inputs, each at its numpy-broadcast offset
// from the output element's flat index `at` (elementwise-kernel.ts's `access`: a per-channel scale
// is a `block`, read as (at / inner) % size without a coordinate walk; only other broadcasts walk
// the coordinates). Kernels call `finish(v, at)` on four lanes or `epilogue(v, at)` on one.
import type { DType } from '../../../ir/dtype.ts';
import type { Node } from '../../../ir/types.ts';
import { readEpilogue } from '../../../passes/fusion/epilogue-function.ts';
import { inputCount, type Expr } from '../../../passes/fusion/expression/ast.ts';
import { FLOAT_DTYPES, formatDims, inputInfo, outputInfo, shapeError, WORD_DTYPES, wgslElem, type DtypeSignature, type OpContext } from '../../op-def.ts';
import { broadcastStrides, offsetsFunction } from '../../wgsl/indexing.ts';
import type { ParamWriter } from '../../wgsl/params.ts';
import type { InPlacePair } from '../../wgsl/shader.ts';
import { access, load, type Access } from './elementwise-kernel.ts';
import { compileExpression, unsupportedCall } from './expression-wgsl.ts';
import { convert, valueTypeOf } from './scalar-wgsl.ts';

export interface StoreEpilogue {
  /** Module-scope WGSL: the expression, `fn epilogue(v: f32, at: u32) -> f32` and `fn finish(v: vec4<f32>, at: vec4<u32>) -> vec4<f32>`. */
  readonly wgsl: string;
  /** Bindings E0, E1, … of the expression's inputs x1, x2, … (node inputs first, first + 1, …). */
  readonly inputs: readonly { readonly name: string; readonly elem: string; readonly index: number }[];
  /** Full-size inputs stored as the output is: read only at the element written, so they may share its memory. */
  readonly inPlace: readonly InPlacePair[];
  /** Writes the params the offsets read (after the kernel's own). */
  readonly params: (w: ParamWriter) => void;
}

const XYZW = ['x', 'y', 'z', 'w'] as const;

/** Whether `dims` broadcasts to exactly `out` (aligned from the right, each dim 1 or equal). */
const broadcastsTo = (dims: readonly number[], out: readonly number[]) => dims.length <= out.length && dims.every((d, i) => d === 1 || d === out[out.length - dims.length + i]);

/** The epilogue computing `expr` on the kernel's result; xk (k >= 1) is node input first + k - 1. */
export function storeEpilogue(ctx: OpContext, expr: Expr, first: number): StoreEpilogue {
  const y = outputInfo(ctx);
  const extras = Array.from({ length: Math.max(0, inputCount(expr) - 1) }, (_, k) => inputInfo(ctx, first + k));
  const types = extras.map((x) => {
    const t = valueTypeOf(x.dtype);
    if (!t) throw shapeError(ctx.node, `input '${x.name}' is ${x.dtype}, which an expression cannot read`);
    return t;
  });
  const compiled = compileExpression(expr, ['f32', ...types]);
  const leaves = [
    ...extras.map((x, k) => ({ what: `input '${x.name}'`, dims: x.dims, read: (i: string) => load(`E${k}[${i}]`, x) })),
    ...compiled.arrays.map((c, j) => ({ what: `constant c${j}`, dims: c.dims, read: (i: string) => `C${j}[${i}]` })),
  ];
  // The expression's result is stored in the kernel's output: nothing may broadcast it larger.
  const bad = leaves.find((l) => !broadcastsTo(l.dims, y.dims));
  if (bad) throw shapeError(ctx.node, `${bad.what} ${formatDims(bad.dims)} does not broadcast to the output ${formatDims(y.dims)}`);
  const accesses: Access[] = leaves.map((l) => access(l.dims, y.dims));
  const offset = (a: Access, k: number): string => {
    if (a.kind === 'full') return 'at';
    if (a.kind === 'scalar') return '0u';
    if (a.kind === 'block') return `(at / param(P_EP_INNER${k})) % param(P_EP_SIZE${k})`;
    return `ep_offset${k}(at)`;
  };
  const walks = accesses.flatMap((a, k) => (a.kind === 'general' ? [offsetsFunction(`ep_offset${k}`, y.dims.length, 'ep_shape', [`ep_s${k}`])] : []));
  const args = ['v', ...leaves.map((l, k) => l.read(offset(accesses[k]!, k)))];
  const wgsl = `${compiled.wgsl}
${walks.join('\n')}
fn epilogue(v: f32, at: u32) -> f32 {
  return ${convert({ code: `compute(${args.join(', ')})`, type: compiled.resultType }, 'f32')};
}

fn finish(v: vec4<f32>, at: vec4<u32>) -> vec4<f32> {
  return vec4<f32>(${XYZW.map((c) => `epilogue(v.${c}, at.${c})`).join(', ')});
}`;
  const params = (w: ParamWriter) => {
    if (walks.length) w.u32s('ep_shape', y.dims);
    accesses.forEach((a, k) => {
      if (a.kind === 'block') (w.u32(`ep_inner${k}`, a.inner), w.u32(`ep_size${k}`, a.size));
      if (a.kind === 'general') w.u32s(`ep_s${k}`, broadcastStrides(leaves[k]!.dims, y.dims));
    });
  };
  return {
    wgsl,
    inputs: extras.map((x, k) => ({ name: `E${k}`, elem: wgslElem(x), index: first + k })),
    inPlace: extras.flatMap((x, k) => (accesses[k]!.kind === 'full' && wgslElem(x) === wgslElem(y) && x.dtype === y.dtype ? [{ input: first + k, output: 0 }] : [])),
    params,
  };
}

/** Why a kiln.Fused*Epilogue node's expression cannot run (its base's own checks aside), or undefined. */
export function checkEpilogue(node: Node, slots: number): string | undefined {
  const expr = readEpilogue(node);
  if (typeof expr === 'string') return expr;
  const unsupported = unsupportedCall(expr);
  if (unsupported) return unsupported;
  const reads = inputCount(expr) - 1;
  const given = Math.max(0, node.inputs.length - slots);
  return given < reads ? `its expression reads x${reads} but the node has ${given} input${given === 1 ? '' : 's'} after its first ${slots}` : undefined;
}

const MAX_EXTRAS = 13;

/** The base's inputs and the output share a float type; each expression input has its own (any word dtype). */
export function epilogueSignature(slots: number): DtypeSignature {
  const extras = Array.from({ length: MAX_EXTRAS }, (_, k) => `E${k}`);
  return {
    types: { T: FLOAT_DTYPES, ...Object.fromEntries(extras.map((v) => [v, WORD_DTYPES as readonly DType[]])) },
    inputs: [...Array<string>(slots).fill('T'), ...extras],
    outputs: ['T'],
  };
}
