// fuse-qdq's rules for a MatMul or Gemm whose result stays float (a graph output, or read by float
// ops): the product runs on the quantized data as MatMulInteger, and one Mul by s_a·s_b (per column
// for per-channel weights) returns it to float, as onnxruntime's MatMulIntegerToFloat does.
//
//   before: ad = DequantizeLinear (aq, sa, za);  Wd = DequantizeLinear <axis = 0> (Wq, sw, 0)
//           y = Gemm <transB = 1> (ad, Wd, C)
//   after:  yi = MatMulInteger (aq, Wqᵀ, za, 0);  y = Add (Mul (Cast <to = float> (yi), sa·sw·α), β·C)
import { attrFloat, attrInt } from '../../ir/attributes.ts';
import { dtypeCode } from '../../ir/dtype.ts';
import { tensorFromNumbers, tensorToNumbers } from '../../ir/tensor.ts';
import type { Node, Tensor } from '../../ir/types.ts';
import type { RewriteBuilder } from '../rewrite/builder.ts';
import type { Match } from '../rewrite/match.ts';
import { any, op, optional } from '../rewrite/pattern.ts';
import { defineRule, fail, ok, type Rule } from '../rewrite/rule.ts';
import { formatShape } from '../support/describe.ts';
import { all, checkPerTensor, checkWeight, dq, dqConst, dqParams, isScalar, quantType, zeroPointInput } from './qdq-match.ts';
import { int8Tensor, scalarTensor, transposeInt8 } from './quant-params.ts';

/** s_a·s_b·α as a constant: a scalar, or one value per column. */
function scaleProduct(m: Match, alpha: number): Tensor {
  const sa = tensorToNumbers(m.tensor('as'))[0]!;
  const sb = tensorToNumbers(m.tensor('bs'));
  return tensorFromNumbers('', 'float32', sb.length === 1 ? [] : [sb.length], Array.from(sb, (s) => sa * s * alpha));
}

/** MatMulInteger → Cast → Mul writing `output` (or a fresh value when more follows). */
function integerProduct(m: Match, b: RewriteBuilder, n: Node, aType: string, bData: string, bZero: string, alpha: number, output?: string): string {
  const yi = b.op('MatMulInteger', [m.value('aq'), bData, zeroPointInput(m, b, 'a', aType), bZero], { id: `${n.id}/MatMulInteger` });
  const yf = b.op('Cast', [yi], { attrs: { to: dtypeCode('float32') }, id: `${n.id}/Cast` });
  const scale = b.initializer(`${n.id}/scale`, scaleProduct(m, alpha));
  return b.op('Mul', [yf, scale], { id: `${n.id}/Mul`, ...(output ? { outputs: [output] } : {}) });
}

const matmulInteger = defineRule({
  name: 'fuse-qdq/matmul-integer',
  pattern: op('MatMul', [dq('a'), dq('b')], { bind: 'matmul' }),
  sharedIntermediates: 'keep',
  check(m, ctx) {
    const mm = m.node('matmul');
    const readers = ctx.consumers(mm.outputs[0]!);
    if (readers.length === 1 && readers[0]!.opType === 'QuantizeLinear' && !ctx.isGraphOutput(mm.outputs[0]!)) return fail('its output is quantized again: fuse-qdq/matmul makes a QLinearMatMul of it');
    const bp = dqParams(m, 'b');
    const shape = ctx.shape(bp.data);
    return all(
      () => checkPerTensor(dqParams(m, 'a'), ctx, 'input A'),
      () => (isScalar(bp.scale) ? checkPerTensor(bp, ctx, 'input B') : shape?.length === 2 ? checkWeight(bp, ctx, 1, Number(shape[1])) : fail('per-column scales need a 2-D B')),
    );
  },
  rewrite(m, b, ctx) {
    const mm = m.node('matmul');
    integerProduct(m, b, mm, quantType(dqParams(m, 'a'), ctx), m.value('bq'), zeroPointInput(m, b, 'b', quantType(dqParams(m, 'b'), ctx)), 1, mm.outputs[0]!);
    return `fused MatMul ${mm.id} with its DequantizeLinear inputs into MatMulInteger → Cast → Mul by s_a·s_b (its result stays float)`;
  },
});

const gemmInteger = defineRule({
  name: 'fuse-qdq/gemm-integer',
  pattern: op('Gemm', [dq('a'), dqConst('b'), optional(any('c'))], { bind: 'gemm' }),
  sharedIntermediates: 'keep',
  check(m, ctx) {
    const g = m.node('gemm');
    if (attrInt(g, 'transA', 0) === 1) return fail('transA=1: MatMulInteger takes A as it is stored');
    const w = m.tensor('bq');
    const transB = attrInt(g, 'transB', 0) === 1;
    if (w.dims.length !== 2) return fail(`weight ${formatShape(w.dims)} is not 2-D`);
    return all(
      () => checkPerTensor(dqParams(m, 'a'), ctx, 'input A'),
      () => checkWeight(dqParams(m, 'b'), ctx, transB ? 0 : 1, w.dims[transB ? 0 : 1]!),
      () => (w.dtype === 'int8' ? ok() : fail(`weight is ${w.dtype}, not int8`)),
    );
  },
  rewrite(m, b, ctx) {
    const g = m.node('gemm');
    const w = m.tensor('bq');
    const transB = attrInt(g, 'transB', 0) === 1;
    // MatMulInteger wants B as [K, N]: a transposed weight is stored transposed back, once.
    const data = transB ? b.initializer(`${m.value('bq')}_t`, int8Tensor('', [w.dims[1]!, w.dims[0]!], transposeInt8(new Int8Array(tensorToNumbers(w)), w.dims[0]!, w.dims[1]!))) : m.value('bq');
    const zero = b.initializer(`${m.value('bq')}_zero`, scalarTensor('', 'int8', 0));
    const [alpha, beta] = [attrFloat(g, 'alpha', 1), attrFloat(g, 'beta', 1)];
    const c = m.has('c') ? m.value('c') : undefined;
    const y = integerProduct(m, b, g, quantType(dqParams(m, 'a'), ctx), data, zero, alpha, c ? undefined : g.outputs[0]!);
    if (c) {
      const bias = beta === 1 ? c : b.op('Mul', [c, b.initializer(`${g.id}/beta`, scalarTensor('', 'float32', beta))], { id: `${g.id}/beta` });
      b.op('Add', [y, bias], { outputs: [g.outputs[0]!], id: `${g.id}/Add` });
    }
    return `fused Gemm ${g.id} with its DequantizeLinear inputs into MatMulInteger → Cast → Mul by s_a·s_w·α${c ? ' → Add of β·C' : ''} (weight ${formatShape(w.dims)}${transB ? ' stored transposed' : ''})`;
  },
});

export const INTEGER_QDQ_RULES: readonly Rule[] = [matmulInteger, gemmInteger];
