// kiln.FusedReduce (the fuse-reduce pass's input fusion): a Reduce op over an elementwise
// expression, in one kernel, so the expression's result never goes to memory. Each output's
// reduced elements are a row (row-wgsl.ts): one invocation walks it, or on GPUs, when it is long,
// one workgroup shares it (f32 only). At each reduced element every input (and constant array
// of the expression) is read at its numpy-broadcast offset in the expression's shape, split into
// a kept part (computed once per output) and a reduced part, so an input broadcast along the
// reduced axes (the mean in Pow(Sub(x, mean), 2)) is read in place. The expression is compiled
// by compileExpression; the Reduce op's element transform, combine and finish come from
// reduce.ts. Floats accumulate in f32; integer results (ReduceSum/Max/Min/Prod) in i32.
import type { DType } from '../../../ir/dtype.ts';
import { numElements } from '../../../ir/tensor.ts';
import type { Node } from '../../../ir/types.ts';
import { inputCount, type Expr } from '../../../passes/fusion/expression/ast.ts';
import { parseExpression } from '../../../passes/fusion/expression/parse.ts';
import { readFusedReduce, type FusedReduceSpec } from '../../../passes/fusion/fused-reduce-function.ts';
import { inputInfo, outputInfo, shapeError, WORD_DTYPES, wgslElem, type DtypeSignature, type OpContext, type OpDef, type TensorInfo } from '../../op-def.ts';
import { broadcastStrides } from '../../wgsl/indexing.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { fillKernel } from './constant-of-shape.ts';
import { compileExpression, unsupportedCall } from './expression-wgsl.ts';
import { emptyValue, INTEGER_TOO, REDUCERS } from './reduce.ts';
import { chooseRowShape, combineInto, narrowTo, rowLoop } from './row-wgsl.ts';
import { valueTypeOf } from './scalar-wgsl.ts';

function parsed(node: Node): { spec: FusedReduceSpec; expr: Expr } | string {
  const spec = readFusedReduce(node);
  if (typeof spec === 'string') return spec;
  try {
    return { spec, expr: parseExpression(spec.expression) };
  } catch (e) {
    return (e as Error).message;
  }
}

function checkFusedReduce(node: Node): string | undefined {
  const p = parsed(node);
  if (typeof p === 'string') return p;
  if (!REDUCERS[p.spec.reduce]) return `${p.spec.reduce} has no WGSL form`;
  return unsupportedCall(p.expr);
}

/** A loaded element as its compute type: bools are words on the GPU, f16 widens to f32. */
function load(element: string, info: TensorInfo): string {
  if (info.dtype === 'bool') return `(${element} != 0u)`;
  return info.gpu.scalar === 'f16' ? `f32(${element})` : element;
}

/** The numpy-broadcast shape of all leaves: the shape the expression is computed in. */
function broadcastShape(shapes: readonly (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  return Array.from({ length: rank }, (_, d) => {
    const dims = shapes.map((s) => s[d - rank + s.length] ?? 1);
    return dims.includes(0) ? 0 : Math.max(...dims);
  });
}

/** `fn <name>(index) -> array<u32, L>`: every leaf's offset at the coordinates `index` stands for in `shape`. */
function offsetsFunction(name: string, rank: number, leafCount: number, shape: string, strides: string): string {
  const sums = Array.from({ length: leafCount }, (_, k) => `    o[${k}] += c * param(P_${strides}${k} + d);`).join('\n');
  return `fn ${name}(index: u32) -> array<u32, ${leafCount}> {
  var rest = index;
  var o: array<u32, ${leafCount}>;
  for (var k = 0u; k < ${rank}u; k++) {
    let d = ${rank - 1}u - k;
    let size = param(P_${shape} + d);
    let c = rest % size;
    rest = rest / size;
${sums}
  }
  return o;
}`;
}

function generateFusedReduce(ctx: OpContext): KernelSource {
  const { spec, expr } = parsed(ctx.node) as { spec: FusedReduceSpec; expr: Expr };
  const y = outputInfo(ctx);
  const inputs = Array.from({ length: inputCount(expr) }, (_, k) => inputInfo(ctx, k));
  const compiled = compileExpression(expr, inputs.map((x) => valueTypeOf(x.dtype)!));
  const type = compiled.resultType;
  if (type !== 'f32' && type !== 'i32') throw shapeError(ctx.node, `its expression computes ${type} values, which ${spec.reduce} does not reduce`);
  if (type === 'i32' && !INTEGER_TOO.has(spec.reduce)) throw shapeError(ctx.node, `${spec.reduce} of integers is not supported (only ${[...INTEGER_TOO].join(', ')})`);
  const leaves = [
    ...inputs.map((x, k) => ({ name: `X${k}`, dims: x.dims, load: (e: string) => load(e, x) })),
    ...compiled.arrays.map((c, j) => ({ name: `C${j}`, dims: c.dims, load: (e: string) => e })),
  ];
  const dims = broadcastShape(leaves.map((l) => l.dims));
  if (spec.axes.some((a) => a >= dims.length)) throw shapeError(ctx.node, `its axes [${spec.axes}] are out of range for the expression's rank ${dims.length}`);
  const axes = new Set(spec.axes);
  const kept = dims.map((_, d) => d).filter((d) => !axes.has(d));
  const reduced = [...axes];
  const reducedCount = numElements(reduced.map((d) => dims[d]!));
  const r = REDUCERS[spec.reduce]!;
  if (reducedCount === 0) return fillKernel(ctx, y, emptyValue(spec.reduce, type === 'i32'), `fused-reduce-empty`);
  const params = new ParamWriter();
  params.f32('reduced', reducedCount);
  params.u32s('kept_shape', kept.map((d) => dims[d]!));
  params.u32s('red_shape', reduced.map((d) => dims[d]!));
  leaves.forEach((l, k) => {
    const strides = broadcastStrides(l.dims, dims);
    params.u32s(`ks${k}`, kept.map((d) => strides[d]!));
    params.u32s(`rs${k}`, reduced.map((d) => strides[d]!));
  });
  const L = leaves.length;
  // Rank-0 walks (nothing kept: a full reduction) are all zeros.
  const walk = (name: string, rank: number, shape: string, strides: string) =>
    rank ? offsetsFunction(name, rank, L, shape, strides) : `fn ${name}(index: u32) -> array<u32, ${L}> { return array<u32, ${L}>(); }`;
  const args = leaves.map((l, k) => l.load(`${l.name}[base[${k}] + o[${k}]]`));
  const pre = r.pre ?? ((v: string) => v);
  const post = (total: string) => narrowTo(y.gpu.scalar, r.post ? r.post(total, 'paramF(P_REDUCED)') : total, false);
  const twoPass = spec.reduce === 'ReduceLogSumExp';
  const init = r.combine === 'max' || r.combine === 'min' ? 'element(kb, 0u)' : `${type}(${r.combine === 'prod' ? 1 : 0})`;
  // Each output's reduced elements are one row (rowLoop's `row`, `L`, `i`): on GPUs a long one gets a workgroup.
  const layout = { outer: numElements(y.dims), length: reducedCount, inner: 1 };
  const loop = rowLoop(layout, type === 'f32' ? chooseRowShape(ctx.profile, layout) : 'invocation', params, ctx.profile.limits, { type, allowVec4: false });
  const store = loop.shape === 'workgroup' ? `let total = ${loop.total(r.combine, 'acc')};\n  if (lid == 0u) { Y[row] = ${post('total')}; }` : `Y[row] = ${post('acc')};`;
  const body = `
${compiled.wgsl}
${walk('keptOffsets', kept.length, 'KEPT_SHAPE', 'KS')}
${walk('reducedOffsets', reduced.length, 'RED_SHAPE', 'RS')}

fn element(base: array<u32, ${L}>, i: u32) -> ${type} {
  let o = reducedOffsets(i);
  return compute(${args.join(', ')});
}

${loop.prelude}
${loop.entry}
  let kb = keptOffsets(row);
  ${twoPass ? `var m = element(kb, 0u);\n  ${loop.open} m = max(m, element(kb, i)); }\n  let row_max = ${loop.total('max', 'm')};\n  ` : ''}var acc = ${init};
  ${loop.open} let v = element(kb, i); ${combineInto(r.combine, 'acc', pre('v'))} }
  ${store}
}`;
  return kernelSource({
    variant: `fused-reduce${loop.shape === 'workgroup' ? '-workgroup' : ''}`,
    inputs: inputs.map((x, k) => ({ name: `X${k}`, elem: wgslElem(x), index: k })),
    output: { name: 'Y', elem: wgslElem(y) },
    params,
    body,
    workgroups: loop.workgroups,
    workgroupStorageBytes: loop.workgroupStorageBytes,
  });
}

// Each input has its own dtype (an expression may mix floats, integers and bools); the result is
// a float, or an integer for the Reduce ops reduce.ts also runs on integers.
const MAX_INPUTS = 16;
const vars = Array.from({ length: MAX_INPUTS }, (_, k) => `T${k}`);
const signature: DtypeSignature = {
  types: { ...Object.fromEntries(vars.map((v) => [v, WORD_DTYPES as readonly DType[]])), R: ['float32', 'float16', 'int32', 'int64'] },
  inputs: vars,
  outputs: ['R'],
};

export const FUSED_REDUCE_OPS: Record<string, OpDef> = {
  'kiln.FusedReduce': { kind: 'kernel', dtypes: signature, check: checkFusedReduce, generate: generateFusedReduce },
};
