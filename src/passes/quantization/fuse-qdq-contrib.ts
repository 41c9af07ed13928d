// fuse-qdq's rules for ops onnxruntime quantizes with its com.microsoft contrib ops, which its CPU
// provider runs (fuse-qdq.test.ts runs them): Add → QLinearAdd, Mul → QLinearMul,
// GlobalAveragePool → QLinearGlobalAveragePool. Each takes quantized inputs and writes the
// QuantizeLinear's output directly, so the float op and its rounding trip disappear.
//
//   before: y = Add (DequantizeLinear (aq, sa, za), DequantizeLinear (bq, sb, zb));  yq = QuantizeLinear (y, sy, zy)
//   after:  yq = com.microsoft.QLinearAdd (aq, sa, za, bq, sb, zb, sy, zy)
import { constant, op, optional } from '../rewrite/pattern.ts';
import { defineRule, fail, ok, type Rule } from '../rewrite/rule.ts';
import { all, checkOnlyReader, checkPerTensor, dq, dqParams, quantType, zeroPointInput } from './qdq-match.ts';

const DOMAIN = 'com.microsoft';

function binary(opType: 'Add' | 'Mul'): Rule {
  return defineRule({
    name: `fuse-qdq/${opType.toLowerCase()}`,
    pattern: op('QuantizeLinear', [op(opType, [dq('a'), dq('b')], { bind: 'op' }), constant('ys'), optional(constant('yz'))], { bind: 'q' }),
    sharedIntermediates: 'keep',
    check(m, ctx) {
      const [a, b] = [dqParams(m, 'a'), dqParams(m, 'b')];
      const y = m.optionalTensor('yz')?.dtype ?? 'uint8';
      return all(
        () => checkOnlyReader(m.node('op'), m.node('q'), ctx),
        () => checkPerTensor(a, ctx, 'input A'),
        () => checkPerTensor(b, ctx, 'input B'),
        () => (quantType(a, ctx) === y && quantType(b, ctx) === y ? ok() : fail(`inputs and output differ in 8-bit type; QLinear${opType} keeps one`)),
      );
    },
    rewrite(m, b, ctx) {
      const n = m.node('op');
      const t = quantType(dqParams(m, 'a'), ctx);
      const inputs = [m.value('aq'), m.value('as'), zeroPointInput(m, b, 'a', t), m.value('bq'), m.value('bs'), zeroPointInput(m, b, 'b', t), m.value('ys'), zeroPointInput(m, b, 'y', t)];
      b.node(`QLinear${opType}`, inputs, { domain: DOMAIN, outputs: [m.node('q').outputs[0]!], id: n.id });
      return `fused ${opType} ${n.id} with its DequantizeLinear inputs and QuantizeLinear output into com.microsoft QLinear${opType} (${t})`;
    },
  });
}

const globalAveragePool = defineRule({
  name: 'fuse-qdq/global-average-pool',
  pattern: op('QuantizeLinear', [op('GlobalAveragePool', [dq('x')], { bind: 'op' }), constant('ys'), optional(constant('yz'))], { bind: 'q' }),
  sharedIntermediates: 'keep',
  check(m, ctx) {
    const x = dqParams(m, 'x');
    const y = m.optionalTensor('yz')?.dtype ?? 'uint8';
    return all(
      () => checkOnlyReader(m.node('op'), m.node('q'), ctx),
      () => checkPerTensor(x, ctx, 'input'),
      () => (quantType(x, ctx) === y ? ok() : fail('input and output differ in 8-bit type')),
    );
  },
  rewrite(m, b, ctx) {
    const n = m.node('op');
    const t = quantType(dqParams(m, 'x'), ctx);
    b.node('QLinearGlobalAveragePool', [m.value('xq'), m.value('xs'), zeroPointInput(m, b, 'x', t), m.value('ys'), zeroPointInput(m, b, 'y', t)], { domain: DOMAIN, attrs: { channels_last: 0 }, outputs: [m.node('q').outputs[0]!], id: n.id });
    return `fused GlobalAveragePool ${n.id} with its DequantizeLinear input and QuantizeLinear output into com.microsoft QLinearGlobalAveragePool (${t})`;
  },
});

export const CONTRIB_QDQ_RULES: readonly Rule[] = [binary('Add'), binary('Mul'), globalAveragePool];
