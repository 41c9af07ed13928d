// kiln.FusedElementwiseMulti (the fuse-siblings pass's multi-output fusion): one invocation per
// output element reads every input once, computes all the node's `expressions` in one `compute`
// (subexpressions the siblings share computed once) and stores one element of each output.
// Inputs broadcast as in the elementwise kernel (elementwise-kernel.ts: full, scalar, block and
// general reads); there is no vec4 form, siblings are rarely all full-size in one dtype.
import { attrStrings } from '../../../ir/attributes.ts';
import type { DType } from '../../../ir/dtype.ts';
import { numElements } from '../../../ir/tensor.ts';
import type { Node } from '../../../ir/types.ts';
import { call, callsInOrder, inputCount, type Expr } from '../../../passes/fusion/expression/ast.ts';
import { parseExpression } from '../../../passes/fusion/expression/parse.ts';
import { inputInfo, outputInfo, shapeError, wgslElem, WORD_DTYPES, type DtypeSignature, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { broadcastStrides } from '../../wgsl/indexing.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { access, load, offsetsFunction, store, type Access } from './elementwise-kernel.ts';
import { compileExpressions } from './expression-wgsl.ts';
import { SCALAR_OPS } from './scalar-ops-wgsl.ts';
import { valueTypeOf } from './scalar-wgsl.ts';

function parsed(node: Node): Expr[] | string {
  const texts = attrStrings(node, 'expressions');
  if (!texts?.length) return 'it has no expressions attribute';
  if (texts.length !== node.outputs.length) return `it has ${texts.length} expressions for ${node.outputs.length} outputs`;
  try {
    return texts.map(parseExpression);
  } catch (e) {
    return (e as Error).message;
  }
}

/** The expressions with equal subexpressions made one object, so compileExpressions computes each once. */
export function shareCommon(exprs: readonly Expr[]): Expr[] {
  const byKey = new Map<string, Expr>();
  const keyOf = new Map<Expr, string>();
  const visit = (e: Expr): Expr => {
    if (e.kind !== 'call') return e;
    const args = e.args.map(visit);
    const key = JSON.stringify([e.op, e.attrs, args.map((a) => (a.kind === 'call' ? keyOf.get(a) : a))]);
    let shared = byKey.get(key);
    if (!shared) (byKey.set(key, (shared = call(e.op, args, e.attrs))), keyOf.set(shared, key));
    return shared;
  };
  return exprs.map(visit);
}

function checkMulti(node: Node): string | undefined {
  const exprs = parsed(node);
  if (typeof exprs === 'string') return exprs;
  const missing = exprs.flatMap(callsInOrder).find((c) => !SCALAR_OPS[c.op]);
  return missing ? `its expressions call ${missing.op}, which has no WGSL form` : undefined;
}

// Each input and each output has its own dtype (siblings may compute floats and bools).
const MAX_INPUTS = 16;
const MAX_OUTPUTS = 8;
const ins = Array.from({ length: MAX_INPUTS }, (_, k) => `T${k}`);
const outs = Array.from({ length: MAX_OUTPUTS }, (_, j) => `R${j}`);
const signature: DtypeSignature = {
  types: Object.fromEntries([...ins, ...outs].map((v) => [v, WORD_DTYPES as readonly DType[]])),
  inputs: ins,
  outputs: outs,
};

interface Leaf {
  readonly name: string;
  readonly dims: readonly number[];
  readonly access: Access;
  readonly load: (element: string) => string;
}

function generateMulti(ctx: OpContext): KernelSource {
  const exprs = shareCommon(parsed(ctx.node) as Expr[]);
  if (exprs.length > MAX_OUTPUTS) throw shapeError(ctx.node, `${exprs.length} outputs; one kernel writes at most ${MAX_OUTPUTS}`);
  const outputs = exprs.map((_, j) => outputInfo(ctx, j));
  const dims = outputs[0]!.dims;
  if (outputs.some((o) => o.dims.join() !== dims.join())) throw shapeError(ctx.node, `its outputs differ in shape (${outputs.map((o) => `[${o.dims.join(', ')}]`).join(', ')})`);
  const count = numElements(dims);
  const inputs = Array.from({ length: Math.max(0, ...exprs.map(inputCount)) }, (_, k) => inputInfo(ctx, k));
  const compiled = compileExpressions(exprs, inputs.map((x) => valueTypeOf(x.dtype)!));
  const leaves: Leaf[] = [
    ...inputs.map((x, k) => ({ name: `X${k}`, dims: x.dims, access: access(x.dims, dims), load: (e: string) => load(e, x) })),
    ...compiled.arrays.map((c, j) => ({ name: `C${j}`, dims: c.dims, access: access(c.dims, dims), load: (e: string) => e })),
  ];
  const params = new ParamWriter();
  params.u32('count', count);
  const offset = (leaf: Leaf, k: number): string => {
    const a = leaf.access;
    if (a.kind === 'full') return 'index';
    if (a.kind === 'scalar') return '0u';
    if (a.kind === 'block') {
      params.u32(`inner${k}`, a.inner);
      params.u32(`size${k}`, a.size);
      return `(index / param(P_INNER${k})) % param(P_SIZE${k})`;
    }
    return `o[${k}]`;
  };
  const args = leaves.map((l, k) => l.load(`${l.name}[${offset(l, k)}]`));
  const general = leaves.flatMap((l, k) => (l.access.kind === 'general' ? [k] : []));
  for (const k of general) params.u32s(`s${k}`, broadcastStrides(leaves[k]!.dims, dims));
  if (general.length) params.u32s('shape', dims);
  // Every input is read (into `r`) before any output is stored: what makes running in place safe.
  const stores = outputs.map((o, j) => `  Y${j}[index] = ${store(`r.r${j}`, compiled.resultTypes[j]!, o)};`);
  const body = `
${compiled.wgsl}
${general.length ? offsetsFunction(dims.length, leaves.length, general) : ''}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
${general.length ? '  let o = offsets(index);\n' : ''}  let r = compute(${args.join(', ')});
${stores.join('\n')}
}`;
  const kinds = new Set(leaves.map((l) => l.access.kind));
  return kernelSource({
    variant: `fused-elementwise-multi${kinds.has('general') ? '-broadcast' : kinds.has('block') ? '-rows' : ''}`,
    inputs: inputs.map((x, k) => ({ name: `X${k}`, elem: wgslElem(x), index: k })),
    outputs: outputs.map((o, j) => ({ name: `Y${j}`, elem: wgslElem(o), index: j })),
    params,
    body,
    workgroups: linearWorkgroups(count, ctx.profile.limits),
    // A full-size input is read at exactly the index written, before any store.
    inPlace: inputs.flatMap((_, k) => (leaves[k]!.access.kind === 'full' ? outputs.map((_, j) => ({ input: k, output: j })) : [])),
  });
}

export const FUSED_ELEMENTWISE_MULTI_OPS: Record<string, OpDef> = {
  'kiln.FusedElementwiseMulti': { kind: 'kernel', dtypes: signature, check: checkMulti, generate: generateMulti },
};
