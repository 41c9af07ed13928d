// Elementwise unary ops: one scalar WGSL function per op, applied to vec4 lanes when the element
// count allows vec4 loads and stores. Float bodies serve f32 and f16 alike (WGSL's abstract
// literals take either type); Relu, Neg and Abs also take integers. Every one runs in place.
import type { DType } from '../../ir/dtype.ts';
import { numElements } from '../../ir/tensor.ts';
import { FLOAT_DTYPES, inputInfo, NUMERIC_DTYPES, outputInfo, sameDtype, wgslElem, type OpContext, type OpDef } from '../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../wgsl/dispatch.ts';
import { ParamWriter } from '../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../wgsl/shader.ts';

interface UnaryOp {
  /** `fn op(x: T) -> T` body for float types. */
  readonly float: string;
  /** The body for integer types, where the op is defined for them. */
  readonly int?: string;
}

const UNARY: Record<string, UnaryOp> = {
  Relu: { float: 'return max(x, 0.0);', int: 'return max(x, 0);' },
  Neg: { float: 'return -x;', int: 'return -x;' },
  Abs: { float: 'return abs(x);', int: 'return abs(x);' },
  Exp: { float: 'return exp(x);' },
  Sqrt: { float: 'return sqrt(x);' },
  // exp(-x) overflows to inf for x < -88, and 1 / (1 + inf) is the correct limit 0.
  Sigmoid: { float: 'return 1.0 / (1.0 + exp(-x));' },
  // Clamped: some drivers build tanh from exp and return NaN for large |x|; tanh(±10) is ±1 in f32.
  // Near 0 a short series: builtins built from exp lose the relative precision of tiny results.
  Tanh: { float: 'if (abs(x) < 0.05) { let x2 = x * x; return x * (1.0 - x2 * (1.0 / 3.0 - x2 * (2.0 / 15.0))); }\n  return tanh(clamp(x, -10.0, 10.0));' },
  // Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): WGSL has no erf.
  Erf: {
    float: `let t = 1.0 / (1.0 + 0.3275911 * abs(x));
  let poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign(x) * (1.0 - poly * exp(-x * x));`,
  },
};

function generateUnary(ctx: OpContext): KernelSource {
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  const op = UNARY[ctx.node.opType]!;
  const scalar = y.gpu.scalar;
  const count = numElements(y.dims);
  const vec4 = count % 4 === 0;
  const lanes = vec4 ? count / 4 : count;
  const params = new ParamWriter();
  params.u32('count', lanes);
  const apply = vec4 ? `vec4<${scalar}>(op(v.x), op(v.y), op(v.z), op(v.w))` : 'op(v)';
  const isFloat = scalar === 'f32' || scalar === 'f16';
  const body = `
fn op(x: ${scalar}) -> ${scalar} {
  ${isFloat ? op.float : op.int}
}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let v = X[index];
  Y[index] = ${apply};
}`;
  return kernelSource({
    variant: `unary-${ctx.node.opType.toLowerCase()}${vec4 ? '-vec4' : ''}`,
    inputs: [{ name: 'X', elem: wgslElem(x, vec4) }],
    output: { name: 'Y', elem: wgslElem(y, vec4) },
    params,
    body,
    workgroups: linearWorkgroups(lanes, ctx.profile.limits),
    inPlace: [{ input: 0, output: 0 }],
  });
}

function unaryOp(op: UnaryOp): OpDef {
  const types: readonly DType[] = op.int ? NUMERIC_DTYPES : FLOAT_DTYPES;
  return { kind: 'kernel', dtypes: sameDtype(types), generate: generateUnary };
}

export const UNARY_OPS: Record<string, OpDef> = Object.fromEntries(Object.entries(UNARY).map(([name, op]) => [name, unaryOp(op)]));
