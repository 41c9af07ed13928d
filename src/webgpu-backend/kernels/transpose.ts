// Transpose: each output element reads the input through the input strides permuted into output
// order, so one indexing helper serves every permutation of every rank.
import { attrInts } from '../../ir/attributes.ts';
import { numElements } from '../../ir/tensor.ts';
import type { Node } from '../../ir/types.ts';
import { inputInfo, outputInfo, sameDtype, shapeError, wgslElem, WORD_DTYPES, type OpContext, type OpDef } from '../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../wgsl/dispatch.ts';
import { contiguousStrides, offsetsFunction } from '../wgsl/indexing.ts';
import { ParamWriter } from '../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../wgsl/shader.ts';

/** The permutation (default: reversed dims); throws when it is not one of 0..rank-1. */
function permutation(node: Node, rank: number): number[] {
  const reversed = Array.from({ length: rank }, (_, d) => rank - 1 - d);
  const perm = [...attrInts(node, 'perm', reversed)];
  const valid = perm.length === rank && [...perm].sort((x, y) => x - y).every((p, i) => p === i);
  if (!valid) throw shapeError(node, `perm [${perm}] is not a permutation of ${rank} dims`);
  return perm;
}

function generateTranspose(ctx: OpContext): KernelSource {
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  const dims = x.dims;
  const outDims = y.dims;
  const inStrides = contiguousStrides(dims);
  const perm = permutation(ctx.node, dims.length);
  const count = numElements(outDims);
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32s('shape', outDims);
  params.u32s('x_strides', perm.map((p) => inStrides[p]!));
  const body = `
${offsetsFunction('inputOffset', outDims.length, 'shape', ['x_strides'])}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  Y[index] = X[inputOffset(index)];
}`;
  return kernelSource({
    variant: 'transpose',
    inputs: [{ name: 'X', elem: wgslElem(x) }],
    output: { name: 'Y', elem: wgslElem(y) },
    params,
    body,
    workgroups: linearWorkgroups(count, ctx.profile.limits),
  });
}

export const TRANSPOSE_OPS: Record<string, OpDef> = {
  Transpose: { kind: 'kernel', dtypes: sameDtype(WORD_DTYPES), generate: generateTranspose },
};
