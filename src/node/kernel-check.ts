// Checks Kiln's WebGPU kernels against onnxruntime in Node: build a one-node model, feed both the
// same seeded inputs, compare outputs. The tests of src/webgpu-backend are written with it.
import type { AttrInput } from '../ir/builder.ts';
import type { DType } from '../ir/dtype.ts';
import { GraphBuilder, makeModel } from '../ir/builder.ts';
import { exportModel } from '../ir/onnx/export.ts';
import { numElements, tensorFromNumbers } from '../ir/tensor.ts';
import type { Model, Tensor } from '../ir/types.ts';
import { compareOutputs, type Comparison } from '../reference/compare.ts';
import { runOrt } from '../reference/ort-node.ts';
import { seededRandom } from '../reference/random-inputs.ts';
import { compileModel, type AdapterOverrides, type CompiledModel, type RunResult } from '../webgpu-backend/compile.ts';
import { createNodeGpu } from './dawn.ts';

export interface OperandSpec {
  readonly dims: readonly number[];
  /** Becomes an initializer (a weight buffer) instead of a graph input. */
  readonly constant?: boolean;
  /** Values fixed by the test (e.g. int64 shapes); default: seeded uniform in [lo, hi). */
  readonly values?: readonly number[];
  readonly dtype?: DType;
}

export interface OneNodeModel {
  readonly model: Model;
  /** Tensors for the graph inputs, in order. */
  readonly inputs: Tensor[];
}

/**
 * A model of one node reading the given operands ('' leaves an optional input out), with one
 * float32 output 'out' unless `outputs` lists the dtypes of several ('out0', 'out1', ...).
 */
export function oneNodeModel(
  opType: string,
  operands: readonly (OperandSpec | '')[],
  attrs: Record<string, AttrInput | undefined> = {},
  seed = 1,
  range: readonly [number, number] = [-1, 1],
  outputs: readonly DType[] = ['float32'],
): OneNodeModel {
  const rand = seededRandom(seed);
  const b = new GraphBuilder('check');
  const inputs: Tensor[] = [];
  const names = operands.map((spec, i) => {
    if (spec === '') return '';
    const name = `in${i}`;
    const dtype = spec.dtype ?? 'float32';
    const values = spec.values ?? Array.from({ length: numElements(spec.dims) }, () => range[0] + (range[1] - range[0]) * rand());
    const tensor = tensorFromNumbers(name, dtype, spec.dims, values);
    if (spec.constant) return b.initializer(tensor);
    inputs.push(tensor);
    return b.input(name, dtype, spec.dims);
  });
  const outNames = outputs.length === 1 ? ['out'] : outputs.map((_, k) => `out${k}`);
  b.node(opType, names, { name: `${opType.toLowerCase()}0`, attrs, outputs: outNames });
  outNames.forEach((name, k) => b.output(name, outputs[k]!));
  return { model: makeModel(b.build()), inputs };
}

export interface GpuCheck {
  readonly compiled: CompiledModel;
  readonly result: RunResult;
  readonly expected: Tensor[];
  /** One per output: Kiln's WebGPU result against onnxruntime's. */
  readonly comparisons: Comparison[];
}

export interface CheckOptions {
  /** Forces kernel variants or features ('gpu' runs the shared-memory variants on SwiftShader too). */
  readonly adapter?: AdapterOverrides;
}

/** Compiles the model on Dawn, runs it and onnxruntime (graph optimizations off) on the inputs. */
export async function checkOnGpu(model: Model, inputs: readonly Tensor[], options: CheckOptions = {}): Promise<GpuCheck> {
  const { device, wgslLanguageFeatures } = await createNodeGpu();
  const inputShapes = Object.fromEntries(inputs.map((t) => [t.name, t.dims]));
  const compiled = await compileModel(device, model, { inputShapes, wgslLanguageFeatures, ...(options.adapter ? { adapter: options.adapter } : {}) });
  const result = await compiled.run(inputs);
  const expected = await runOrt(exportModel(model), inputs, { graphOptimizationLevel: 'disabled' });
  const comparisons = compareOutputs(result.outputs, expected);
  return { compiled, result, expected, comparisons };
}
