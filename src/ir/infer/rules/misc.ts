// Ops that fit no larger family: detection, linear algebra, losses, text features, images.
import { attrInt, attrInts, attrString } from '../../attributes.ts';
import { formatShape } from '../dims.ts';
import { InferError, tensorType, type InferContext, type RuleTable } from '../rule.ts';

/** Losses: per-element values with reduction 'none', else a scalar. */
function lossShape(ctx: InferContext, targetIndex: number) {
  const reduction = attrString(ctx.node, 'reduction', 'mean');
  return reduction === 'none' ? ctx.shape(targetIndex) : [];
}

export const miscRules: RuleTable = {
  NonMaxSuppression: (ctx) => [tensorType('int64', [ctx.fresh(), 3])],
  Det: (ctx) => {
    const x = ctx.shape(0);
    if (x && x.length < 2) throw new InferError(`input ${formatShape(x)} is not a (batch of) square matrix`);
    return [tensorType(ctx.dtype(0), x?.slice(0, -2))];
  },
  ImageDecoder: (ctx) => [tensorType('uint8', [ctx.fresh(), ctx.fresh(), attrString(ctx.node, 'pixel_format', 'RGB') === 'Grayscale' ? 1 : 3])],
  TfIdfVectorizer: (ctx) => {
    const x = ctx.shape(0);
    const width = Math.max(-1, ...attrInts(ctx.node, 'ngram_indexes', [])) + 1;
    if (!x) return [tensorType('float32')];
    return [tensorType('float32', x.length === 2 ? [x[0]!, width] : [width])];
  },
  NegativeLogLikelihoodLoss: (ctx) => [tensorType(ctx.dtype(0), lossShape(ctx, 1))],
  SoftmaxCrossEntropyLoss: (ctx) => [tensorType(ctx.dtype(0), lossShape(ctx, 1)), ctx.type(0)],
};

/** ai.onnx.ml ops with tensor inputs and outputs. */
export const mlRules: RuleTable = {
  Binarizer: (ctx) => [ctx.type(0)],
  ArrayFeatureExtractor: (ctx) => {
    const x = ctx.shape(0);
    const y = ctx.shape(1);
    if (!x || !y) return [tensorType(ctx.dtype(0))];
    const count = y.length === 0 ? 1 : y[y.length - 1]!;
    return [tensorType(ctx.dtype(0), x.length <= 1 ? [1, count] : [...x.slice(0, -1), count])];
  },
  LabelEncoder: (ctx) => {
    const values = ctx.node.attributes.find((a) => a.name.startsWith('values_'));
    const dtype =
      values?.type === 'tensor' ? values.value.dtype : values?.name === 'values_strings' ? 'string' : values?.name === 'values_floats' ? 'float32' : values ? 'int64' : undefined;
    return [tensorType(dtype, ctx.shape(0))];
  },
  TreeEnsemble: (ctx) => {
    const x = ctx.shape(0);
    return [tensorType(ctx.dtype(0), x ? [x[0]!, attrInt(ctx.node, 'n_targets', 1)] : undefined)];
  },
};
