// kiln.ScanOutput: one unrolled iteration's scan output written into its slot of the stacked
// output (unroll.ts). Every iteration's copy writes the same output value, each its own slot:
// out[..., index, ...] (slot `index` along `axis`) = value[...].
import { attrInt } from '../../../ir/attributes.ts';
import { numElements } from '../../../ir/tensor.ts';
import { formatDims, inputInfo, outputInfo, shapeError, wgslElem, WORD_DTYPES, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';

function generateScanOutput(ctx: OpContext): KernelSource {
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  const axis = attrInt(ctx.node, 'axis', 0);
  const index = attrInt(ctx.node, 'index', 0);
  const slots = y.dims[axis] ?? 0;
  const stacked = [...x.dims.slice(0, axis), slots, ...x.dims.slice(axis)];
  if (stacked.length !== y.dims.length || stacked.some((d, i) => d !== y.dims[i]) || index >= slots) {
    throw shapeError(ctx.node, `iteration output ${formatDims(x.dims)} does not fit slot ${index} of ${formatDims(y.dims)} along axis ${axis}`);
  }
  const count = numElements(x.dims);
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32('inner', numElements(x.dims.slice(axis)));
  params.u32('slots', slots);
  params.u32('index', index);
  const body = `
${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let inner = param(P_INNER);
  Y[((index / inner) * param(P_SLOTS) + param(P_INDEX)) * inner + index % inner] = X[index];
}`;
  return kernelSource({
    variant: 'scan-output',
    inputs: [{ name: 'X', elem: wgslElem(x) }],
    output: { name: 'Y', elem: wgslElem(y) },
    params,
    body,
    workgroups: linearWorkgroups(count, ctx.profile.limits),
  });
}

export const SCAN_OUTPUT_OPS: Record<string, OpDef> = {
  'kiln.ScanOutput': { kind: 'kernel', dtypes: { types: { T: WORD_DTYPES }, inputs: ['T'], outputs: ['T'] }, generate: generateScanOutput },
};
