// Random generators: the shape comes from an attribute or from the input they mimic, the dtype
// from the dtype attribute (float32 by default) or that input.
import { attrInt, attrInts } from '../../attributes.ts';
import { tensorType, type InferContext, type RuleTable } from '../rule.ts';
import { dtypeAttr } from './common.ts';

const fromAttributes = (ctx: InferContext) => [tensorType(dtypeAttr(ctx, 'dtype', 'float32'), attrInts(ctx.node, 'shape'))];
const likeInput = (ctx: InferContext) => [tensorType(dtypeAttr(ctx, 'dtype', ctx.dtype(0)), ctx.shape(0))];

export const randomRules: RuleTable = {
  RandomNormal: fromAttributes,
  RandomUniform: fromAttributes,
  RandomNormalLike: likeInput,
  RandomUniformLike: likeInput,
  Bernoulli: likeInput,
  Multinomial: (ctx) => {
    const x = ctx.shape(0);
    return [tensorType(dtypeAttr(ctx, 'dtype', 'int32'), x ? [x[0]!, attrInt(ctx.node, 'sample_size', 1)] : undefined)];
  },
};
