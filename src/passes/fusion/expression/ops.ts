// The ops an elementwise expression may call: each ONNX op that computes one output element from
// the elements at the same (broadcast) position of its inputs, with its printed name, arity, the
// attributes it may carry, and the dtype of its result. Ops outside this table, or carrying an
// attribute it does not list, are not fused.
export type AttrKind = 'float' | 'int' | 'string' | 'dtype';

/** The result's dtype: the first argument's, bool, Cast's `to`, or the second argument's (Where). */
export type ResultKind = 'first' | 'bool' | 'cast' | 'second';

export interface ExprOp {
  /** ONNX op type (default domain). */
  readonly op: string;
  /** The name printed in expressions. */
  readonly name: string;
  readonly arity: readonly [min: number, max: number];
  readonly attrs: Readonly<Record<string, AttrKind>>;
  readonly result: ResultKind;
}

const def = (op: string, name: string, arity: [number, number], attrs: Record<string, AttrKind> = {}, result: ResultKind = 'first'): ExprOp => ({ op, name, arity, attrs, result });

const unary = (pairs: readonly [string, string][]) => pairs.map(([op, name]) => def(op, name, [1, 1]));
const binary = (pairs: readonly [string, string][], result: ResultKind = 'first') => pairs.map(([op, name]) => def(op, name, [2, 2], {}, result));

const TABLE: readonly ExprOp[] = [
  ...binary([['Add', 'add'], ['Sub', 'sub'], ['Mul', 'mul'], ['Div', 'div'], ['Pow', 'pow'], ['PRelu', 'prelu']]),
  def('Mod', 'mod', [2, 2], { fmod: 'int' }),
  ...unary([
    ['Abs', 'abs'], ['Neg', 'neg'], ['Sqrt', 'sqrt'], ['Exp', 'exp'], ['Log', 'log'], ['Reciprocal', 'reciprocal'],
    ['Floor', 'floor'], ['Ceil', 'ceil'], ['Round', 'round'], ['Sign', 'sign'], ['Sin', 'sin'], ['Cos', 'cos'],
    ['Tan', 'tan'], ['Tanh', 'tanh'], ['Erf', 'erf'], ['Relu', 'relu'], ['Sigmoid', 'sigmoid'], ['Softplus', 'softplus'],
    ['Softsign', 'softsign'], ['Mish', 'mish'], ['HardSwish', 'hard_swish'],
  ]),
  def('LeakyRelu', 'leaky_relu', [1, 1], { alpha: 'float' }),
  def('Elu', 'elu', [1, 1], { alpha: 'float' }),
  def('Selu', 'selu', [1, 1], { alpha: 'float', gamma: 'float' }),
  def('Celu', 'celu', [1, 1], { alpha: 'float' }),
  def('HardSigmoid', 'hard_sigmoid', [1, 1], { alpha: 'float', beta: 'float' }),
  def('ThresholdedRelu', 'thresholded_relu', [1, 1], { alpha: 'float' }),
  def('Gelu', 'gelu', [1, 1], { approximate: 'string' }),
  def('Shrink', 'shrink', [1, 1], { bias: 'float', lambd: 'float' }),
  def('Cast', 'cast', [1, 1], { to: 'dtype', saturate: 'int' }, 'cast'),
  // Clip before opset 11 takes its bounds as attributes, from 11 on as optional inputs.
  def('Clip', 'clip', [1, 3], { min: 'float', max: 'float' }),
  ...['Max', 'Min', 'Sum', 'Mean'].map((op) => def(op, op.toLowerCase(), [1, Infinity])),
  def('Where', 'where', [3, 3], {}, 'second'),
  ...binary([['Equal', 'equal'], ['Less', 'less'], ['Greater', 'greater'], ['LessOrEqual', 'less_equal'], ['GreaterOrEqual', 'greater_equal'], ['And', 'and'], ['Or', 'or'], ['Xor', 'xor']], 'bool'),
  def('Not', 'not', [1, 1], {}, 'bool'),
  def('IsNaN', 'is_nan', [1, 1], {}, 'bool'),
  def('IsInf', 'is_inf', [1, 1], { detect_negative: 'int', detect_positive: 'int' }, 'bool'),
];

const byOp = new Map(TABLE.map((o) => [o.op, o]));
const byName = new Map(TABLE.map((o) => [o.name, o]));

/** The table entry of an ONNX op type, or undefined when the op is not elementwise here. */
export function exprOp(opType: string): ExprOp | undefined {
  return byOp.get(opType);
}

export function exprOpByName(name: string): ExprOp | undefined {
  return byName.get(name);
}

export function exprOps(): readonly ExprOp[] {
  return TABLE;
}
