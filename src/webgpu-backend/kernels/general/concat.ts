// Concat, for when the in-place form (concat-in-place.ts: producers writing straight into the
// output) declines. The output is seen as [outer, total] with input k owning the columns
// [start_k, start_k + block_k), block_k = its extent along the axis × the inner size; each
// invocation finds its input by comparing its column with the block ends. When every block is a
// multiple of 4 elements the kernel moves vec4s (words for packed int8/uint8, four to a word).
import { attrInt } from '../../../ir/attributes.ts';
import { numElements } from '../../../ir/tensor.ts';
import { GPU_DTYPES } from '../../gpu-dtype.ts';
import { outputInfo, sameDtype, shapeError, wgslElem, type OpContext, type OpDef, type TensorInfo } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { normalizeAxis } from './softmax.ts';

function generateConcat(ctx: OpContext): KernelSource {
  const y = outputInfo(ctx);
  const rank = y.dims.length;
  const axis = normalizeAxis(ctx, attrInt(ctx.node, 'axis', 0), rank);
  const inner = numElements(y.dims.slice(axis + 1));
  const outer = numElements(y.dims.slice(0, axis));
  // Empty inputs contribute nothing and get no binding.
  const parts = ctx.inputs.flatMap((x, k) => (x && numElements(x.dims) > 0 ? [{ x, k, block: (x.dims[axis] ?? 0) * inner }] : []));
  if (parts.length === 0) throw shapeError(ctx.node, 'every input is empty');
  const words = parts.every((p) => p.block % 4 === 0);
  if (y.gpu.packed && !words) throw shapeError(ctx.node, `${y.dtype} inputs must each hold a multiple of 4 elements per outer slice (packed four to a word)`);
  const unit = words ? 4 : 1;
  const total = parts.reduce((s, p) => s + p.block, 0) / unit;
  const count = outer * total;
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32('total', total);
  let start = 0;
  const cases = parts.map((p, j) => {
    const block = p.block / unit;
    params.u32(`end${j}`, start + block);
    params.u32(`block${j}`, block);
    const read = `X${j}[outer * param(P_BLOCK${j}) + c${start ? ` - ${start}u` : ''}]`;
    start += block;
    return j === parts.length - 1 ? `{ Y[index] = ${read}; }` : `if (c < param(P_END${j})) { Y[index] = ${read}; }`;
  });
  const body = `
${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let outer = index / param(P_TOTAL);
  let c = index % param(P_TOTAL);
  ${cases.join(' else ')}
}`;
  const vec4 = words && !y.gpu.packed;
  const elem = (t: TensorInfo) => wgslElem(t, vec4);
  return kernelSource({
    variant: `concat-${parts.length}${vec4 ? '-vec4' : words && y.gpu.packed ? '-words' : ''}`,
    inputs: parts.map((p, j) => ({ name: `X${j}`, elem: elem(p.x), index: p.k })),
    output: { name: 'Y', elem: elem(y) },
    params, body,
    workgroups: linearWorkgroups(count, ctx.profile.limits),
  });
}

export const CONCAT_OPS: Record<string, OpDef> = {
  Concat: { kind: 'kernel', dtypes: sameDtype(GPU_DTYPES), generate: generateConcat },
};
