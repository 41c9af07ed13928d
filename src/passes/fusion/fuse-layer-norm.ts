// fuse-layer-norm: layer normalization written out as ReduceMean/Sub/Pow/ReduceMean/Add/Sqrt/Div
// becomes one LayerNormalization (ONNX, opset >= 17), the γ Mul and β Add after it fold into its
// scale and bias, and an Add feeding it becomes com.microsoft SkipLayerNormalization — what
// onnxruntime's LayerNormFusion and SkipLayerNormFusion do. Pattern variants are in layer-norm/.
//
//   before: m = ReduceMean <axes = [-1]> (x);  d = Sub (x, m);  p = Pow (d, 2);  v = ReduceMean <axes = [-1]> (p)
//           e = Add (v, 1e-5);  s = Sqrt (e);  n = Div (d, s);  g = Mul (n, γ);  y = Add (g, β)
//   after:  y = LayerNormalization <axis = -1, epsilon = 1e-5> (x, γ, β)        (three rewrites)
//
// Below opset 17 the pattern is declined: ONNX has no LayerNormalization there, and onnxruntime
// registers no com.microsoft LayerNormalization kernel to stand in for it.
import { float } from '../../ir/builder.ts';
import type { DType } from '../../ir/dtype.ts';
import { numElements, tensorFromNumbers } from '../../ir/tensor.ts';
import type { Match } from '../rewrite/match.ts';
import { rulePass } from '../rewrite/driver.ts';
import { defineRule, fail, ok, type RewriteContext } from '../rewrite/rule.ts';
import { formatShape } from '../support/describe.ts';
import { num } from '../support/weights.ts';
import { scalarValue } from './constants.ts';
import { LAYER_NORM_AFFINE_RULES } from './layer-norm/affine.ts';
import { checkLayerNormCore, LAYER_NORM_VARIANTS, normalizedAxis } from './layer-norm/pattern.ts';
import { SKIP_LAYER_NORM_RULES } from './layer-norm/skip.ts';

export const LAYER_NORM_OPSET = 17;

/** The normalized dims and dtype, which the unit scale LayerNormalization needs is built from. */
function normalizedDims(m: Match, ctx: RewriteContext, axis: number): { dims: number[]; dtype: DType } | string {
  const shape = ctx.shape(m.value('x'))!;
  const dims = shape.slice(shape.length + axis);
  if (!dims.every((d): d is number => typeof d === 'number')) return `the normalized dims ${formatShape(dims)} of ${m.value('x')} are not static`;
  const dtype = ctx.dtype(m.value('x'));
  return dtype ? { dims, dtype: dtype as DType } : `the type of ${m.value('x')} is not known`;
}

function check(m: Match, ctx: RewriteContext) {
  const core = checkLayerNormCore(m);
  if (!core.ok) return core;
  if (ctx.opset < LAYER_NORM_OPSET) return fail(`LayerNormalization is ONNX from opset ${LAYER_NORM_OPSET} (the model imports ${ctx.opset}), and onnxruntime has no com.microsoft LayerNormalization kernel to use instead`);
  const axis = normalizedAxis(m, ctx);
  if (typeof axis === 'string') return fail(axis);
  const dims = normalizedDims(m, ctx, axis);
  return typeof dims === 'string' ? fail(dims) : ok();
}

const layerNorm = LAYER_NORM_VARIANTS.map(({ name, pattern }) =>
  defineRule({
    name: `fuse-layer-norm/${name}`,
    pattern,
    check,
    rewrite(m, b, ctx) {
      const axis = normalizedAxis(m, ctx) as number;
      const { dims, dtype } = normalizedDims(m, ctx, axis) as { dims: number[]; dtype: DType };
      const ones = b.initializer(`${m.root.id}/unit_scale`, tensorFromNumbers('', dtype, dims, new Float64Array(numElements(dims)).fill(1)));
      const eps = scalarValue(m.tensor('eps'))!;
      b.node('LayerNormalization', [m.value('x'), ones], { attrs: { axis, epsilon: float(eps) }, outputs: [m.root.outputs[0]!] });
      const over = -axis === 1 ? 'the last axis' : `the last ${-axis} axes`;
      return `fused layer normalization over ${over} (${m.nodes.length} nodes, from ${m.node('mean').opType} ${m.node('mean').id} to ${m.root.opType} ${m.root.id}) into LayerNormalization(axis=${axis}, ε=${num(eps)})`;
    },
  }),
);

export const fuseLayerNorm = rulePass(
  {
    id: 'fuse-layer-norm',
    title: 'Fuse layer normalization',
    description: 'Turns the ReduceMean/Sub/Pow/Sqrt/Div expansion of layer normalization into LayerNormalization, folds the γ/β after it in, and turns an Add before it into com.microsoft SkipLayerNormalization.',
  },
  [...layerNorm, ...LAYER_NORM_AFFINE_RULES, ...SKIP_LAYER_NORM_RULES],
);
