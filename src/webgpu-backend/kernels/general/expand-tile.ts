// Expand (numpy broadcast to a shape) and Tile (repeat along each axis): both write every output
// element from one input element found from the output coordinates (Expand: broadcast strides,
// 0 along broadcast dims; Tile: each coordinate modulo the input's extent). The shape and repeats
// inputs are read at compile time; the output shape comes from shape inference.
import { numElements } from '../../../ir/tensor.ts';
import { inputInfo, outputInfo, sameDtype, wgslElem, WORD_DTYPES, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { broadcastStrides, contiguousStrides, offsetsFunction } from '../../wgsl/indexing.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';

function generateReplicate(ctx: OpContext): KernelSource {
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  const tile = ctx.node.opType === 'Tile';
  const count = numElements(y.dims);
  const rank = y.dims.length;
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32s('shape', y.dims);
  let offset: string;
  if (tile) {
    params.u32s('in_shape', x.dims);
    params.u32s('in_strides', contiguousStrides(x.dims));
    offset = `fn inputOffset(index: u32) -> u32 {
  var rest = index;
  var at = 0u;
  for (var k = 0u; k < ${rank}u; k++) {
    let d = ${rank - 1}u - k;
    let size = param(P_SHAPE + d);
    at += ((rest % size) % param(P_IN_SHAPE + d)) * param(P_IN_STRIDES + d);
    rest = rest / size;
  }
  return at;
}`;
  } else {
    params.u32s('x_strides', broadcastStrides(x.dims, y.dims));
    offset = offsetsFunction('inputOffset', rank, 'shape', ['x_strides']);
  }
  const body = `
${offset}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  Y[index] = X[inputOffset(index)];
}`;
  return kernelSource({
    variant: tile ? 'tile' : 'expand',
    inputs: [{ name: 'X', elem: wgslElem(x) }],
    output: { name: 'Y', elem: wgslElem(y) },
    params, body,
    workgroups: linearWorkgroups(count, ctx.profile.limits),
  });
}

const replicate: OpDef = { kind: 'kernel', cpuInputs: [1], dtypes: sameDtype(WORD_DTYPES), generate: generateReplicate };

export const REPLICATE_OPS: Record<string, OpDef> = { Expand: replicate, Tile: replicate };
