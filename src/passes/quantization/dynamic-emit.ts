// The nodes quantize-dynamic writes for one float op, in the form onnxruntime's quantize_dynamic
// produces (its graph optimizer fuses them into DynamicQuantizeMatMul / MatMulIntegerToFloat at
// the 'extended' level), or straight as com.microsoft DynamicQuantizeMatMul when asked.
import { attrFloat, attrInt } from '../../ir/attributes.ts';
import { dtypeCode } from '../../ir/dtype.ts';
import type { GraphEditor } from '../../ir/edit.ts';
import { numElements, tensorFromNumbers, tensorToNumbers } from '../../ir/tensor.ts';
import type { Node, Tensor } from '../../ir/types.ts';
import type { ValueNames } from '../rewrite/builder.ts';
import { int8Tensor, quantizeWeightPerChannel, scalarTensor, transposeInt8 } from './quant-params.ts';

export type DynamicKind = 'MatMul' | 'Gemm' | 'Conv';

export interface DynamicTarget {
  readonly node: Node;
  readonly kind: DynamicKind;
  /** The float activation input. */
  readonly x: string;
  readonly weight: Tensor;
  /** Gemm: the bias C (any value); Conv: the constant bias B. */
  readonly bias?: string;
  readonly biasTensor?: Tensor;
}

export interface Emitted {
  /** The new int8 weight with its scales and zero point. */
  readonly weightTensors: readonly Tensor[];
  readonly channels: number;
}

export interface EmitContext {
  /** The graph of the op: new nodes go here. */
  readonly editor: GraphEditor;
  /**
   * Adds an initializer made from constant `source` to the graph that holds it (for an op inside a
   * body, maybe an enclosing graph); without a source, to the op's graph.
   */
  readonly store: (t: Tensor, source?: string) => void;
  readonly names: ValueNames;
  /** The shared DynamicQuantizeLinear outputs [x_q, x_scale, x_zero_point] of an activation. */
  readonly quantizedInput: (x: string, by: Node) => readonly [string, string, string];
  readonly contrib: boolean;
}

function add(c: EmitContext, n: Node, opType: string, inputs: string[], stem: string, output?: string, attributes: Node['attributes'] = [], domain = ''): string {
  const out = output ?? c.names.fresh(`${n.outputs[0]}/${stem}`);
  c.editor.insertNode({ opType, domain, inputs, outputs: [out], attributes, id: `${n.id}/${opType}`, provenance: [n.id] });
  return out;
}

function initializer(c: EmitContext, t: Tensor, stem: string, source?: string): string {
  const name = c.names.fresh(stem);
  c.store({ ...t, name }, source);
  return name;
}

/** Rewrites one MatMul, Gemm or Conv; the last node writes the original output name. */
export function emitDynamic(c: EmitContext, t: DynamicTarget): Emitted {
  const { node: n, weight: w } = t;
  const transB = t.kind === 'Gemm' && attrInt(n, 'transB', 0) === 1;
  const axis = t.kind === 'Conv' || transB ? 0 : 1;
  const q = quantizeWeightPerChannel(w, axis);
  const channels = w.dims[axis]!;
  // MatMulInteger wants B as [K, N]: a Gemm's transposed B is stored transposed back.
  const dims = transB ? [w.dims[1]!, w.dims[0]!] : w.dims;
  const values = transB ? transposeInt8(q.values, w.dims[0]!, w.dims[1]!) : q.values;
  const alpha = t.kind === 'Gemm' ? attrFloat(n, 'alpha', 1) : 1;
  const scaleDims = t.kind === 'Conv' ? [channels, ...w.dims.slice(2).map(() => 1)] : [channels];
  const weightTensors = [
    int8Tensor(c.names.fresh(`${w.name}_quantized`), dims, values),
    tensorFromNumbers(c.names.fresh(`${w.name}_scale`), 'float32', scaleDims, Array.from(q.scales, (s) => s * alpha)),
    scalarTensor(c.names.fresh(`${w.name}_zero_point`), 'int8', 0),
  ];
  for (const t of weightTensors) c.store(t, w.name);
  const [wq, ws, wz] = weightTensors.map((t) => t.name) as [string, string, string];
  const out = n.outputs[0]!;
  const beta = t.kind === 'Gemm' ? attrFloat(n, 'beta', 1) : 1;
  const bias = biasInput(c, t, beta);

  if (c.contrib && t.kind !== 'Conv') {
    // DynamicQuantizeMatMul's bias is added as is: a 1-D bias of N goes in, anything else after.
    const inline = bias && t.biasTensor?.dims.length === 1 && beta === 1;
    const y = add(c, n, 'DynamicQuantizeMatMul', [t.x, wq, ws, wz, ...(inline ? [bias] : [])], 'dqmm', bias && !inline ? undefined : out, [], 'com.microsoft');
    if (bias && !inline) add(c, n, 'Add', [y, bias], 'bias', out);
    return { weightTensors, channels };
  }
  const [xq, xs, xz] = c.quantizedInput(t.x, n);
  const integer = t.kind === 'Conv'
    ? add(c, n, 'ConvInteger', [xq, wq, xz, wz], 'int32', undefined, n.attributes)
    : add(c, n, 'MatMulInteger', [xq, wq, xz, wz], 'int32');
  const asFloat = add(c, n, 'Cast', [integer], 'float', undefined, [{ name: 'to', type: 'int', value: dtypeCode('float32') }]);
  const scale = add(c, n, 'Mul', [xs, ws], 'scale');
  const y = add(c, n, 'Mul', [asFloat, scale], 'scaled', bias ? undefined : out);
  if (bias) add(c, n, 'Add', [y, bias], 'bias', out);
  return { weightTensors, channels };
}

/** The value to add after the integer product: Conv's bias shaped [M,1,1], Gemm's C times beta. */
function biasInput(c: EmitContext, t: DynamicTarget, beta: number): string | undefined {
  if (!t.bias) return undefined;
  const b = t.biasTensor;
  if (t.kind === 'Conv') {
    const rank = t.weight.dims.length;
    return initializer(c, tensorFromNumbers('', 'float32', [numElements(b!.dims), ...Array(rank - 2).fill(1)], tensorToNumbers(b!)), `${t.bias}_reshaped`, t.bias);
  }
  if (beta === 1) return t.bias;
  if (b) return initializer(c, tensorFromNumbers('', 'float32', b.dims, Array.from(tensorToNumbers(b), (v) => v * beta)), `${t.bias}_beta`, t.bias);
  const k = initializer(c, scalarTensor('', 'float32', beta), `${t.node.id}/beta`);
  return add(c, t.node, 'Mul', [t.bias, k], 'beta_c');
}
