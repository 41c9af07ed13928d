// The committed builder-made models are exactly what the builder produces today, and every model
// in the manifest is present, loads, and runs in onnxruntime at its manifest input shapes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runtimeInputs } from '../ir/graph.ts';
import { runOrt } from '../reference/ort-node.ts';
import { randomInputs } from '../reference/random-inputs.ts';
import { bundledModels, loadModel, manifest, modelsDir, readBytes } from '../test-support/models.ts';
import { buildBundledModels } from './build.ts';

describe('bundled models', () => {
  it.each(buildBundledModels().map((m) => [m.file, m.bytes] as const))('%s is reproduced byte for byte by npm run build:models', (file, bytes) => {
    expect(Buffer.compare(Buffer.from(bytes), readFileSync(modelsDir + file))).toBe(0);
  });

  it('the manifest default is a bundled model', () => {
    expect(manifest.models.map((m) => m.id)).toContain(manifest.default);
  });

  it.each(bundledModels().map((c) => [c.id, c] as const))('%s: manifest inputs match the model and it runs', async (_id, c) => {
    const model = loadModel(c.path);
    expect(c.entry!.inputs.map((i) => i.name)).toEqual(runtimeInputs(model.graph).map((v) => v.name));
    const inputs = randomInputs(model.graph, { seed: 1, inputs: c.entry!.inputs });
    const outputs = await runOrt(readBytes(c.path), inputs);
    expect(outputs).toHaveLength(model.graph.outputs.length);
  });
});
