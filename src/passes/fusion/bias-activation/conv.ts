// Conv (+ the Add of a per-channel bias when the Conv has none) + activation → com.microsoft
// FusedConv, onnxruntime's ConvActivationFusion. Activations FusedConv cannot run leave a near miss.
import { tensorToNumbers } from '../../../ir/tensor.ts';
import type { Attribute } from '../../../ir/types.ts';
import type { Match } from '../../rewrite/match.ts';
import { any, constant, op, optional, type OpPattern } from '../../rewrite/pattern.ts';
import { defineRule, fail, ok, type RewriteContext, type Rule, type Verdict } from '../../rewrite/rule.ts';
import { formatShape } from '../../support/describe.ts';
import { channelValues, vector } from '../../support/weights.ts';
import { clipBounds } from '../activations/fragments.ts';
import { MS_DOMAIN, requireFloat32Value } from '../contrib.ts';
import { KILN_DOMAIN } from '../kiln-functions.ts';
import { CONV_ACTIVATIONS, convActivationParams, describeActivation, MS_ACTIVATIONS, UNSUPPORTED_AFTER_CONV } from './activation-table.ts';
import { rewrittenId } from '../node-ids.ts';
import { nhwcFusedConvFunction } from '../../layout/nhwc-ops.ts';

const PASS = 'fuse-bias-activation';

/** Conv with or without its bias, or a bias-less Conv followed by the Add of a constant bias. */
const CONV_FORMS: Record<string, OpPattern> = {
  conv: op('Conv', [any('x'), any('w'), optional(any('b'))], { bind: 'conv' }),
  'conv-add': op('Add', [op('Conv', [any('x'), any('w')], { bind: 'conv' }), constant('bias')], { bind: 'add' }),
  // to-nhwc's channels-last conv (ort-layout runs its fusions after the layout change).
  'nhwc-conv': op('NhwcConv', [any('x'), any('w'), optional(any('b'))], { bind: 'conv', domain: KILN_DOMAIN }),
};

/** The activations by how their pattern is written: plain ops, Clip with bound inputs, kiln.HardSwish. */
const ACTIVATION_FORMS: Record<string, (producer: OpPattern) => OpPattern> = {
  act: (p) => op(CONV_ACTIVATIONS, [p], { bind: 'act' }),
  clip: (p) => op('Clip', [p, optional(constant('clipLo')), optional(constant('clipHi'))], { bind: 'clip' }),
  'kiln-hardswish': (p) => op('HardSwish', [p], { bind: 'act', domain: KILN_DOMAIN }),
};

/** The per-channel bias of the conv-add form, as a vector, or why it is not one. */
function addedBias(m: Match, ctx: RewriteContext): Float64Array | string {
  const bias = m.tensor('bias');
  const shape = ctx.shape(m.node('conv').outputs[0]!);
  const channels = shape?.[1];
  if (!shape || typeof channels !== 'number') return `the channel count of Conv ${m.node('conv').id} is not known`;
  if (bias.dtype !== 'float32') return `bias ${bias.name} is ${bias.dtype}; FusedConv runs float32 only`;
  return channelValues(bias, shape.length, 1, channels) ?? `Add constant ${bias.name} ${formatShape(bias.dims)} is not one value per output channel of Conv ${m.node('conv').id}`;
}

function checkConv(m: Match, ctx: RewriteContext): Verdict {
  const dtype = requireFloat32Value(ctx, m.node('conv').outputs[0]!, 'FusedConv');
  if (!dtype.ok) return dtype;
  if (m.has('add')) {
    const bias = addedBias(m, ctx);
    if (typeof bias === 'string') return fail(bias);
  }
  return ok();
}

function activationNode(m: Match) {
  return m.has('clip') ? m.node('clip') : m.node('act');
}

const supported: Rule[] = Object.entries(CONV_FORMS).flatMap(([form, producer]) =>
  Object.entries(ACTIVATION_FORMS).map(([actForm, wrap]) =>
    defineRule({
      name: `${PASS}/${form}-${actForm}`,
      pattern: wrap(producer),
      check: checkConv,
      rewrite(m, b, ctx) {
        const conv = m.node('conv');
        const act = activationNode(m);
        const params = convActivationParams(act, act.opType === 'Clip' ? clipBoundsOrInfinite(m) : undefined);
        let inputs = conv.inputs.filter((i, k) => k < 2 || i);
        if (m.has('add')) inputs = [conv.inputs[0]!, conv.inputs[1]!, b.initializer(`${conv.id}/bias`, vector('', addedBias(m, ctx) as Float64Array))];
        const attrs: Attribute[] = [...conv.attributes, { name: 'activation', type: 'string', value: act.opType }];
        if (params.length) attrs.push({ name: 'activation_params', type: 'floats', value: params });
        const nhwc = conv.opType === 'NhwcConv';
        b.node(nhwc ? 'NhwcFusedConv' : 'FusedConv', inputs, { domain: nhwc ? KILN_DOMAIN : MS_DOMAIN, attrs, outputs: [act.outputs[0]!], id: rewrittenId(conv) });
        if (nhwc) b.addFunction(nhwcFusedConvFunction(ctx.opset));
        const target = nhwc ? 'kiln.NhwcFusedConv' : 'com.microsoft.FusedConv';
        const parts = [`${nhwc ? 'kiln.NhwcConv' : 'Conv'} ${conv.id}`, ...(m.has('add') ? [`its bias Add ${m.node('add').id}`] : []), `${act.domain === KILN_DOMAIN ? 'kiln.' : ''}${act.opType} ${act.id}`];
        return `fused ${parts.join(', ')} into ${target} (activation ${describeActivation(act.opType, params)})`;
      },
    }),
  ),
);

/** Clip bounds from attributes or constant inputs; an absent side is unbounded. */
function clipBoundsOrInfinite(m: Match): [number, number] {
  const clip = m.node('clip');
  if (clip.inputs.length === 1) return clipBounds(m);
  const read = (k: string, dflt: number) => (m.has(k) ? tensorToNumbers(m.tensor(k))[0]! : dflt);
  return [read('clipLo', -Infinity), read('clipHi', Infinity)];
}

/** Activations FusedConv cannot run: matched only to say so. */
const unsupported: Rule[] = [
  { domain: '', types: UNSUPPORTED_AFTER_CONV as readonly string[], suffix: 'unsupported' },
  { domain: MS_DOMAIN, types: MS_ACTIVATIONS as readonly string[], suffix: 'unsupported-contrib' },
].map(({ domain, types, suffix }) =>
  defineRule({
    name: `${PASS}/conv-${suffix}`,
    pattern: op(types, [op('Conv', null, { bind: 'conv' }), optional(any()), optional(any())], { bind: 'act', domain }),
    check(m) {
      const act = m.node('act');
      const name = `${domain ? `${domain}.` : ''}${act.opType}`;
      return fail(`Conv ${m.node('conv').id} is followed by ${name}, which onnxruntime's FusedConv cannot run (it runs ${[...CONV_ACTIVATIONS, 'Clip'].join(', ')})`);
    },
    rewrite: () => {
      throw new Error('never applies');
    },
  }),
);

export const CONV_ACTIVATION_RULES: readonly Rule[] = [...supported, ...unsupported];
