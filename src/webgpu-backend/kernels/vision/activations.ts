// Elementwise activations common in vision models: Clip (bounds as attributes before opset 11,
// as optional inputs from 11; integers too from 12), HardSigmoid, HardSwish, LeakyRelu and
// kiln.HardSwish (the recognize-activations pass's HardSwish for opsets before 14, see
// src/passes/fusion/kiln-functions.ts). The float ones share activation.ts's `act` with
// FusedConv, so a fused and an unfused model compute identically. vec4 where the count allows;
// every one runs in place.
import { attrFloat } from '../../../ir/attributes.ts';
import { numElements } from '../../../ir/tensor.ts';
import { FLOAT_DTYPES, inputInfo, NUMERIC_DTYPES, outputInfo, sameDtype, wgslElem, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { activationWgsl, writeActivationParams, type Activation } from './activation.ts';

/** The activation a node computes; Clip's bounds from attributes (opset < 11) or constant inputs. */
function activationOf(ctx: OpContext): Activation {
  const node = ctx.node;
  switch (node.opType) {
    case 'LeakyRelu':
      return { kind: 'LeakyRelu', alpha: attrFloat(node, 'alpha', 0.01) };
    case 'HardSigmoid':
      return { kind: 'HardSigmoid', alpha: attrFloat(node, 'alpha', 0.2), beta: attrFloat(node, 'beta', 0.5) };
    case 'HardSwish':
      return { kind: 'HardSwish' };
    default:
      return { kind: 'Clip', alpha: attrFloat(node, 'min', -Infinity), beta: attrFloat(node, 'max', Infinity) };
  }
}

function generateActivation(ctx: OpContext): KernelSource {
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  const count = numElements(y.dims);
  const vec4 = count % 4 === 0;
  const lanes = vec4 ? count / 4 : count;
  const scalar = y.gpu.scalar;
  const isFloat = scalar === 'f32' || scalar === 'f16';
  const params = new ParamWriter();
  params.u32('count', lanes);
  const inputs = [{ name: 'X', elem: wgslElem(x, vec4), index: 0 }];
  let apply: string;
  let helpers = '';
  if (ctx.node.opType === 'Clip' && ctx.opset >= 11) {
    // Bounds are inputs 1 and 2 (either may be omitted): read from their one-element buffers.
    const bound = (i: number, name: string, unbounded: string) => {
      if (!ctx.inputs[i]) return unbounded;
      inputs.push({ name, elem: scalar, index: i });
      return `${name}[0]`;
    };
    const max = scalar === 'f16' ? '65504.0' : scalar === 'f32' ? '3.40282346638528859812e+38' : '2147483647';
    const lo = bound(1, 'Lo', isFloat ? `${scalar}(-${max})` : 'i32(-2147483647 - 1)');
    const hi = bound(2, 'Hi', isFloat ? `${scalar}(${max})` : 'i32(2147483647)');
    // min(max(..)): the upper bound wins when lo > hi, as in onnxruntime.
    apply = vec4 ? `min(max(v, vec4<${scalar}>(${lo})), vec4<${scalar}>(${hi}))` : `min(max(v, ${lo}), ${hi})`;
  } else {
    const act = activationOf(ctx);
    writeActivationParams(params, act);
    helpers = activationWgsl(act);
    const widened = scalar === 'f32' ? 'v' : vec4 ? 'vec4<f32>(v)' : 'vec4<f32>(f32(v))';
    const result = vec4 ? `act(${widened})` : `act(${scalar === 'f32' ? 'vec4<f32>(v)' : widened}).x`;
    apply = scalar === 'f32' ? result : vec4 ? `vec4<${scalar}>(${result})` : `${scalar}(${result})`;
  }
  const body = `
${helpers}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let v = X[index];
  Y[index] = ${apply};
}`;
  return kernelSource({
    variant: `${ctx.node.domain === 'kiln' ? 'kiln-' : ''}${ctx.node.opType.toLowerCase()}${vec4 ? '-vec4' : ''}`,
    inputs,
    output: { name: 'Y', elem: wgslElem(y, vec4) },
    params,
    body,
    workgroups: linearWorkgroups(lanes, ctx.profile.limits),
    inPlace: [{ input: 0, output: 0 }],
  });
}

const floatOp: OpDef = { kind: 'kernel', dtypes: sameDtype(FLOAT_DTYPES), generate: generateActivation };

export const ACTIVATION_OPS: Record<string, OpDef> = {
  Clip: { kind: 'kernel', dtypes: sameDtype(NUMERIC_DTYPES, 3), generate: generateActivation },
  HardSigmoid: floatOp,
  HardSwish: floatOp,
  LeakyRelu: floatOp,
  'kiln.HardSwish': floatOp,
};
