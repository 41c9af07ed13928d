// Inferred shapes against onnxruntime: every value the top-level graph computes is made a graph
// output (left untyped, so the runtime decides its type on its own), the model runs with seeded
// random inputs and graph optimization disabled, and each value's dims and dtype must equal the
// inferred ones exactly.
import ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { exportModel } from '../onnx/export.ts';
import type { Model } from '../types.ts';
import { createOrtSession } from '../../reference/ort-node.ts';
import { toOrtTensor, type OrtTensorConstructor } from '../../reference/ort-tensor.ts';
import { randomInputs } from '../../reference/random-inputs.ts';
import { bundledModels, lightModels, loadModel } from '../../test-support/models.ts';
import { formatShape } from './dims.ts';
import { inferShapes } from './infer-shapes.ts';
import { manifestOptions, producedValues } from './testing/model-cases.ts';
import { formatType } from './testing/ort-types.ts';

/** Values fetched per run: bounds memory on the larger CNNs (each run recomputes the model). */
const FETCH_CHUNK = 200;

function withEveryValueAsOutput(model: Model, names: readonly string[]): Model {
  const existing = new Set(model.graph.outputs.map((o) => o.name));
  const added = names.filter((n) => !existing.has(n)).map((name) => ({ name }));
  return { ...model, graph: { ...model.graph, outputs: [...model.graph.outputs, ...added] } };
}

const cases = [...bundledModels(), ...lightModels()];

describe('shape inference agrees with onnxruntime', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s: every value has the dims and dtype onnxruntime computes', async (_id, c) => {
    const model = loadModel(c.path);
    const { types, diagnostics } = inferShapes(model, manifestOptions(model, c.entry));
    expect(diagnostics).toEqual([]);
    const names = producedValues(model.graph);
    const session = await createOrtSession(exportModel(withEveryValueAsOutput(model, names)), { graphOptimizationLevel: 'disabled' });
    const feeds: Record<string, ort.Tensor> = {};
    for (const t of randomInputs(model.graph, { seed: 3, inputs: c.entry?.inputs })) {
      feeds[t.name] = toOrtTensor(ort.Tensor as unknown as OrtTensorConstructor, t) as ort.Tensor;
    }
    const mismatches: string[] = [];
    try {
      for (let i = 0; i < names.length; i += FETCH_CHUNK) {
        const chunk = names.slice(i, i + FETCH_CHUNK);
        const result = await session.run(feeds, chunk);
        for (const name of chunk) {
          const actual = result[name]!;
          const want = `${actual.type}${formatShape(actual.dims.map(Number))}`;
          const got = formatType(types.get(name));
          if (got !== want) mismatches.push(`${name}: inferred ${got}, onnxruntime ${want}`);
          actual.dispose();
        }
      }
    } finally {
      await session.release();
    }
    expect(mismatches).toEqual([]);
    expect(names.length).toBeGreaterThan(0);
  });
});
