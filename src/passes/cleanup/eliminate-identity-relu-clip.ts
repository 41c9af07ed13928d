// eliminate-identity, a Relu before a Clip: Clip(Relu(x), lo, hi) = Clip(x, max(lo, 0), hi), so
// the Relu goes and the Clip's lower bound becomes at least 0 (onnxruntime's ReluClipFusion, a
// Basic-level rewrite). The Relu must have no other reader (the driver keeps shared ones).
//
//   before: r = Relu (x);  y = Clip (r, "lo" = -1, "hi" = 6)
//   after:  y = Clip (x, "lo'" = 0, "hi")
import { attrFloat } from '../../ir/attributes.ts';
import type { DType } from '../../ir/dtype.ts';
import { numElements, tensorFromNumbers, tensorToNumbers } from '../../ir/tensor.ts';
import type { Attribute } from '../../ir/types.ts';
import type { Match } from '../rewrite/match.ts';
import { any, constant, op, optional } from '../rewrite/pattern.ts';
import { defineRule, fail, ok, type RewriteContext, type Rule, type Verdict } from '../rewrite/rule.ts';

const FLOATS = new Set(['float32', 'float64', 'float16']);

/** The Clip's lower bound: its attribute before opset 11, its constant input from 11 on; -∞ when absent. */
function lowerBound(m: Match): number {
  const clip = m.node('clip');
  if (clip.inputs.length === 1) return attrFloat(clip, 'min', -Infinity);
  return m.has('lo') ? tensorToNumbers(m.tensor('lo'))[0]! : -Infinity;
}

function check(m: Match, ctx: RewriteContext): Verdict {
  const clip = m.node('clip');
  const dtype = ctx.dtype(m.value('x'));
  // Integer Clip/Relu would also fuse, but the bound's dtype must match x's: floats cover the models seen.
  if (!dtype || !FLOATS.has(dtype)) return fail(`Relu ${m.node('relu').id} reads ${dtype ?? 'a value of unknown type'}; only float Relu→Clip is folded`);
  if (clip.inputs[1] && !m.has('lo')) return fail(`Clip ${clip.id}'s lower bound ${clip.inputs[1]} is not a constant`);
  if (m.has('lo') && numElements(m.tensor('lo').dims) !== 1) return fail(`Clip ${clip.id}'s lower bound is not a scalar`);
  return ok();
}

export const RELU_CLIP_RULE: Rule = defineRule({
  name: 'eliminate-identity/relu-clip',
  pattern: op('Clip', [op('Relu', [any('x')], { bind: 'relu' }), optional(constant('lo')), optional(constant('hi'))], { bind: 'clip' }),
  check,
  rewrite(m, b, ctx) {
    const [relu, clip] = [m.node('relu'), m.node('clip')];
    const lo = Math.max(lowerBound(m), 0);
    const x = m.value('x');
    let inputs: string[];
    let attributes: Attribute[] = [...clip.attributes];
    if (clip.inputs.length === 1) {
      attributes = [...clip.attributes.filter((a) => a.name !== 'min'), { name: 'min', type: 'float', value: lo }];
      inputs = [x];
    } else {
      const bound = b.initializer(`${clip.id}/min`, tensorFromNumbers('', ctx.dtype(x) as DType, [], [lo]));
      inputs = [x, bound, ...clip.inputs.slice(2)];
    }
    b.node('Clip', inputs, { attrs: attributes, outputs: [clip.outputs[0]!], id: clip.id });
    const was = lowerBound(m);
    return `removed Relu ${relu.id}: Clip ${clip.id} after it clips at ${lo} from below${was === lo ? '' : ` (its lower bound ${was} raised to 0)`}, so it now reads ${x} directly`;
  },
});
