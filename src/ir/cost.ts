// Floating-point operation estimates per node, from inferred shapes. A multiply-add counts as two
// operations (the convention of papers and of onnxruntime's profilers); data movement counts zero.
// Estimates, not measurements: they feed `kiln inspect` and the roofline figures.
import { attrInt, attrInts } from './attributes.ts';
import { subgraphsOf } from './graph.ts';
import type { Graph, Node, Shape, ValueType } from './types.ts';

type Types = ReadonlyMap<string, ValueType>;

function staticShape(types: Types, name: string | undefined): number[] | undefined {
  if (!name) return undefined;
  const t = types.get(name);
  if (!t || t.kind !== 'tensor' || !t.shape) return undefined;
  return t.shape.every((d): d is number => typeof d === 'number') ? (t.shape as number[]) : undefined;
}

const product = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/** Ops that cost about one operation per output element. */
const PER_ELEMENT = new Set([
  'Add', 'Sub', 'Mul', 'Div', 'Pow', 'Mod', 'Max', 'Min', 'Sum', 'Mean', 'Abs', 'Neg', 'Sqrt', 'Exp', 'Log', 'Reciprocal',
  'Relu', 'LeakyRelu', 'PRelu', 'Elu', 'Selu', 'Celu', 'Sigmoid', 'HardSigmoid', 'HardSwish', 'Tanh', 'Softplus', 'Softsign',
  'Erf', 'Gelu', 'Mish', 'Clip', 'Sin', 'Cos', 'Tan', 'Floor', 'Ceil', 'Round', 'Sign', 'Where', 'Equal', 'Less', 'Greater',
  'LessOrEqual', 'GreaterOrEqual', 'And', 'Or', 'Xor', 'Not', 'ThresholdedRelu', 'Shrink', 'BiasGelu', 'FastGelu', 'QuickGelu',
  'Dropout', 'Cast', 'QuantizeLinear', 'DequantizeLinear',
]);

/** Ops that read every input element about once (reductions, normalizations, softmax). */
const PER_INPUT_ELEMENT: Record<string, number> = {
  ReduceMean: 1, ReduceSum: 1, ReduceMax: 1, ReduceMin: 1, ReduceProd: 1, ReduceL1: 2, ReduceL2: 2, ReduceLogSumExp: 3,
  ReduceSumSquare: 2, ReduceLogSum: 1, ArgMax: 1, ArgMin: 1, GlobalAveragePool: 1, GlobalMaxPool: 1, GlobalLpPool: 2,
  Softmax: 5, LogSoftmax: 5, Hardmax: 2, BatchNormalization: 2, InstanceNormalization: 7, LayerNormalization: 7,
  GroupNormalization: 7, SkipLayerNormalization: 8, LpNormalization: 3, MeanVarianceNormalization: 7,
};

export function nodeFlops(n: Node, types: Types): number {
  const out = staticShape(types, n.outputs[0]);
  const a = staticShape(types, n.inputs[0]);
  const b = staticShape(types, n.inputs[1]);
  switch (n.opType) {
    case 'Conv':
    case 'FusedConv':
    case 'ConvInteger':
    case 'QLinearConv': {
      const w = staticShape(types, n.inputs[n.opType === 'QLinearConv' ? 3 : 1]);
      if (!out || !w) return 0;
      const macs = product(out) * product(w.slice(1));
      return 2 * macs + (n.inputs[2] ? product(out) : 0);
    }
    case 'ConvTranspose': {
      // Every input element is scattered into Cout/group output channels times the kernel.
      if (!a || !b) return 0;
      return 2 * product(a) * product(b.slice(1));
    }
    case 'MatMul':
    case 'FusedMatMul':
    case 'MatMulInteger':
    case 'QLinearMatMul': {
      if (!out || !a || a.length === 0) return 0;
      return 2 * product(out) * a[a.length - 1]!;
    }
    case 'Gemm':
    case 'FusedGemm': {
      if (!out || !a) return 0;
      const k = attrInt(n, 'transA', 0) ? a[0]! : a[a.length - 1]!;
      return 2 * product(out) * k + (n.inputs[2] ? product(out) : 0);
    }
    case 'MaxPool':
    case 'AveragePool':
    case 'LpPool': {
      if (!out) return 0;
      return product(out) * product(attrInts(n, 'kernel_shape', [1]));
    }
    case 'LSTM':
    case 'GRU':
    case 'RNN': {
      const x = a;
      const w = b;
      const r = staticShape(types, n.inputs[2]);
      if (!x || !w || !r) return 0;
      const [seq, batch] = [x[0]!, x[1]!];
      return 2 * seq * batch * (product(w) + product(r));
    }
  }
  if (PER_ELEMENT.has(n.opType)) return out ? product(out) : 0;
  const perInput = PER_INPUT_ELEMENT[n.opType];
  if (perInput !== undefined) return a ? perInput * product(a) : 0;
  return 0;
}

/** Total estimated FLOPs of a graph, subgraphs included (each If branch counted once). */
export function graphFlops(g: Graph, types: Types): number {
  let total = 0;
  for (const n of g.nodes) {
    total += nodeFlops(n, types);
    for (const sub of subgraphsOf(n)) total += graphFlops(sub, types);
  }
  return total;
}

export function isStatic(shape: Shape | undefined): shape is readonly number[] {
  return !!shape && shape.every((d) => typeof d === 'number');
}
