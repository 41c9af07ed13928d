// Operator schemas as data: arity and category of every operator Kiln knows, by family.
import { MICROSOFT_SCHEMAS, ML_SCHEMAS, PREVIEW_SCHEMAS, TRAINING_SCHEMAS } from './domains.ts';
import { MATH_SCHEMAS } from './math.ts';
import { NN_SCHEMAS } from './nn.ts';
import type { OpSchema } from './schema.ts';
import { TENSOR_SCHEMAS } from './tensor.ts';

export const SCHEMAS: readonly OpSchema[] = [
  ...MATH_SCHEMAS,
  ...NN_SCHEMAS,
  ...TENSOR_SCHEMAS,
  ...MICROSOFT_SCHEMAS,
  ...ML_SCHEMAS,
  ...PREVIEW_SCHEMAS,
  ...TRAINING_SCHEMAS,
];
