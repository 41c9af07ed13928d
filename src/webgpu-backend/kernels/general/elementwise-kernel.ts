// One kernel for any elementwise expression over the node's inputs (every elementwise op of this
// folder and kiln.FusedElementwise): one invocation per output element, each input read at its
// numpy-broadcast offset (see `access`: most broadcasts need no coordinate walk), the expression
// computed by compileExpression's `compute` function. When every leaf allows it, an invocation
// does four elements with vec4 loads and stores instead. Full-size inputs are read at exactly
// the index written, so each may run in place.
import { numElements } from '../../../ir/tensor.ts';
import { inputCount, type Expr } from '../../../passes/fusion/expression/ast.ts';
import { inputInfo, outputInfo, wgslElem, type OpContext, type OutputInfo, type TensorInfo } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { broadcastStrides } from '../../wgsl/indexing.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { compileExpression } from './expression-wgsl.ts';
import { convert, valueTypeOf, type ValueType } from './scalar-wgsl.ts';

/** A loaded element as its compute type: bools are words on the GPU, f16 widens to f32. */
export function load(element: string, info: TensorInfo): string {
  if (info.dtype === 'bool') return `(${element} != 0u)`;
  return info.gpu.scalar === 'f16' ? `f32(${element})` : element;
}

/** The result of type `type` as the output's stored element. */
export function store(result: string, type: ValueType, out: OutputInfo): string {
  if (out.dtype === 'bool') return `select(0u, 1u, ${convert({ code: result, type }, 'bool')})`;
  if (out.gpu.scalar === 'f16') return `f16(${convert({ code: result, type }, 'f32')})`;
  return convert({ code: result, type }, out.gpu.scalar as ValueType);
}

/** Offsets of the `general` leaves (by leaf index) at the output's coordinates, walked in one loop for all. */
export function offsetsFunction(rank: number, leafCount: number, general: readonly number[]): string {
  const sums = general.map((k) => `    o[${k}] += c * param(P_S${k} + d);`).join('\n');
  return `fn offsets(index: u32) -> array<u32, ${leafCount}> {
  var rest = index;
  var o: array<u32, ${leafCount}>;
  for (var k = 0u; k < ${rank}u; k++) {
    let d = ${rank - 1}u - k;
    let size = param(P_SHAPE + d);
    let c = rest % size;
    rest = rest / size;
${sums}
  }
  return o;
}`;
}

/**
 * How a leaf (an input, or a constant array) of `dims` is read at output element `index`:
 *   full     same element count as the output: at index
 *   scalar   one element: at 0
 *   block    its non-1 dims are a run of the output's dims (a bias row, a per-channel scale):
 *            at (index / inner) % size, no coordinate walk
 *   general  any other broadcast: offsets from the output coordinates
 */
export type Access = { readonly kind: 'full' | 'scalar' | 'general' } | { readonly kind: 'block'; readonly inner: number; readonly size: number };

export function access(dims: readonly number[], outDims: readonly number[]): Access {
  const n = numElements(dims);
  const count = numElements(outDims);
  if (n === count) return { kind: 'full' };
  if (n === 1) return { kind: 'scalar' };
  const shift = outDims.length - dims.length;
  const run = dims.map((d, i) => i).filter((i) => dims[i] !== 1);
  const [a, b] = [run[0]!, run[run.length - 1]! + 1];
  for (let d = a; d < b; d++) if (dims[d] !== outDims[shift + d]) return { kind: 'general' };
  return { kind: 'block', inner: numElements(outDims.slice(shift + b)), size: n };
}

/** In vec4 mode: a vec4 of four lanes ('vec4') or one value for all four ('splat'); undefined where neither works. */
function vec4Read(a: Access, isArray: boolean): 'vec4' | 'splat' | 'lanes' | undefined {
  if (a.kind === 'full') return isArray ? 'lanes' : 'vec4';
  if (a.kind === 'scalar') return 'splat';
  if (a.kind === 'block' && a.inner % 4 === 0) return 'splat';
  if (a.kind === 'block' && a.inner === 1 && a.size % 4 === 0) return isArray ? 'lanes' : 'vec4';
  return undefined;
}

interface Leaf {
  /** The buffer (X<k>) or constant array (C<j>). */
  readonly name: string;
  readonly dims: readonly number[];
  readonly access: Access;
  /** Converts an element read from it to its compute type. */
  readonly load: (element: string) => string;
  readonly isArray: boolean;
}

/** The kernel computing `expr` (inputs x_k = node input k) into node output 0; `name` starts the variant. */
export function generateElementwise(ctx: OpContext, name: string, expr: Expr): KernelSource {
  const out = outputInfo(ctx);
  const count = numElements(out.dims);
  const inputs = Array.from({ length: inputCount(expr) }, (_, k) => inputInfo(ctx, k));
  const compiled = compileExpression(expr, inputs.map((x) => valueTypeOf(x.dtype)!));
  const leaves: Leaf[] = [
    ...inputs.map((x, k) => ({ name: `X${k}`, dims: x.dims, access: access(x.dims, out.dims), load: (e: string) => load(e, x), isArray: false })),
    ...compiled.arrays.map((c, j) => ({ name: `C${j}`, dims: c.dims, access: access(c.dims, out.dims), load: (e: string) => e, isArray: true })),
  ];
  const vec4 = count % 4 === 0 && count > 0 && leaves.every((l) => vec4Read(l.access, l.isArray) !== undefined);
  const params = new ParamWriter();
  const lanes = vec4 ? count / 4 : count;
  params.u32('count', lanes);
  const fields: string[] = [];
  /** The index of a leaf's element for output element `at` (the output index, or 4·index + lane). */
  const offset = (leaf: Leaf, k: number, at: string): string => {
    const a = leaf.access;
    if (a.kind === 'full') return at;
    if (a.kind === 'scalar') return '0u';
    if (a.kind === 'block') {
      if (!fields.includes(`inner${k}`)) (params.u32(`inner${k}`, a.inner), params.u32(`size${k}`, a.size), fields.push(`inner${k}`));
      return `((${at}) / param(P_INNER${k})) % param(P_SIZE${k})`;
    }
    return `o[${k}]`;
  };
  let prelude = '';
  let main: string;
  const reads = leaves.map((l) => (vec4 ? vec4Read(l.access, l.isArray)! : 'scalar'));
  if (vec4) {
    const lines: string[] = [];
    leaves.forEach((l, k) => {
      // vec4 buffers: index counts vec4s, so a block row repeats every size / 4 of them.
      if (reads[k] === 'vec4') lines.push(`  let v${k} = ${l.name}[${l.access.kind === 'full' ? 'index' : `index % param(P_ROW${k})`}];`);
      if (reads[k] === 'vec4' && l.access.kind === 'block') params.u32(`row${k}`, l.access.size / 4);
      if (reads[k] === 'splat') lines.push(`  let v${k} = ${l.load(`${l.name}[${offset(l, k, 'index * 4u')}]`)};`);
    });
    const lane = (c: string, i: number) => `compute(${leaves.map((l, k) => (reads[k] === 'vec4' ? l.load(`v${k}.${c}`) : reads[k] === 'splat' ? `v${k}` : l.load(`${l.name}[${offset(l, k, `index * 4u + ${i}u`)}]`))).join(', ')})`;
    const results = ['x', 'y', 'z', 'w'].map((c, i) => store(lane(c, i), compiled.resultType, out));
    main = `${lines.join('\n')}\n  Y[index] = ${wgslElem(out, true)}(${results.join(', ')});`;
  } else {
    const general = leaves.flatMap((l, k) => (l.access.kind === 'general' ? [k] : []));
    for (const k of general) params.u32s(`s${k}`, broadcastStrides(leaves[k]!.dims, out.dims));
    if (general.length) {
      params.u32s('shape', out.dims);
      prelude = offsetsFunction(out.dims.length, leaves.length, general);
    }
    const args = leaves.map((l, k) => l.load(`${l.name}[${offset(l, k, 'index')}]`));
    main = `${general.length ? '  let o = offsets(index);\n' : ''}  Y[index] = ${store(`compute(${args.join(', ')})`, compiled.resultType, out)};`;
  }
  const kinds = new Set(leaves.map((l) => l.access.kind));
  const variant = `${name}${vec4 ? '-vec4' : ''}${kinds.has('general') ? '-broadcast' : kinds.has('block') ? '-rows' : ''}`;
  const body = `
${compiled.wgsl}
${prelude}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
${main}
}`;
  return kernelSource({
    variant,
    inputs: inputs.map((x, k) => ({ name: `X${k}`, elem: wgslElem(x, reads[k] === 'vec4'), index: k })),
    output: { name: 'Y', elem: wgslElem(out, vec4) },
    params,
    body,
    workgroups: linearWorkgroups(lanes, ctx.profile.limits),
    // Full-size inputs are read at exactly the index written.
    inPlace: inputs.flatMap((x, k) => (leaves[k]!.access.kind === 'full' ? [{ input: k, output: 0 }] : [])),
  });
}
