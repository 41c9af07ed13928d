// The γ Mul and β Add after a layer normalization fold into its scale and bias inputs:
// LN(x)·k = x̂·(γk) + βk and LN(x)+c = x̂·γ + (β+c), for k and c scalars or vectors over the
// normalized dims. This is how the exported "…/Div, Mul γ, Add β" ends up as one node: the
// normalization is fused first, then each affine op in its own rewrite.
//
//   before: n = LayerNormalization <axis = -1> (x, ones, β0);  g = Mul (n, γ);  y = Add (g, β)
//   after:  y = LayerNormalization <axis = -1> (x, γ, β0·γ+β)
import { numElements, tensorFromNumbers, tensorToNumbers } from '../../../ir/tensor.ts';
import type { Node, Tensor } from '../../../ir/types.ts';
import type { RewriteBuilder } from '../../rewrite/builder.ts';
import type { Match } from '../../rewrite/match.ts';
import { any, constant, op, optional, type OpPattern } from '../../rewrite/pattern.ts';
import { defineRule, fail, ok, type RewriteContext, type Rule, type Verdict } from '../../rewrite/rule.ts';
import { formatShape } from '../../support/describe.ts';
import { MS_DOMAIN } from '../contrib.ts';
import { rewrittenId } from '../node-ids.ts';

const PASS = 'fuse-layer-norm';

/** LayerNormalization (γ, β at inputs 1, 2) or SkipLayerNormalization (γ, β at inputs 2, 3). */
const NORMS: Record<string, OpPattern> = {
  ln: op('LayerNormalization', [any('x'), constant('gamma'), optional(constant('beta'))], { bind: 'norm' }),
  skip: op('SkipLayerNormalization', [any('x'), any('skip'), constant('gamma'), optional(constant('beta')), optional(any('bias'))], { bind: 'norm', domain: MS_DOMAIN }),
};

function stripOnes(dims: readonly number[]): readonly number[] {
  let i = 0;
  while (i < dims.length && dims[i] === 1) i++;
  return dims.slice(i);
}

/** k's values laid out like γ, when k is a scalar or has γ's dims (up to leading 1s). */
function alongGamma(k: Tensor, gamma: Tensor): Float64Array | undefined {
  const n = numElements(gamma.dims);
  if (k.dtype !== gamma.dtype || k.data.kind !== 'raw') return undefined;
  if (numElements(k.dims) === 1) return new Float64Array(n).fill(tensorToNumbers(k)[0]!);
  return stripOnes(k.dims).join() === stripOnes(gamma.dims).join() ? tensorToNumbers(k) : undefined;
}

function checkAffine(m: Match, ctx: RewriteContext): Verdict {
  const norm = m.node('norm');
  const y = norm.outputs[0]!;
  if (ctx.isGraphOutput(y) || ctx.consumers(y).length !== 1) return fail(`${norm.opType} ${norm.id}'s result is also read elsewhere`);
  if (norm.outputs.slice(1).some((o, i) => o && (norm.opType === 'LayerNormalization' || i < 2) && (ctx.consumers(o).length || ctx.isGraphOutput(o)))) {
    return fail(`${norm.opType} ${norm.id}'s statistics outputs are read; they would not match the rescaled result`);
  }
  const k = m.tensor('k');
  const gamma = m.tensor('gamma');
  if (!alongGamma(k, gamma)) return fail(`${m.node('affine').opType} constant ${k.name} ${formatShape(k.dims)} (${k.dtype}) is not a scalar or a vector like the scale ${gamma.name} ${formatShape(gamma.dims)} (${gamma.dtype})`);
  if (m.has('beta') && m.tensor('beta').dims.join() !== gamma.dims.join()) return fail(`the bias ${m.tensor('beta').name} is not shaped like the scale ${gamma.name}`);
  return ok();
}

function rewriteAffine(m: Match, b: RewriteBuilder): string {
  const norm: Node = m.node('norm');
  const affine = m.node('affine');
  const gamma = m.tensor('gamma');
  const k = alongGamma(m.tensor('k'), gamma)!;
  let g = tensorToNumbers(gamma);
  let beta = m.has('beta') ? tensorToNumbers(m.tensor('beta')) : new Float64Array(g.length);
  if (affine.opType === 'Mul') {
    g = g.map((v, i) => v * k[i]!);
    beta = beta.map((v, i) => v * k[i]!);
  } else {
    beta = beta.map((v, i) => v + k[i]!);
  }
  const gammaName = affine.opType === 'Mul' ? b.initializer(`${norm.id}/scale`, tensorFromNumbers('', gamma.dtype, gamma.dims, g)) : m.value('gamma');
  const hasBeta = m.has('beta') || affine.opType === 'Add';
  const betaName = hasBeta ? b.initializer(`${norm.id}/bias`, tensorFromNumbers('', gamma.dtype, gamma.dims, beta)) : '';
  const isSkip = norm.opType === 'SkipLayerNormalization';
  const inputs = isSkip ? [norm.inputs[0]!, norm.inputs[1]!, gammaName, betaName, ...norm.inputs.slice(4)] : [norm.inputs[0]!, gammaName, ...(hasBeta ? [betaName] : [])];
  b.node(norm.opType, inputs, { domain: norm.domain, attrs: norm.attributes, outputs: [affine.outputs[0]!, ...norm.outputs.slice(1)], id: rewrittenId(norm) });
  const what = affine.opType === 'Add' ? `β' = β+k` : m.has('beta') ? `γ' = γ·k, β' = β·k` : `γ' = γ·k`;
  return `folded ${affine.opType} ${affine.id} (${m.tensor('k').name} ${formatShape(m.tensor('k').dims)}) into ${norm.opType} ${norm.id}: ${what}`;
}

export const LAYER_NORM_AFFINE_RULES: readonly Rule[] = Object.entries(NORMS).flatMap(([form, norm]) =>
  (['Mul', 'Add'] as const).map((opType) =>
    defineRule({
      name: `${PASS}/${form}-${opType === 'Mul' ? 'scale' : 'shift'}`,
      pattern: op(opType, [norm, constant('k')], { bind: 'affine' }),
      // SkipLayerNormalization's sum output may be read on: the new node keeps defining it.
      sharedIntermediates: 'redefine',
      check: checkAffine,
      rewrite: rewriteAffine,
    }),
  ),
);
