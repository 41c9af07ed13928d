// Where(condition, X, Y) with three-way numpy broadcasting. Conditions are bool tensors, held as
// one u32 per element (0 or 1) on the GPU; the output takes X's element where it is non-zero.
// Runs in place over X or Y when that operand already has the output's shape.
import { numElements } from '../../ir/tensor.ts';
import { inputInfo, outputInfo, wgslElem, WORD_DTYPES, type OpContext, type OpDef } from '../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../wgsl/dispatch.ts';
import { broadcastStrides, offsetsFunction } from '../wgsl/indexing.ts';
import { ParamWriter } from '../wgsl/params.ts';
import { kernelSource, type InPlacePair, type KernelSource } from '../wgsl/shader.ts';
import { sameDims } from './binary.ts';

function generateWhere(ctx: OpContext): KernelSource {
  const [cond, x, y, out] = [inputInfo(ctx, 0), inputInfo(ctx, 1), inputInfo(ctx, 2), outputInfo(ctx)];
  const count = numElements(out.dims);
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32s('shape', out.dims);
  params.u32s('c_strides', broadcastStrides(cond.dims, out.dims));
  params.u32s('x_strides', broadcastStrides(x.dims, out.dims));
  params.u32s('y_strides', broadcastStrides(y.dims, out.dims));
  const body = `
${offsetsFunction('inputOffsets', out.dims.length, 'shape', ['c_strides', 'x_strides', 'y_strides'])}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let at = inputOffsets(index);
  let x = X[at.y];
  let y = Y[at.z];
  Out[index] = select(y, x, Cond[at.x] != 0u);
}`;
  const inPlace: InPlacePair[] = [x, y].flatMap((v, k) => (sameDims(v.dims, out.dims) ? [{ input: k + 1, output: 0 }] : []));
  const elem = wgslElem(out);
  return kernelSource({
    variant: 'where',
    inputs: [{ name: 'Cond', elem: 'u32' }, { name: 'X', elem }, { name: 'Y', elem }],
    output: { name: 'Out', elem },
    params,
    body,
    workgroups: linearWorkgroups(count, ctx.profile.limits),
    inPlace,
  });
}

export const WHERE_OPS: Record<string, OpDef> = {
  Where: { kind: 'kernel', dtypes: { types: { B: ['bool'], T: WORD_DTYPES }, inputs: ['B', 'T', 'T'], outputs: ['T'] }, generate: generateWhere },
};
