// The inverse trigonometric and hyperbolic ops (Acos, Asin, Atan, Acosh, Asinh, Atanh, Cosh,
// Sinh) and Swish (x·sigmoid(alpha·x)): one invocation per element, in f32. Where the result goes
// to 0 with x (Asin, Atan, Asinh, Atanh, Sinh) a short series serves |x| < 0.05: builtins built
// from log and exp lose the relative precision of tiny results there (|error| ~1e-7 of a 1e-4
// value), the series keeps it (its first left-out term is below 1e-9 relative).
import { attrFloat } from '../../../ir/attributes.ts';
import { numElements } from '../../../ir/tensor.ts';
import { FLOAT_DTYPES, inputInfo, outputInfo, sameDtype, wgslElem, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';

/** `fn op(x: f32) -> f32` bodies; x2 = x·x is in scope. */
const OPS: Record<string, string> = {
  Acos: 'return acos(x);',
  Asin: 'if (abs(x) < 0.05) { return x * (1.0 + x2 * (1.0 / 6.0 + x2 * (3.0 / 40.0))); }\n  return asin(x);',
  Atan: 'if (abs(x) < 0.05) { return x * (1.0 - x2 * (1.0 / 3.0 - x2 * 0.2)); }\n  return atan(x);',
  Acosh: 'return log(x + sqrt(x * x - 1.0));',
  Asinh: 'if (abs(x) < 0.05) { return x * (1.0 - x2 * (1.0 / 6.0 - x2 * (3.0 / 40.0))); }\n  return sign(x) * log(abs(x) + sqrt(x2 + 1.0));',
  Atanh: 'if (abs(x) < 0.05) { return x * (1.0 + x2 * (1.0 / 3.0 + x2 * 0.2)); }\n  return 0.5 * log((1.0 + x) / (1.0 - x));',
  Cosh: 'return 0.5 * (exp(x) + exp(-x));',
  Sinh: 'if (abs(x) < 0.05) { return x * (1.0 + x2 * (1.0 / 6.0 + x2 * (1.0 / 120.0))); }\n  return 0.5 * (exp(x) - exp(-x));',
  // exp(-a·x) overflows to inf for very negative a·x: x / inf is the correct limit 0.
  Swish: 'return x / (1.0 + exp(-paramF(P_ALPHA) * x));',
};

function generateTrig(ctx: OpContext): KernelSource {
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  const op = ctx.node.opType;
  const count = numElements(y.dims);
  const params = new ParamWriter();
  params.u32('count', count);
  if (op === 'Swish') params.f32('alpha', attrFloat(ctx.node, 'alpha', 1));
  const body = `
fn op(x: f32) -> f32 {
  let x2 = x * x;
  ${OPS[op]}
}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  Y[index] = ${y.gpu.scalar}(op(f32(X[index])));
}`;
  return kernelSource({
    variant: op.toLowerCase(),
    inputs: [{ name: 'X', elem: wgslElem(x) }],
    output: { name: 'Y', elem: wgslElem(y) },
    params, body,
    workgroups: linearWorkgroups(Math.max(count, 1), ctx.profile.limits),
    inPlace: [{ input: 0, output: 0 }],
  });
}

const trig: OpDef = { kind: 'kernel', dtypes: sameDtype(FLOAT_DTYPES), generate: generateTrig };

export const TRIG_OPS: Record<string, OpDef> = Object.fromEntries(Object.keys(OPS).map((op) => [op, trig]));
