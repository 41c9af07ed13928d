// Elementwise unary ops: one scalar WGSL function per op, applied to vec4 lanes when the element
// count allows vec4 loads and stores.
import { numElements } from '../../ir/tensor.ts';
import { inputDims, type OpContext, type OpDef } from '../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../wgsl/dispatch.ts';
import { ParamWriter } from '../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../wgsl/shader.ts';

/** `fn op(x: f32) -> f32` bodies. */
const UNARY_WGSL: Record<string, string> = {
  Relu: 'return max(x, 0.0);',
  Neg: 'return -x;',
  Abs: 'return abs(x);',
  Exp: 'return exp(x);',
  Sqrt: 'return sqrt(x);',
  // exp(-x) overflows to inf for x < -88, and 1 / (1 + inf) is the correct limit 0.
  Sigmoid: 'return 1.0 / (1.0 + exp(-x));',
  // Clamped: some drivers build tanh from exp and return NaN for large |x|; tanh(±10) is ±1 in f32.
  Tanh: 'return tanh(clamp(x, -10.0, 10.0));',
  // Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): WGSL has no erf.
  Erf: `let t = 1.0 / (1.0 + 0.3275911 * abs(x));
  let poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign(x) * (1.0 - poly * exp(-x * x));`,
};

function generateUnary(ctx: OpContext, outDims: readonly number[]): KernelSource {
  const count = numElements(outDims);
  const vec4 = count % 4 === 0;
  const lanes = vec4 ? count / 4 : count;
  const params = new ParamWriter();
  params.u32('count', lanes);
  const apply = vec4 ? 'vec4<f32>(op(v.x), op(v.y), op(v.z), op(v.w))' : 'op(v)';
  const body = `
fn op(x: f32) -> f32 {
  ${UNARY_WGSL[ctx.node.opType]}
}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let v = X[index];
  Y[index] = ${apply};
}`;
  const elem = vec4 ? 'vec4<f32>' : 'f32';
  return kernelSource({
    variant: `unary-${ctx.node.opType.toLowerCase()}${vec4 ? '-vec4' : ''}`,
    inputs: [{ name: 'X', elem }],
    output: { name: 'Y', elem },
    params,
    body,
    workgroups: linearWorkgroups(lanes),
  });
}

const unaryOp: OpDef = {
  kind: 'kernel',
  outputShape: (ctx) => [...inputDims(ctx, 0)],
  generate: generateUnary,
};

export const UNARY_OPS: Record<string, OpDef> = Object.fromEntries(Object.keys(UNARY_WGSL).map((op) => [op, unaryOp]));
