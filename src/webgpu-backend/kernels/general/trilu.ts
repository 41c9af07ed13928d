// Trilu and EyeLike: masks over the last two axes, one invocation per output element.
//   Trilu   keeps x[..., i, j] where j - i >= k (upper) or j - i <= k (lower), else 0. k is an
//           optional int64 scalar input, read by the kernel at run time (no recompiling per k).
//   EyeLike ones where j - i = k (attribute), zeros elsewhere, in the dtype attribute's type (the
//           input's by default; legality checks it as the output's dtype); only the input's
//           shape matters, so nothing is bound for it.
import { attrInt } from '../../../ir/attributes.ts';
import { numElements } from '../../../ir/tensor.ts';
import { inputInfo, outputInfo, sameDtype, shapeError, wgslElem, WORD_DTYPES, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';

/** Params rows/cols of the last two axes, and `let i`, `let j` for element `index`. */
function matrixCoords(dims: readonly number[], params: ParamWriter): string {
  params.u32('rows', dims.at(-2) ?? 1);
  params.u32('cols', dims.at(-1) ?? 1);
  return `let j = i32(index % param(P_COLS));
  let i = i32((index / param(P_COLS)) % param(P_ROWS));`;
}

function generateTrilu(ctx: OpContext): KernelSource {
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  if (x.dims.length < 2) throw shapeError(ctx.node, `input [${x.dims}] has fewer than 2 dims`);
  const k = ctx.inputs[1];
  const upper = attrInt(ctx.node, 'upper', 1) !== 0;
  const count = numElements(y.dims);
  const params = new ParamWriter();
  params.u32('count', count);
  const coords = matrixCoords(x.dims, params);
  const body = `
${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  ${coords}
  let k = ${k ? 'K[0]' : '0'};
  let keep = j - i ${upper ? '>=' : '<='} k;
  Y[index] = select(${y.gpu.scalar}(0), X[index], keep);
}`;
  return kernelSource({
    variant: upper ? 'triu' : 'tril',
    inputs: [{ name: 'X', elem: wgslElem(x) }, ...(k ? [{ name: 'K', elem: 'i32', index: 1 }] : [])],
    output: { name: 'Y', elem: wgslElem(y) },
    params, body,
    // At least one workgroup: an empty matrix (rows or cols 0) dispatches one that writes nothing.
    workgroups: linearWorkgroups(Math.max(count, 1), ctx.profile.limits),
    inPlace: [{ input: 0, output: 0 }],
  });
}

function generateEyeLike(ctx: OpContext): KernelSource {
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  if (x.dims.length !== 2) throw shapeError(ctx.node, `input [${x.dims}] is not 2-D`);
  const count = numElements(y.dims);
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32('k', attrInt(ctx.node, 'k', 0) >>> 0);
  const coords = matrixCoords(x.dims, params);
  const t = y.gpu.scalar;
  const body = `
${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  ${coords}
  Y[index] = select(${t}(0), ${t}(1), j - i == bitcast<i32>(param(P_K)));
}`;
  return kernelSource({
    variant: 'eye-like',
    inputs: [],
    output: { name: 'Y', elem: wgslElem(y) },
    params, body,
    workgroups: linearWorkgroups(count, ctx.profile.limits),
  });
}

export const TRILU_OPS: Record<string, OpDef> = {
  Trilu: { kind: 'kernel', dtypes: { types: { T: WORD_DTYPES, I: ['int64'] }, inputs: ['T', 'I'], outputs: ['T'] }, generate: generateTrilu },
  EyeLike: { kind: 'kernel', dtypes: { types: { T: WORD_DTYPES, U: WORD_DTYPES }, inputs: ['T'], outputs: ['U'] }, generate: generateEyeLike },
};
