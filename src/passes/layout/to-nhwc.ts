// to-nhwc: rewrites each 2-D convolution, pooling and normalization op from NCHW to Kiln's NHWC
// form (channels innermost, what GPU conv kernels want), with Transposes at its boundary. On its
// own the pass adds two Transposes per op; sink-transposes then cancels the pairs between
// neighbouring NHWC ops, so only the edges of each NHWC region keep one.
//
//   before: y = Conv <kernel_shape = [3,3], pads = [1,1,1,1]> (x, W[8,4,3,3], B)
//   after:  x_nhwc = Transpose <perm = [0,2,3,1]> (x)
//           y_nhwc = kiln.NhwcConv <kernel_shape = [3,3], pads = [1,1,1,1]> (x_nhwc, W_hwio[3,3,4,8], B)
//           y = Transpose <perm = [0,3,1,2]> (y_nhwc)
//
// Each kiln op is declared as a model-local function (nhwc-ops.ts), so the model stays a valid,
// runnable ONNX file. Constant weights are reordered ahead of time; a weight computed in the graph
// (ConstantOfShape, say) gets a Transpose in the graph instead (sink-transposes folds the foldable).
import { attrInt } from '../../ir/attributes.ts';
import type { Node } from '../../ir/types.ts';
import type { Pass } from '../pass.ts';
import { rulePass } from '../rewrite/driver.ts';
import { op } from '../rewrite/pattern.ts';
import { defineRule, fail, ok, type RewriteContext, type Rule, type Verdict } from '../rewrite/rule.ts';
import type { RewriteBuilder } from '../rewrite/builder.ts';
import { formatShape } from '../support/describe.ts';
import { withInitializersListedAsInputs } from './initializer-inputs.ts';
import { nhwcFunction, nhwcOpName, NHWC_OPS, type NhwcOpSpec } from './nhwc-ops.ts';
import { formatPerm, permuteDims, permuteTensor, TO_NCHW, TO_NHWC } from './perm.ts';

/** The rank of the op's activation input: inferred, else implied by a constant weight or the kernel shape. */
function activationRank(n: Node, ctx: RewriteContext): number | undefined {
  const shape = ctx.shape(n.inputs[0]!);
  if (shape) return shape.length;
  const w = n.inputs[1] ? ctx.constant(n.inputs[1]) : undefined;
  if (w && (n.opType === 'Conv' || n.opType === 'ConvTranspose')) return w.dims.length;
  const kernel = n.attributes.find((a) => a.name === 'kernel_shape');
  return kernel?.type === 'ints' ? kernel.value.length + 2 : undefined;
}

function isRead(v: string, ctx: RewriteContext): boolean {
  return v !== '' && (ctx.isGraphOutput(v) || ctx.consumers(v).length > 0);
}

function check(spec: NhwcOpSpec, n: Node, ctx: RewriteContext): Verdict {
  const x = n.inputs[0] ?? '';
  if (!x) return fail(`${n.opType} ${n.id} has no input`);
  const rank = activationRank(n, ctx);
  if (rank === undefined) return fail(`the rank of input ${x} is unknown, so it cannot be confirmed to be a 4-D NCHW tensor`);
  if (rank !== 4) return fail(`input ${x} is ${rank}-D (${rank - 2}-D spatial); only 4-D NCHW tensors have an NHWC form`);
  const extra = n.outputs.slice(1).find((o) => isRead(o, ctx));
  if (extra) return fail(`its output ${extra} is read; it holds ${spec.extraOutputs ?? 'values'} laid out for NCHW`);
  if (n.opType === 'BatchNormalization' && attrInt(n, 'training_mode', 0)) return fail('BatchNormalization is in training mode');
  return ok();
}

/**
 * Reordered weights made in one sweep of one graph, by source weight and perm: convs sharing a
 * weight share its reordered copy (the driver's context object identifies the sweep).
 */
const reordered = new WeakMap<RewriteContext, Map<string, string>>();

/** The weight as the NHWC kernel stores it: a reordered initializer, or a Transpose in the graph. */
function reorderWeight(spec: NhwcOpSpec, n: Node, b: RewriteBuilder, ctx: RewriteContext): { value: string; note: string } {
  const w = n.inputs[1]!;
  const { perm, layout } = spec.weight!;
  const t = ctx.constant(w);
  if (t) {
    let made = reordered.get(ctx);
    if (!made) reordered.set(ctx, (made = new Map()));
    const key = `${w}|${perm.join(',')}`;
    const value = made.get(key) ?? b.initializer(`${w}_${layout.toLowerCase()}`, permuteTensor(t, perm, ''));
    made.set(key, value);
    return { value, note: `weight ${w} ${formatShape(t.dims)} is stored as ${layout} ${formatShape(permuteDims(t.dims, perm))}` };
  }
  const value = b.op('Transpose', [w], { attrs: { perm: [...perm] }, outputs: [b.freshValue(`${w}_${layout.toLowerCase()}`)], id: `${n.id}/weight_to_${layout.toLowerCase()}` });
  return { value, note: `weight ${w} is computed in the graph, so a Transpose ${formatPerm(perm)} reorders it to ${layout}` };
}

function convertRule(spec: NhwcOpSpec): Rule {
  return defineRule({
    name: `to-nhwc/${spec.rule}`,
    pattern: op(spec.opType, null, { bind: 'n' }),
    check: (m, ctx) => check(spec, m.node('n'), ctx),
    rewrite(m, b, ctx) {
      const n = m.node('n');
      const [x, ...rest] = n.inputs as [string, ...string[]];
      const y = n.outputs[0]!;
      const inputs = [b.op('Transpose', [x], { attrs: { perm: [...TO_NHWC] }, outputs: [b.freshValue(`${x}_nhwc`)], id: `${n.id}/to_nhwc` }), ...rest];
      const notes: string[] = [];
      if (spec.weight && n.inputs[1]) {
        const w = reorderWeight(spec, n, b, ctx);
        inputs[1] = w.value;
        notes.push(w.note);
      }
      const nhwc = b.op(nhwcOpName(spec), inputs, { domain: 'kiln', attrs: n.attributes, outputs: [b.freshValue(`${y}_nhwc`)], id: n.id });
      b.op('Transpose', [nhwc], { attrs: { perm: [...TO_NCHW] }, outputs: [y], id: `${n.id}/to_nchw` });
      b.addFunction(nhwcFunction(spec, ctx.opset));
      const weight = notes.length ? `; ${notes.join('; ')}` : '';
      return `converted ${n.opType} ${n.id} to kiln.${nhwcOpName(spec)}: ${x} enters NHWC through a Transpose ${formatPerm(TO_NHWC)} and ${y} returns to NCHW through a Transpose ${formatPerm(TO_NCHW)}${weight}`;
    },
  });
}

const pass = rulePass(
  { id: 'to-nhwc', title: 'Convert to NHWC', description: 'Rewrites 2-D convolutions, pools and normalizations to Kiln NHWC ops with layout Transposes at their boundaries.' },
  NHWC_OPS.map(convertRule),
  { subgraphs: false },
);

export const toNhwc: Pass = {
  ...pass,
  run(model, ctx) {
    const r = pass.run(model, ctx);
    return { ...r, model: withInitializersListedAsInputs(model, r.model) };
  },
};
