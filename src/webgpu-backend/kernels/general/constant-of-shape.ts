// ConstantOfShape: every element the value attribute's one element (float32 0 by default). The
// shape input is never read: the output's static shape says it all (shape inference knows it when
// the input is a constant, or the model declares it), so a shape fed at run time needs no
// recompiling. The value travels as its 32 bits in the params. fillKernel also serves reductions
// over nothing (reduce.ts).
import { attrTensor } from '../../../ir/attributes.ts';
import { numElements, tensorToNumbers } from '../../../ir/tensor.ts';
import type { Node } from '../../../ir/types.ts';
import { outputInfo, shapeError, wgslElem, WORD_DTYPES, type OpContext, type OpDef, type TensorInfo } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';

/** A kernel writing `value` to every element of `y` (floats may be ±inf or NaN; integers must fit 32 bits). */
export function fillKernel(ctx: OpContext, y: TensorInfo, value: number, variant: string): KernelSource {
  const count = numElements(y.dims);
  const params = new ParamWriter();
  params.u32('count', count);
  const t = y.gpu.scalar;
  let fill: string;
  if (t === 'f32' || t === 'f16') {
    params.f32('value', value);
    fill = `${t}(paramF(P_VALUE))`;
  } else {
    if (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 32) throw shapeError(ctx.node, `value ${value} does not fit in 32 bits`);
    params.u32('value', value >>> 0);
    fill = t === 'i32' ? 'bitcast<i32>(param(P_VALUE))' : 'param(P_VALUE)';
  }
  const body = `
${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  Y[index] = ${fill};
}`;
  return kernelSource({
    variant,
    inputs: [],
    output: { name: 'Y', elem: wgslElem(y) },
    params, body,
    workgroups: linearWorkgroups(Math.max(count, 1), ctx.profile.limits),
  });
}

function generateConstantOfShape(ctx: OpContext): KernelSource {
  const attr = attrTensor(ctx.node, 'value');
  return fillKernel(ctx, outputInfo(ctx), attr ? tensorToNumbers(attr)[0] ?? 0 : 0, 'constant-of-shape');
}

function checkConstantOfShape(node: Node): string | undefined {
  const t = attrTensor(node, 'value');
  return t && numElements(t.dims) !== 1 ? `value holds ${numElements(t.dims)} elements, not 1` : undefined;
}

export const CONSTANT_OF_SHAPE_OPS: Record<string, OpDef> = {
  ConstantOfShape: { kind: 'kernel', dtypes: { types: { I: ['int64'], T: WORD_DTYPES }, inputs: ['I'], outputs: ['T'] }, check: checkConstantOfShape, generate: generateConstantOfShape },
};
