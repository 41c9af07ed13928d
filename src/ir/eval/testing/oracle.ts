// Test support: runs one node both in the CPU evaluator and in onnxruntime-node (the oracle) and
// compares. Node-only (it loads onnxruntime-node); imported by tests, never by the app.
import { expect } from 'vitest';
import { GraphBuilder, makeModel, type AttrInput } from '../../builder.ts';
import type { DType } from '../../dtype.ts';
import { exportModel } from '../../onnx/export.ts';
import { isFloatDType } from '../../dtype.ts';
import { tensorFromNumbers, numElements } from '../../tensor.ts';
import type { Tensor } from '../../types.ts';
import { runOrt } from '../../../reference/ort-node.ts';
import { compareTensors } from '../../../reference/compare.ts';
import { seededRandom } from '../../../reference/random-inputs.ts';
import { evaluateNode } from '../evaluate.ts';

export interface OneNodeCase {
  readonly op: string;
  /** Inputs in order; undefined leaves an optional input out. */
  readonly inputs: readonly (Tensor | undefined)[];
  readonly attrs?: Record<string, AttrInput | undefined>;
  readonly outputs?: number;
  readonly opset?: number;
  /** Largest relative L2 error accepted for float outputs; other dtypes must match exactly. */
  readonly relL2?: number;
}

/** Seeded tensors for test inputs: floats in [lo, hi), integers rounded from the same range. */
export function randomTensor(name: string, dtype: DType, dims: readonly number[], seed: number, lo = -2, hi = 2): Tensor {
  const rand = seededRandom(seed);
  const n = numElements(dims);
  const values = Array.from({ length: n }, () => lo + (hi - lo) * rand());
  const ints = dtype !== 'bool' && !isFloatDType(dtype);
  return tensorFromNumbers(name, dtype, dims, dtype === 'bool' ? values.map((v) => (v > (lo + hi) / 2 ? 1 : 0)) : ints ? values.map(Math.round) : values);
}

export const ints64 = (name: string, values: readonly number[], dims: readonly number[] = [values.length]) => tensorFromNumbers(name, 'int64', dims, values);

/** Evaluates the case both ways and asserts the results agree; returns Kiln's outputs. */
export async function expectMatchesOrt(c: OneNodeCase): Promise<Tensor[]> {
  const opset = c.opset ?? 17;
  const b = new GraphBuilder('one_node');
  for (const t of c.inputs) if (t) b.input(t.name, t.dtype, t.dims);
  const outputs = Array.from({ length: c.outputs ?? 1 }, (_, k) => `out${k}`);
  b.node(c.op, c.inputs.map((t) => t?.name ?? ''), { name: 'node', attrs: c.attrs, outputs });
  for (const o of outputs) b.output(o);
  const model = makeModel(b.build(), { opsetImports: [{ domain: '', version: opset }] });
  const node = model.graph.nodes[0]!;
  const got = evaluateNode(node, c.inputs, opset);
  const feeds = c.inputs.filter((t): t is Tensor => t !== undefined);
  const want = await runOrt(exportModel(model), feeds, { graphOptimizationLevel: 'disabled' });
  expect(got.length).toBeGreaterThanOrEqual(want.length);
  want.forEach((w, k) => {
    const g = got[k]!;
    expect(g.dims, `dims of ${w.name}`).toEqual(w.dims);
    expect(g.dtype, `dtype of ${w.name}`).toBe(w.dtype);
    if (isFloatDType(w.dtype) && c.relL2 !== 0) {
      const cmp = compareTensors(g, w);
      expect(cmp.relL2, `relative L2 error of ${w.name}`).toBeLessThanOrEqual(c.relL2 ?? 1e-6);
    } else {
      expect(bytesOf(g), `bytes of ${w.name}`).toEqual(bytesOf(w));
    }
  });
  return got;
}

function bytesOf(t: Tensor): number[] {
  if (t.data.kind !== 'raw') throw new Error(`tensor '${t.name}' is not numeric`);
  return Array.from(t.data.bytes);
}
