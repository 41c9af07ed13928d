// kiln.IfOutput: the copy that ends each branch of an If decided at run time (control-flow.ts).
// Both branches write the If's output value; the executor runs one of them. The copy moves whole
// u32 words, so one kernel serves every dtype (packed int8 and f16 included): both sides have the
// same dtype and shape, hence the same GPU byte length.
import { gpuByteLength } from '../../gpu-dtype.ts';
import { numElements } from '../../../ir/tensor.ts';
import { inputInfo, outputInfo, shapeError, formatDims, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';

function generateIfOutput(ctx: OpContext): KernelSource {
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  if (x.dtype !== y.dtype || x.dims.length !== y.dims.length || x.dims.some((d, i) => d !== y.dims[i])) {
    throw shapeError(ctx.node, `branch output '${x.name}' is ${x.dtype} ${formatDims(x.dims)} where the If output '${y.name}' is ${y.dtype} ${formatDims(y.dims)}`);
  }
  const words = gpuByteLength(y.gpu, numElements(y.dims)) / 4;
  const params = new ParamWriter();
  params.u32('count', words);
  const body = `
${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  Y[index] = X[index];
}`;
  return kernelSource({
    variant: 'if-output-copy',
    inputs: [{ name: 'X', elem: 'u32' }],
    output: { name: 'Y', elem: 'u32' },
    params,
    body,
    workgroups: linearWorkgroups(Math.max(words, 1), ctx.profile.limits),
  });
}

export const IF_OUTPUT_OPS: Record<string, OpDef> = {
  'kiln.IfOutput': { kind: 'kernel', generate: generateIfOutput },
};
