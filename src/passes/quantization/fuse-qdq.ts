// fuse-qdq: turns QDQ groups (DequantizeLinear → float op → QuantizeLinear) into integer ops, as
// onnxruntime's QDQ selectors do: Conv → QLinearConv, MatMul → QLinearMatMul, a MatMul or Gemm
// whose result stays float → MatMulInteger + Mul (fuse-qdq-integer.ts), and Add, Mul and
// GlobalAveragePool → com.microsoft QLinear ops, which onnxruntime's CPU provider runs
// (fuse-qdq-contrib.ts). A DequantizeLinear other ops still read stays for them.
//
//   before: xd = DequantizeLinear (xq, sx, zx);  Wd = DequantizeLinear <axis = 0> (Wq, sw, zw)
//           Bd = DequantizeLinear <axis = 0> (Bq, sx·sw, 0);  y = Conv (xd, Wd, Bd)
//           yq = QuantizeLinear (y, sy, zy)
//   after:  yq = QLinearConv (xq, sx, zx, Wq, sw, zw, sy, zy, Bq)
import { numElements, tensorFromNumbers, tensorToNumbers } from '../../ir/tensor.ts';
import { rulePass } from '../rewrite/driver.ts';
import type { Match } from '../rewrite/match.ts';
import { constant, op, optional } from '../rewrite/pattern.ts';
import { defineRule, fail, ok, type RewriteContext } from '../rewrite/rule.ts';
import { formatShape } from '../support/describe.ts';
import { CONTRIB_QDQ_RULES } from './fuse-qdq-contrib.ts';
import { INTEGER_QDQ_RULES } from './fuse-qdq-integer.ts';
import { all, checkOnlyReader, checkPerTensor, checkWeight, dq, dqConst, dqParams, isScalar, quantType, zeroPointInput } from './qdq-match.ts';
import { roundHalfEven } from './quant-params.ts';

const quantizeOf = (inner: ReturnType<typeof op>) => op('QuantizeLinear', [inner, constant('ys'), optional(constant('yz'))], { bind: 'q' });

function checkOutput(m: Match, ctx: RewriteContext, x: string) {
  const q = m.node('q');
  const ys = m.tensor('ys');
  const yType = m.optionalTensor('yz')?.dtype ?? 'uint8';
  if (!isScalar(ys) || (m.has('yz') && !isScalar(m.tensor('yz')))) return fail(`output ${q.inputs[0]} is quantized per axis`, q);
  return yType === quantType(dqParams(m, x), ctx) ? ok() : fail(`input is ${quantType(dqParams(m, x), ctx)} but output ${yType}; QLinear ops keep one 8-bit type`, q);
}

const conv = defineRule({
  name: 'fuse-qdq/conv',
  pattern: quantizeOf(op('Conv', [dq('x'), dqConst('w'), optional(dqConst('b'))], { bind: 'conv' })),
  sharedIntermediates: 'keep',
  check(m, ctx) {
    const w = m.tensor('wq');
    return all(
      () => checkOnlyReader(m.node('conv'), m.node('q'), ctx),
      () => checkPerTensor(dqParams(m, 'x'), ctx, 'input'),
      () => checkWeight(dqParams(m, 'w'), ctx, 0, w.dims[0]!),
      () => checkOutput(m, ctx, 'x'),
      () => (m.has('b') && m.tensor('bq').dtype !== 'int32' ? fail(`bias ${m.value('bq')} is ${m.tensor('bq').dtype}, not int32`) : ok()),
    );
  },
  rewrite(m, b, ctx) {
    const c = m.node('conv');
    const w = m.tensor('wq');
    const xType = quantType(dqParams(m, 'x'), ctx);
    const inputs = [m.value('xq'), m.value('xs'), zeroPointInput(m, b, 'x', xType), m.value('wq'), m.value('ws'), zeroPointInput(m, b, 'w', 'int8'), m.value('ys'), zeroPointInput(m, b, 'y', xType)];
    let bias = '';
    if (m.has('b')) {
      // QLinearConv's bias is int32 at scale s_x·s_w[c]: kept as is when quantize-static wrote it so, else requantized.
      const sx = tensorToNumbers(m.tensor('xs'))[0]!;
      const sw = tensorToNumbers(m.tensor('ws'));
      const bs = tensorToNumbers(m.tensor('bs'));
      const bq = tensorToNumbers(m.tensor('bq'));
      const channels = numElements(m.tensor('bq').dims);
      const want = Array.from({ length: channels }, (_, k) => Math.fround(sx * sw[sw.length === 1 ? 0 : k]!));
      const same = want.every((s, k) => s === Math.fround(bs[bs.length === 1 ? 0 : k]!)) && !(m.optionalTensor('bz') && tensorToNumbers(m.tensor('bz')).some((z) => z !== 0));
      bias = same ? m.value('bq') : b.initializer(`${m.value('bq')}_requantized`, tensorFromNumbers('', 'int32', [channels], bq.map((v, k) => roundHalfEven((v * bs[bs.length === 1 ? 0 : k]!) / want[k]!))));
    }
    b.node('QLinearConv', bias ? [...inputs, bias] : inputs, { attrs: c.attributes, outputs: [m.node('q').outputs[0]!], id: c.id });
    return `fused Conv ${c.id} with its DequantizeLinear inputs and QuantizeLinear output into QLinearConv: ${xType} activations, int8 weight ${formatShape(w.dims)} with ${numElements(m.tensor('ws').dims)} scale${numElements(m.tensor('ws').dims) === 1 ? '' : 's'}${bias ? ', int32 bias' : ''}`;
  },
});

const matmul = defineRule({
  name: 'fuse-qdq/matmul',
  pattern: quantizeOf(op('MatMul', [dq('a'), dq('b')], { bind: 'matmul' })),
  sharedIntermediates: 'keep',
  check(m, ctx) {
    const bp = dqParams(m, 'b');
    const bShape = ctx.shape(bp.data);
    const perColumn = !isScalar(bp.scale);
    return all(
      () => checkOnlyReader(m.node('matmul'), m.node('q'), ctx),
      () => checkPerTensor(dqParams(m, 'a'), ctx, 'input A'),
      () => (perColumn ? (bShape?.length === 2 ? checkWeight(bp, ctx, 1, Number(bShape[1])) : fail('per-column scales need a 2-D B')) : checkPerTensor(bp, ctx, 'input B')),
      () => checkOutput(m, ctx, 'a'),
    );
  },
  rewrite(m, b, ctx) {
    const mm = m.node('matmul');
    const aType = quantType(dqParams(m, 'a'), ctx);
    const bType = quantType(dqParams(m, 'b'), ctx);
    const inputs = [m.value('aq'), m.value('as'), zeroPointInput(m, b, 'a', aType), m.value('bq'), m.value('bs'), zeroPointInput(m, b, 'b', bType), m.value('ys'), zeroPointInput(m, b, 'y', aType)];
    b.node('QLinearMatMul', inputs, { outputs: [m.node('q').outputs[0]!], id: mm.id });
    const columns = numElements(m.tensor('bs').dims);
    return `fused MatMul ${mm.id} with its DequantizeLinear inputs and QuantizeLinear output into QLinearMatMul: ${aType} A, ${bType} B${columns > 1 ? ` with ${columns} per-column scales` : ''}`;
  },
});

export const fuseQdq = rulePass(
  { id: 'fuse-qdq', title: 'Fuse QDQ groups into integer ops', description: 'Turns DequantizeLinear → Conv/MatMul/Gemm/Add/Mul → QuantizeLinear groups into QLinearConv, QLinearMatMul, MatMulInteger and QLinear contrib ops.' },
  [conv, matmul, ...INTEGER_QDQ_RULES, ...CONTRIB_QDQ_RULES],
);
