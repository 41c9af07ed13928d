// Operator schemas as data: arity and category of every operator Kiln knows.
import type { OpSchema, OpCategory } from './schema.ts';

const INF = Infinity;
const op = (opType: string, category: OpCategory, inputs: [number, number], outputs: [number, number] = [1, 1], domain = ''): OpSchema => ({
  opType,
  domain,
  category,
  inputs,
  outputs,
});

export const SCHEMAS: readonly OpSchema[] = [
  op('Add', 'elementwise', [2, 2]),
  op('Sub', 'elementwise', [2, 2]),
  op('Mul', 'elementwise', [2, 2]),
  op('Div', 'elementwise', [2, 2]),
  op('Pow', 'elementwise', [2, 2]),
  op('Sqrt', 'elementwise', [1, 1]),
  op('Erf', 'elementwise', [1, 1]),
  op('Relu', 'activation', [1, 1]),
  op('MatMul', 'matmul', [2, 2]),
  op('Gemm', 'matmul', [2, 3]),
  op('Conv', 'conv', [2, 3]),
  op('BatchNormalization', 'normalization', [5, 5], [1, 3]),
  op('MaxPool', 'pool', [1, 1], [1, 2]),
  op('GlobalAveragePool', 'pool', [1, 1]),
  op('Flatten', 'shape', [1, 1]),
  op('Reshape', 'shape', [2, 2]),
  op('Transpose', 'movement', [1, 1]),
  op('Shape', 'shape', [1, 1]),
  op('Gather', 'movement', [2, 2]),
  op('Unsqueeze', 'shape', [1, 2]),
  op('Concat', 'movement', [1, INF]),
  op('Softmax', 'activation', [1, 1]),
  op('ReduceMean', 'reduce', [1, 2]),
  op('Constant', 'constant', [0, 0]),
  op('If', 'control', [1, 1], [1, INF]),
];
