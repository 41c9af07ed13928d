// Range: out[i] = start + i·delta. The length, max(ceil((limit - start) / delta), 0), is the
// output's static extent: shape inference knows it when the inputs are constants (or fixed with
// CompileOptions.inputValues) or when the model declares the output's shape. start and delta are
// read at run time from their scalar buffers, so limit is never read. (A Range whose inputs are
// all constants folds at compile time unless it is larger than FOLD_MAX_ELEMENTS.) Floats compute
// in f32, integers in i32 (int64 narrowed, gpu-dtype.ts).
import { numElements } from '../../../ir/tensor.ts';
import { inputInfo, outputInfo, shapeError, wgslElem, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';

function generateRange(ctx: OpContext): KernelSource {
  const [start, delta, y] = [inputInfo(ctx, 0), inputInfo(ctx, 2), outputInfo(ctx)];
  if (y.dims.length !== 1) throw shapeError(ctx.node, `output [${y.dims}] is not 1-D`);
  const count = y.dims[0]!;
  const t = y.gpu.scalar === 'i32' ? 'i32' : 'f32';
  const params = new ParamWriter();
  params.u32('count', count);
  const body = `
${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  Y[index] = ${y.gpu.scalar}(${t}(Start[0]) + ${t}(index) * ${t}(Delta[0]));
}`;
  return kernelSource({
    variant: 'range',
    inputs: [{ name: 'Start', elem: wgslElem(start), index: 0 }, { name: 'Delta', elem: wgslElem(delta), index: 2 }],
    output: { name: 'Y', elem: wgslElem(y) },
    params, body,
    workgroups: linearWorkgroups(Math.max(numElements(y.dims), 1), ctx.profile.limits),
  });
}

export const RANGE_OPS: Record<string, OpDef> = {
  Range: { kind: 'kernel', dtypes: { types: { T: ['float32', 'float16', 'int32', 'int64'] }, inputs: ['T'], outputs: ['T'] }, generate: generateRange },
};
