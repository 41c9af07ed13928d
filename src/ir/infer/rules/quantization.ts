// Quantization: QuantizeLinear/DequantizeLinear (dtype from the zero point, the scale or the
// output_dtype attribute), DynamicQuantizeLinear, and onnxruntime's QLinear* contrib ops.
import { attrInt } from '../../attributes.ts';
import type { Shape } from '../../types.ts';
import { addDims, formatShape, normalizeAxis, unifyDims } from '../dims.ts';
import { InferError, tensorType, type InferContext, type RuleTable } from '../rule.ts';
import { broadcastInputs, dtypeAttr } from './common.ts';

const quantize = (ctx: InferContext) => {
  const dtype = (ctx.has(2) ? ctx.dtype(2) : undefined) ?? dtypeAttr(ctx, 'output_dtype', 'uint8');
  return [tensorType(ctx.tensor(0) ? dtype : undefined, ctx.shape(0))];
};

const dequantize = (ctx: InferContext) => {
  const dtype = dtypeAttr(ctx, 'output_dtype') ?? (ctx.opset >= 19 ? ctx.dtype(1) : 'float32');
  return [tensorType(ctx.tensor(0) ? dtype : undefined, ctx.shape(0))];
};

export const quantizationRules: RuleTable = {
  QuantizeLinear: quantize,
  DequantizeLinear: dequantize,
  DynamicQuantizeLinear: (ctx) => [tensorType('uint8', ctx.shape(0)), tensorType('float32', []), tensorType('uint8', [])],
};

/** QLinearConcat(Y_scale, Y_zero_point, X0, X0_scale, X0_zp, X1, ...): concat of every third input. */
function qlinearConcatShape(ctx: InferContext): Shape | undefined {
  const shapes: Shape[] = [];
  for (let i = 2; i < ctx.inputCount; i += 3) {
    const s = ctx.shape(i);
    if (!s) return undefined;
    shapes.push(s);
  }
  const first = shapes[0];
  if (!first) return undefined;
  const axis = normalizeAxis(attrInt(ctx.node, 'axis', 0), first.length);
  const out = [...first];
  for (const s of shapes.slice(1)) {
    if (s.length !== first.length) throw new InferError(`inputs have different ranks: ${shapes.map(formatShape).join(', ')}`);
    s.forEach((d, k) => (out[k] = k === axis ? addDims(out[k]!, d, ctx.fresh) : unifyDims(out[k]!, d, () => `inputs differ on axis ${k}`)));
  }
  return out;
}

const qlinearBinary = (ctx: InferContext) => [tensorType(ctx.dtype(0), broadcastInputs(ctx, [0, 3]))];
const qlinearUnary = (ctx: InferContext) => [ctx.type(0)];

export const contribQuantizationRules: RuleTable = {
  QuantizeLinear: quantize,
  DequantizeLinear: (ctx) => [tensorType(ctx.tensor(0) ? ctx.dtype(1) : undefined, ctx.shape(0))],
  QLinearAdd: qlinearBinary,
  QLinearMul: qlinearBinary,
  QLinearSigmoid: qlinearUnary,
  QLinearLeakyRelu: qlinearUnary,
  QLinearSoftmax: qlinearUnary,
  QLinearGlobalAveragePool: (ctx) => {
    const x = ctx.shape(0);
    if (!x) return [tensorType(ctx.dtype(0))];
    const channelsLast = attrInt(ctx.node, 'channels_last', 0) === 1;
    const shape = channelsLast ? [x[0]!, ...x.slice(1, -1).map(() => 1), x[x.length - 1]!] : [x[0]!, x[1]!, ...x.slice(2).map(() => 1)];
    return [tensorType(ctx.dtype(0), shape)];
  },
  QLinearConcat: (ctx) => [tensorType(ctx.dtype(1) ?? ctx.dtype(2), qlinearConcatShape(ctx))],
};
