// Import -> export must give a model onnxruntime runs to the very same bits as the original.
import { describe, expect, it } from 'vitest';
import { exportModel } from './export.ts';
import { importModel } from './import.ts';
import { runOrt } from '../../reference/ort-node.ts';
import { randomInputs } from '../../reference/random-inputs.ts';
import { bundledModels, lightModels, readBytes } from '../../test-support/models.ts';

const cases = [...bundledModels(), ...lightModels()];

describe('ONNX import/export round trip', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s runs bit for bit like the original in onnxruntime', async (_id, c) => {
    const original = readBytes(c.path);
    const model = importModel(original);
    const exported = exportModel(model);
    const inputs = randomInputs(model.graph, { seed: 7, inputs: c.entry?.inputs });
    const options = { graphOptimizationLevel: 'disabled' as const };
    const [want, got] = [await runOrt(original, inputs, options), await runOrt(exported, inputs, options)];
    expect(got.length).toBe(want.length);
    for (let i = 0; i < want.length; i++) {
      expect(got[i]!.dims).toEqual(want[i]!.dims);
      expect(got[i]!.dtype).toBe(want[i]!.dtype);
      const [a, b] = [got[i]!.data, want[i]!.data];
      if (a.kind !== 'raw' || b.kind !== 'raw') throw new Error('numeric outputs expected');
      expect(Buffer.compare(a.bytes, b.bytes), `output ${want[i]!.name} differs`).toBe(0);
    }
  });

  it('keeps weights as views into the loaded bytes (no copy)', () => {
    const bytes = readBytes(bundledModels().find((c) => c.id === 'mlp')!.path);
    const model = importModel(bytes);
    const w = model.graph.initializers.find((t) => t.name === 'fc1.weight')!;
    expect(w.data.kind).toBe('raw');
    if (w.data.kind === 'raw') expect(w.data.bytes.buffer).toBe(bytes.buffer);
  });
});
