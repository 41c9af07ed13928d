// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss. Inputs are [N, C, d1..dk] scores, [N,
// d1..dk] class targets and optional [C] class weights; each position's loss is
// -x[n, target, d] · weight[target], 0 where target = ignore_index. reduction 'none' keeps the
// [N, d..] losses (one invocation each); 'sum' adds them; 'mean' divides the sum by the summed
// weights of the positions not ignored (their count without weights). The two sums run in one
// workgroup (strided partial sums, then a tree in workgroup memory): a loss is one scalar, and
// one workgroup's barriers cost little even on software adapters.
// SoftmaxCrossEntropyLoss is a sequence: a log-softmax along axis 1 into its log_prob output (or
// scratch when nobody reads it), then the same NLL kernel over that.
import { attrInt, attrString } from '../../../ir/attributes.ts';
import type { Node } from '../../../ir/types.ts';
import type { KernelSequence } from '../../kernel-sequence.ts';
import { FLOAT_DTYPES, inputInfo, outputInfo, shapeError, wgslElem, type DtypeSignature, type OpContext, type OpDef, type TensorInfo } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { narrowTo, rowLayout } from './row-wgsl.ts';
import { softmaxRowsKernel } from './softmax.ts';

const REDUCE_WORKGROUP = 64;
type Reduction = 'none' | 'sum' | 'mean';

/** [N, C, D]: D is the product of the dims after the class axis. */
function lossLayout(ctx: OpContext, scores: TensorInfo, target: TensorInfo): { n: number; c: number; d: number } {
  const [n, c] = scores.dims;
  const dd = scores.dims.slice(2);
  if (n === undefined || c === undefined || target.dims.length !== scores.dims.length - 1 || target.dims[0] !== n || dd.some((v, i) => target.dims[i + 1] !== v)) {
    throw shapeError(ctx.node, `scores [${scores.dims}] and targets [${target.dims}] are not [N, C, d..] and [N, d..]`);
  }
  return { n, c, d: dd.reduce((p, v) => p * v, 1) };
}

/** The NLL kernel: reads log-probabilities X [N, C, D], targets and optional weights; writes Y. */
function nllKernel(ctx: OpContext, x: TensorInfo, target: TensorInfo, weight: TensorInfo | undefined, y: TensorInfo): KernelSource {
  const { n, c, d } = lossLayout(ctx, x, target);
  const reduction = attrString(ctx.node, 'reduction', 'mean') as Reduction;
  const ignore = attrInt(ctx.node, 'ignore_index');
  const rows = n * d;
  const params = new ParamWriter();
  params.u32('rows', rows);
  params.u32('classes', c);
  params.u32('inner', d);
  // Targets are i32 on the GPU; an ignore_index outside i32 never matches one.
  const ignores = ignore !== undefined && ignore >= -(2 ** 31) && ignore < 2 ** 31;
  params.u32('ignore', ignores ? ignore >>> 0 : 0);
  const loss = `fn lossAt(row: u32) -> vec2<f32> {
  let t = Target[row];
  ${ignores ? 'if (t == bitcast<i32>(param(P_IGNORE))) { return vec2<f32>(0.0, 0.0); }' : ''}
  let cls = u32(clamp(t, 0, i32(param(P_CLASSES)) - 1));
  let w = ${weight ? 'f32(W[cls])' : '1.0'};
  let at = ((row / param(P_INNER)) * param(P_CLASSES) + cls) * param(P_INNER) + row % param(P_INNER);
  return vec2<f32>(-f32(X[at]) * w, w);
}`;
  const scalar = y.gpu.scalar;
  const body =
    reduction === 'none'
      ? `
${loss}
${linearEntryPoint()}
  if (index >= param(P_ROWS)) { return; }
  Y[index] = ${narrowTo(scalar, 'lossAt(index).x', false)};
}`
      : `
${loss}
var<workgroup> part: array<vec2<f32>, ${REDUCE_WORKGROUP}>;
@compute @workgroup_size(${REDUCE_WORKGROUP})
fn main(@builtin(local_invocation_index) lid: u32) {
  var acc = vec2<f32>(0.0, 0.0);
  for (var row = lid; row < param(P_ROWS); row += ${REDUCE_WORKGROUP}u) { acc += lossAt(row); }
  part[lid] = acc;
  workgroupBarrier();
  for (var s = ${REDUCE_WORKGROUP / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { part[lid] += part[lid + s]; }
    workgroupBarrier();
  }
  if (lid == 0u) { Y[0] = ${narrowTo(scalar, reduction === 'mean' ? 'part[0].x / part[0].y' : 'part[0].x', false)}; }
}`;
  return kernelSource({
    variant: `nll-${reduction}${weight ? '-weighted' : ''}`,
    inputs: [{ name: 'X', elem: wgslElem(x) }, { name: 'Target', elem: 'i32' }, ...(weight ? [{ name: 'W', elem: wgslElem(weight) }] : [])],
    output: { name: 'Y', elem: wgslElem(y) },
    params, body,
    workgroups: reduction === 'none' ? linearWorkgroups(rows, ctx.profile.limits) : [1, 1, 1],
    workgroupStorageBytes: reduction === 'none' ? 0 : REDUCE_WORKGROUP * 8,
  });
}

/** log_softmax along axis 1 of [N, C, D] (rows of C elements D apart). */
function logSoftmaxKernel(ctx: OpContext, x: TensorInfo, y: TensorInfo): KernelSource {
  return softmaxRowsKernel(ctx, rowLayout(x.dims, 1), x, y, true, false);
}

function generateNll(ctx: OpContext): KernelSource {
  return nllKernel(ctx, inputInfo(ctx, 0), inputInfo(ctx, 1), ctx.inputs[2], outputInfo(ctx));
}

function generateSce(ctx: OpContext): KernelSequence {
  const [scores, target, weight, loss] = [inputInfo(ctx, 0), inputInfo(ctx, 1), ctx.inputs[2], outputInfo(ctx)];
  const logProb = ctx.outputs[1];
  const kept = logProb?.used === true;
  const probs: TensorInfo = kept ? logProb : { ...scores, name: `${ctx.node.id}#log_prob` };
  const to = kept ? { output: 1 } : { scratch: 0 };
  return {
    kind: 'sequence',
    scratch: kept ? [] : [{ dims: scores.dims, dtype: scores.dtype }],
    steps: [
      { source: logSoftmaxKernel(ctx, scores, probs), reads: [{ input: 0 }], writes: [to] },
      { source: nllKernel(ctx, probs, target, weight, loss), reads: [to, { input: 1 }, ...(weight ? [{ input: 2 }] : [])], writes: [{ output: 0 }] },
    ],
  };
}

function checkLoss(node: Node): string | undefined {
  const reduction = attrString(node, 'reduction', 'mean');
  if (!['none', 'sum', 'mean'].includes(reduction)) return `reduction '${reduction}' is not one of none, sum, mean`;
  return undefined;
}

const LOSS_DTYPES: DtypeSignature = { types: { T: FLOAT_DTYPES, I: ['int32', 'int64'] }, inputs: ['T', 'I', 'T'], outputs: ['T'] };

export const LOSS_OPS: Record<string, OpDef> = {
  NegativeLogLikelihoodLoss: { kind: 'kernel', dtypes: LOSS_DTYPES, check: checkLoss, generate: generateNll },
  SoftmaxCrossEntropyLoss: { kind: 'kernel', dtypes: LOSS_DTYPES, check: checkLoss, generate: generateSce },
};
