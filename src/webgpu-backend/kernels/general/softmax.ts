// Softmax and LogSoftmax. From opset 13 they normalize along one axis (default -1); before, the
// input is seen as 2-D, [prod(dims[:axis]), prod(dims[axis:])] (default axis 1), and each row of
// that is normalized. Either way the work is rows (row-wgsl.ts): one pass for the row's max, one
// for the sum of exp(x - max), one writing exp(x - max) / sum (or x - max - log(sum)).
import { attrInt } from '../../../ir/attributes.ts';
import { FLOAT_DTYPES, inputInfo, outputInfo, sameDtype, shapeError, wgslElem, type OpContext, type OpDef, type TensorInfo } from '../../op-def.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { chooseRowShape, narrowTo, rowLayout, rowLoop, type RowLayout } from './row-wgsl.ts';

/** An axis attribute in [0, rank), or a shape error naming the node. */
export function normalizeAxis(ctx: OpContext, raw: number, rank: number): number {
  const axis = raw < 0 ? raw + rank : raw;
  if (axis < 0 || axis >= Math.max(rank, 1)) throw shapeError(ctx.node, `axis ${raw} is out of range for rank ${rank}`);
  return axis;
}

function generateSoftmax(ctx: OpContext): KernelSource {
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  const rank = x.dims.length;
  const flattens = ctx.opset < 13;
  const axis = normalizeAxis(ctx, attrInt(ctx.node, 'axis', flattens ? 1 : -1), rank);
  const layout = flattens ? rowLayout(x.dims, axis, rank) : rowLayout(x.dims, axis);
  // Each row belongs to one invocation (or one workgroup, whose reductions end in barriers), and
  // the last pass reads element i just before writing it: rows never see each other's writes.
  return softmaxRowsKernel(ctx, layout, x, y, ctx.node.opType === 'LogSoftmax', true);
}

/** Softmax (or log-softmax) of every row of `layout`: X → Y, optionally sharing X's memory. */
export function softmaxRowsKernel(ctx: OpContext, layout: RowLayout, x: TensorInfo, y: TensorInfo, log: boolean, inPlace: boolean): KernelSource {
  const params = new ParamWriter();
  const loop = rowLoop(layout, chooseRowShape(ctx.profile, layout), params, ctx.profile.limits);
  const v = loop.load(`X[${loop.at}]`);
  const result = log ? `${v} - shift` : `exp(${v} - row_max) / row_sum`;
  const body = `
${loop.prelude}
${loop.entry}
  var m = ${loop.load(`X[${loop.first}]`)};
  ${loop.open} m = max(m, ${v}); }
  let row_max = ${loop.total('max', 'm')};
  var s = ${loop.identity('sum')};
  ${loop.open} s += exp(${v} - row_max); }
  let row_sum = ${loop.total('sum', 's')};
  let shift = row_max + log(row_sum);
  ${loop.open} Y[${loop.at}] = ${narrowTo(y.gpu.scalar, result, loop.vec4)}; }
}`;
  return kernelSource({
    variant: `${log ? 'log-softmax' : 'softmax'}-${loop.shape}${loop.vec4 ? '-vec4' : ''}${layout.inner > 1 ? '-strided' : ''}`,
    inputs: [{ name: 'X', elem: wgslElem(x, loop.vec4) }],
    output: { name: 'Y', elem: wgslElem(y, loop.vec4) },
    params,
    body,
    workgroups: loop.workgroups,
    workgroupStorageBytes: loop.workgroupStorageBytes,
    ...(inPlace ? { inPlace: [{ input: 0, output: 0 }] } : {}),
  });
}

const softmaxOp: OpDef = { kind: 'kernel', dtypes: sameDtype(FLOAT_DTYPES), generate: generateSoftmax };

export const SOFTMAX_OPS: Record<string, OpDef> = { Softmax: softmaxOp, LogSoftmax: softmaxOp };
