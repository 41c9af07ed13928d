// The Reduce ops. Axes are an attribute until opset 13 (ReduceSum) or 18 (the others), then an
// optional input read at compile time; no axes reduce everything, unless noop_with_empty_axes asks
// for none (the element transform still applies: ReduceSumSquare squares, as onnxruntime does).
// The input's dims are simplified first (size-1 dims dropped, neighbours of the same kind merged):
// a single reduced block is rows (row-wgsl.ts: one invocation, or on GPUs one workgroup, per
// output, vec4 loads along contiguous rows); interleaved blocks take the general path, one
// invocation per output walking the reduced coordinates. Reducing an empty axis fills the output
// with the reduction of nothing (0, 1, ±inf; -inf for the logs).
import { attrInt, attrInts } from '../../../ir/attributes.ts';
import { numElements, tensorToNumbers } from '../../../ir/tensor.ts';
import { FLOAT_DTYPES, inputInfo, NUMERIC_DTYPES, outputInfo, sameDtype, shapeError, wgslElem, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { contiguousStrides, offsetsFunction } from '../../wgsl/indexing.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { fillKernel } from './constant-of-shape.ts';
import { chooseRowShape, combineInto, narrowTo, rowLoop, type Combine, type RowLayout, type RowType } from './row-wgsl.ts';

export interface Reducer {
  readonly combine: Combine;
  /** Applied to each element before combining. */
  readonly pre?: (v: string) => string;
  /** Applied to the total; `n` is the reduced element count (f32). */
  readonly post?: (total: string, n: string) => string;
}

/** Shared with kiln.FusedReduce (fused-reduce.ts), which reduces an expression instead of X. */
export const REDUCERS: Record<string, Reducer> = {
  ReduceSum: { combine: 'sum' },
  ReduceMean: { combine: 'sum', post: (t, n) => `${t} / ${n}` },
  ReduceMax: { combine: 'max' },
  ReduceMin: { combine: 'min' },
  ReduceProd: { combine: 'prod' },
  ReduceL1: { combine: 'sum', pre: (v) => `abs(${v})` },
  ReduceL2: { combine: 'sum', pre: (v) => `${v} * ${v}`, post: (t) => `sqrt(${t})` },
  ReduceSumSquare: { combine: 'sum', pre: (v) => `${v} * ${v}` },
  ReduceLogSum: { combine: 'sum', post: (t) => `log(${t})` },
  // Two passes: the max, then log(Σ exp(x - max)) + max, which cannot overflow.
  ReduceLogSumExp: { combine: 'sum', pre: (v) => `exp(${v} - row_max)`, post: (t) => `row_max + log(${t})` },
};

/** The reduced axes (normalized, sorted), or [] for none. */
function reducedAxes(ctx: OpContext, rank: number): number[] {
  const node = ctx.node;
  const fromInput = ctx.opset >= (node.opType === 'ReduceSum' ? 13 : 18);
  const given = fromInput ? (ctx.inputs[1]?.constant ? [...tensorToNumbers(ctx.inputs[1].constant)] : undefined) : attrInts(node, 'axes')?.slice();
  if (!given?.length) return fromInput && attrInt(node, 'noop_with_empty_axes', 0) === 1 ? [] : Array.from({ length: rank }, (_, d) => d);
  const axes = given.map((a) => (a < 0 ? a + rank : a));
  if (axes.some((a) => a < 0 || a >= rank)) throw shapeError(node, `axes [${given}] are out of range for rank ${rank}`);
  return [...new Set(axes)].sort((a, b) => a - b);
}

/** The dims as alternating kept/reduced blocks (size-1 dims dropped, neighbours of a kind merged). */
function blocks(dims: readonly number[], axes: ReadonlySet<number>): { size: number; reduced: boolean }[] {
  const out: { size: number; reduced: boolean }[] = [];
  dims.forEach((size, d) => {
    if (size === 1) return;
    const reduced = axes.has(d);
    const last = out[out.length - 1];
    if (last && last.reduced === reduced) last.size *= size;
    else out.push({ size, reduced });
  });
  return out;
}

/** The reduction of no elements: the combine's identity, through the op's transform (ONNX's empty-set cases). */
export function emptyValue(op: string, integer: boolean): number {
  const values: Record<string, number> = { ReduceMax: integer ? -(2 ** 31) : -Infinity, ReduceMin: integer ? 2 ** 31 - 1 : Infinity, ReduceProd: 1, ReduceMean: NaN, ReduceLogSum: -Infinity, ReduceLogSumExp: -Infinity };
  return values[op] ?? 0;
}

function generateReduce(ctx: OpContext): KernelSource {
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  const r = REDUCERS[ctx.node.opType]!;
  const axes = new Set(reducedAxes(ctx, x.dims.length));
  const parts = blocks(x.dims, axes);
  const reducedCount = numElements(x.dims.filter((_, d) => axes.has(d)));
  if (reducedCount === 0) return fillKernel(ctx, y, emptyValue(ctx.node.opType, x.gpu.scalar === 'i32'), `${ctx.node.opType.toLowerCase()}-empty`);
  const type: RowType = x.gpu.scalar === 'i32' ? 'i32' : 'f32';
  const params = new ParamWriter();
  params.f32('reduced', reducedCount);
  const pre = r.pre ?? ((v: string) => v);
  const post = (t: string) => narrowTo(y.gpu.scalar, r.post ? r.post(t, 'paramF(P_REDUCED)') : t, false);
  const twoPass = ctx.node.opType === 'ReduceLogSumExp';
  const reducedBlocks = parts.filter((p) => p.reduced).length;
  if (reducedBlocks <= 1) {
    const k = parts.findIndex((p) => p.reduced);
    const size = (ps: typeof parts) => ps.reduce((n, p) => n * p.size, 1);
    const layout: RowLayout = k < 0 ? { outer: numElements(x.dims), length: 1, inner: 1 } : { outer: size(parts.slice(0, k)), length: parts[k]!.size, inner: size(parts.slice(k + 1)) };
    const shape = type === 'f32' ? chooseRowShape(ctx.profile, layout) : 'invocation';
    const loop = rowLoop(layout, shape, params, ctx.profile.limits, { type });
    const v = loop.load(`X[${loop.at}]`);
    const init = r.combine === 'max' || r.combine === 'min' ? loop.load(`X[${loop.first}]`) : loop.identity(r.combine);
    const maxPass = twoPass ? `var m = ${loop.load(`X[${loop.first}]`)};\n  ${loop.open} m = max(m, ${v}); }\n  let row_max = ${loop.total('max', 'm')};\n` : '';
    const store = `Y[row] = ${post(loop.total(r.combine, 'acc'))};`;
    const body = `
${loop.prelude}
${loop.entry}
  ${maxPass}  var acc = ${init};
  ${loop.open} ${combineInto(r.combine, 'acc', pre(v))} }
  ${loop.shape === 'workgroup' ? `let total = ${loop.total(r.combine, 'acc')};\n  if (lid == 0u) { Y[row] = ${post('total')}; }` : store}
}`;
    return kernelSource({
      variant: `${ctx.node.opType.toLowerCase()}-${loop.shape}${loop.vec4 ? '-vec4' : ''}${layout.inner > 1 ? '-strided' : ''}`,
      inputs: [{ name: 'X', elem: wgslElem(x, loop.vec4) }],
      output: { name: 'Y', elem: wgslElem(y) },
      params, body,
      workgroups: loop.workgroups,
      workgroupStorageBytes: loop.workgroupStorageBytes,
    });
  }
  // Interleaved reduced blocks: walk the reduced coordinates from each output's base offset.
  const strides = contiguousStrides(x.dims);
  const kept = x.dims.map((_, d) => d).filter((d) => !axes.has(d));
  const reduced = [...axes];
  const count = numElements(y.dims);
  params.u32('count', count);
  params.u32('reduced_count', reducedCount);
  params.u32s('kept_shape', kept.map((d) => x.dims[d]!));
  params.u32s('kept_strides', kept.map((d) => strides[d]!));
  params.u32s('red_shape', reduced.map((d) => x.dims[d]!));
  params.u32s('red_strides', reduced.map((d) => strides[d]!));
  const v = `${type}(X[base + reducedOffset(i)])`;
  const body = `
${offsetsFunction('keptOffset', kept.length, 'kept_shape', ['kept_strides'])}
${offsetsFunction('reducedOffset', reduced.length, 'red_shape', ['red_strides'])}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let base = keptOffset(index);
  let R = param(P_REDUCED_COUNT);
  ${twoPass ? `var row_max = ${type}(X[base]);\n  for (var i = 0u; i < R; i++) { row_max = max(row_max, ${v}); }\n  ` : ''}var acc = ${r.combine === 'max' || r.combine === 'min' ? `${type}(X[base])` : `${type}(${r.combine === 'sum' ? 0 : 1})`};
  for (var i = 0u; i < R; i++) { ${combineInto(r.combine, 'acc', pre(v))} }
  Y[index] = ${post('acc')};
}`;
  return kernelSource({
    variant: `${ctx.node.opType.toLowerCase()}-general`,
    inputs: [{ name: 'X', elem: wgslElem(x) }],
    output: { name: 'Y', elem: wgslElem(y) },
    params, body,
    workgroups: linearWorkgroups(count, ctx.profile.limits),
  });
}

export const INTEGER_TOO: ReadonlySet<string> = new Set(['ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceProd']);

export const REDUCE_OPS: Record<string, OpDef> = Object.fromEntries(
  Object.keys(REDUCERS).map((op): [string, OpDef] => [op, { kind: 'kernel', cpuInputs: [1], dtypes: sameDtype(INTEGER_TOO.has(op) ? NUMERIC_DTYPES : FLOAT_DTYPES), generate: generateReduce }]),
);
