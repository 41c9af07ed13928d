// Schemas of elementwise math, activations, reductions and matrix products (default domain).
import { INF, op, ops } from './define.ts';
import type { OpSchema } from './schema.ts';

const UNARY_MATH = [
  'Abs', 'Acos', 'Acosh', 'Asin', 'Asinh', 'Atan', 'Atanh', 'Ceil', 'Cos', 'Cosh', 'Erf', 'Exp', 'Floor', 'Log',
  'Neg', 'Reciprocal', 'Round', 'Sign', 'Sin', 'Sinh', 'Sqrt', 'Tan', 'Tanh', 'BitwiseNot', 'IsNaN', 'IsInf', 'Det',
];
const BINARY_MATH = ['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Mod', 'BitShift', 'BitwiseAnd', 'BitwiseOr', 'BitwiseXor'];
const LOGIC = ['And', 'Or', 'Xor', 'Equal', 'Greater', 'Less', 'GreaterOrEqual', 'LessOrEqual'];
const ACTIVATIONS = [
  'Relu', 'LeakyRelu', 'Elu', 'Selu', 'Celu', 'Sigmoid', 'HardSigmoid', 'HardSwish', 'Softplus', 'Softsign',
  'ThresholdedRelu', 'Mish', 'Gelu', 'Swish', 'Shrink', 'Softmax', 'LogSoftmax', 'Hardmax',
];
const REDUCTIONS = ['ReduceSum', 'ReduceMean', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceLogSum', 'ReduceLogSumExp', 'ReduceSumSquare'];

export const MATH_SCHEMAS: readonly OpSchema[] = [
  ...ops(UNARY_MATH, 'elementwise', [1, 1]),
  ...ops(BINARY_MATH, 'elementwise', [2, 2]),
  ...ops(LOGIC, 'logic', [2, 2]),
  op('Not', 'logic', [1, 1]),
  op('Where', 'logic', [3, 3]),
  ...ops(['Max', 'Min', 'Mean', 'Sum'], 'elementwise', [1, INF]),
  op('Clip', 'elementwise', [1, 3]),
  op('Cast', 'elementwise', [1, 1]),
  op('CastLike', 'elementwise', [2, 2]),
  op('BitCast', 'elementwise', [1, 1]),
  op('CumSum', 'elementwise', [2, 2]),
  op('CumProd', 'elementwise', [2, 2]),
  ...ops(ACTIVATIONS, 'activation', [1, 1]),
  op('PRelu', 'activation', [2, 2]),
  op('SwiGLU', 'activation', [1, 2]),
  op('Dropout', 'activation', [1, 3], [1, 2]),
  ...ops(REDUCTIONS, 'reduce', [1, 2]),
  ...ops(['ArgMax', 'ArgMin'], 'reduce', [1, 1]),
  op('MatMul', 'matmul', [2, 2]),
  op('Gemm', 'matmul', [2, 3]),
  op('MatMulInteger', 'matmul', [2, 4]),
  op('QLinearMatMul', 'matmul', [8, 8]),
  op('Einsum', 'matmul', [1, INF]),
];
