// Activations keep their input's type; Dropout adds a bool mask; SwiGLU halves its split axis.
import { attrInt } from '../../attributes.ts';
import { divDims, normalizeAxis } from '../dims.ts';
import { InferError, tensorType, type RuleTable } from '../rule.ts';
import { broadcastInputs, sameAs, withDim } from './common.ts';

const SAME = [
  'Relu', 'LeakyRelu', 'Elu', 'Selu', 'Celu', 'Sigmoid', 'HardSigmoid', 'HardSwish', 'Softplus', 'Softsign',
  'ThresholdedRelu', 'Mish', 'Gelu', 'Swish', 'Shrink', 'Softmax', 'LogSoftmax', 'Hardmax',
];

const table: Record<string, RuleTable[string]> = {};
for (const op of SAME) table[op] = sameAs(0);

export const activationRules: RuleTable = {
  ...table,
  // The mask became bool at opset 10; before, it had the input's type.
  Dropout: (ctx) => [ctx.type(0), tensorType(ctx.tensor(0) ? (ctx.opset >= 10 ? 'bool' : ctx.dtype(0)) : undefined, ctx.shape(0))],
  // SwiGLU(a, b) gates elementwise; with one input it splits that input's axis in two halves.
  SwiGLU: (ctx) => {
    if (ctx.inputCount > 1) return [tensorType(ctx.dtype(0), broadcastInputs(ctx))];
    const shape = ctx.shape(0);
    if (!shape) return [tensorType(ctx.dtype(0))];
    const axis = normalizeAxis(attrInt(ctx.node, 'axis', -1), shape.length);
    const d = shape[axis]!;
    const half = d === null ? ctx.fresh() : divDims(d, 2);
    if (half === undefined) throw new InferError(`axis ${axis} has odd size ${d}; SwiGLU splits it in two halves`);
    return [tensorType(ctx.dtype(0), withDim(shape, axis, half))];
  },
};
