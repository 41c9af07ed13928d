// Conv + the Add of a residual + activation → com.microsoft.FusedConv with the residual as its
// fourth input Z (added before the activation): onnxruntime's ConvAddActivationFusion, and
// TensorRT's Conv + ElementWise(sum) + ReLU. A ResNet block's tail then writes once instead of
// three times, and the residual's memory can hold the result (the kernel reads Z where it writes).
//
//   before: c = Conv (x, W, b);  s = Add (c, r);  y = Relu (s)       (r of c's shape)
//   after:  y = com.microsoft.FusedConv <activation = "Relu"> (x, W, b, r)
//
// to-nhwc's kiln.NhwcConv takes the same fusion (ort-layout): kiln.NhwcFusedConv:residual, whose
// Z is NHWC like its output.
import type { Attribute, Node, Shape } from '../../../ir/types.ts';
import { NHWC_RESIDUAL_OVERLOAD, nhwcFusedConvFunction } from '../../layout/nhwc-ops.ts';
import type { Match } from '../../rewrite/match.ts';
import { any, op, optional, type OpPattern } from '../../rewrite/pattern.ts';
import { defineRule, fail, ok, type RewriteContext, type Rule, type Verdict } from '../../rewrite/rule.ts';
import { formatShape } from '../../support/describe.ts';
import { MS_DOMAIN, requireFloat32Value } from '../contrib.ts';
import { KILN_DOMAIN } from '../kiln-functions.ts';
import { rewrittenId } from '../node-ids.ts';
import { CONV_ACTIVATIONS, convActivationParams, describeActivation } from './activation-table.ts';

const PASS = 'fuse-bias-activation';

const convInputs = () => [any('x'), any('w'), optional(any('b'))];

/** The convolution the residual is added to: ONNX Conv, or to-nhwc's channels-last kiln.NhwcConv. */
const CONVS: Record<string, OpPattern> = {
  '': op('Conv', convInputs(), { bind: 'conv' }),
  'nhwc-': op('NhwcConv', convInputs(), { bind: 'conv', domain: KILN_DOMAIN }),
};

/** The activations FusedConv runs without bound inputs (Clip with constant bounds is left to conv.ts's forms). */
const ACTIVATIONS: Record<string, OpPattern> = Object.fromEntries(
  Object.entries(CONVS).flatMap(([prefix, conv]) => {
    const residualAdd = op('Add', [conv, any('z')], { bind: 'add' });
    return [
      [`${prefix}act`, op(CONV_ACTIVATIONS, [residualAdd], { bind: 'act' })],
      [`${prefix}kiln-hardswish`, op('HardSwish', [residualAdd], { bind: 'act', domain: KILN_DOMAIN })],
    ];
  }),
);

const convLabel = (conv: Node) => `${conv.opType === 'NhwcConv' ? 'kiln.NhwcConv' : 'Conv'} ${conv.id}`;

const sameShape = (a: Shape, b: Shape) => a.length === b.length && a.every((d, i) => d === b[i]);

function checkResidual(m: Match, ctx: RewriteContext): Verdict {
  const conv = m.node('conv');
  const dtype = requireFloat32Value(ctx, conv.outputs[0]!, 'FusedConv');
  if (!dtype.ok) return dtype;
  const [out, z] = [ctx.shape(conv.outputs[0]!), ctx.shape(m.value('z'))];
  if (!out || !z) return fail(`the shapes of Conv ${conv.id}'s output and of the residual ${m.value('z')} are not known`);
  // FusedConv adds Z element by element: no broadcasting (a per-channel constant is conv.ts's bias form).
  if (!sameShape(out, z)) return fail(`the residual ${m.value('z')} ${formatShape(z)} is not ${convLabel(conv)}'s output shape ${formatShape(out)}`);
  return ok();
}

export const CONV_RESIDUAL_RULES: readonly Rule[] = Object.entries(ACTIVATIONS).map(([form, pattern]) =>
  defineRule({
    name: `${PASS}/conv-residual-${form}`,
    pattern,
    check: checkResidual,
    rewrite(m, b, ctx) {
      const [conv, add, act] = [m.node('conv'), m.node('add'), m.node('act')];
      const params = convActivationParams(act);
      const attrs: Attribute[] = [...conv.attributes, { name: 'activation', type: 'string', value: act.opType }];
      if (params.length) attrs.push({ name: 'activation_params', type: 'floats', value: params });
      const inputs = [conv.inputs[0]!, conv.inputs[1]!, conv.inputs[2] ?? '', m.value('z')];
      const nhwc = conv.opType === 'NhwcConv';
      if (nhwc) {
        b.node('NhwcFusedConv', inputs, { domain: KILN_DOMAIN, overload: NHWC_RESIDUAL_OVERLOAD, attrs, outputs: [act.outputs[0]!], id: rewrittenId(conv) });
        b.addFunction(nhwcFusedConvFunction(ctx.opset, true));
      } else {
        b.node('FusedConv', inputs, { domain: MS_DOMAIN, attrs, outputs: [act.outputs[0]!], id: rewrittenId(conv) });
      }
      const name = `${act.domain === KILN_DOMAIN ? 'kiln.' : ''}${act.opType}`;
      const target = nhwc ? 'kiln.NhwcFusedConv' : 'com.microsoft.FusedConv';
      return `fused ${convLabel(conv)}, the residual Add ${add.id} (adding ${m.value('z')}) and ${name} ${act.id} into ${target} with the residual as input Z (activation ${describeActivation(act.opType, params)})`;
    },
  }),
);
