// print -> parse gives back the same model, for every bundled model, the light CNNs and ONNX
// backend test models with subgraphs, sequences, optionals and unusual dtypes; printing the parsed
// model gives the same text again. What the comparison leaves out is listed in model-structure.ts.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { numElements } from '../tensor.ts';
import { bundledModels, lightModels, loadModel, repoRoot, type ModelCase } from '../../test-support/models.ts';
import { modelStructure } from './model-structure.ts';
import { parseModel } from './parse.ts';
import { printModel } from './print.ts';
import { collectWeights, listWeights } from './weights.ts';

const textDir = `${repoRoot}test-data/text/`;
const backendCases: ModelCase[] = readdirSync(textDir)
  .filter((f) => f.endsWith('.onnx'))
  .sort()
  .map((f) => ({ id: f.replace(/\.onnx$/, ''), path: textDir + f }));

const cases = [...bundledModels(), ...lightModels(), ...backendCases].map((c) => [c.id, c] as const);

/** Printing every weight inline is ~1 µs per value each way; larger models are covered by the elided runs. */
const INLINE_VALUE_LIMIT = 600_000;

describe('ONNX text round trip', () => {
  it.each(cases)('%s: parse(print(m)) has the structure of m, and prints to the same text', (_id, c) => {
    const model = loadModel(c.path);
    const text = printModel(model);
    const parsed = parseModel(text, { weights: collectWeights(model) });
    expect(modelStructure(parsed)).toEqual(modelStructure(model));
    expect(printModel(parsed)).toBe(text);
  });

  it.each(cases)('%s: every initializer elided, resolved from the weights map', (_id, c) => {
    const model = loadModel(c.path);
    const text = printModel(model, { weights: 'elide' });
    expect(text).not.toMatch(/= \{/); // no initializer was inlined
    const parsed = parseModel(text, { weights: collectWeights(model) });
    expect(modelStructure(parsed)).toEqual(modelStructure(model));
  });

  const small = cases.filter(([, c]) => {
    const values = listWeights(loadModel(c.path)).reduce((n, w) => n + numElements(w.tensor.dims), 0);
    return values <= INLINE_VALUE_LIMIT;
  });
  it.each(small)('%s: every weight inline parses back to the same bytes without a weights map', (_id, c) => {
    const model = loadModel(c.path);
    const parsed = parseModel(printModel(model, { weights: 'inline' }));
    expect(modelStructure(parsed)).toEqual(modelStructure(model));
  });

  it('gives nodes the ids importModel gives them, duplicates and unnamed nodes included', () => {
    const model = loadModel(bundledModels().find((c) => c.id === 'paddleocr-det')!.path);
    const parsed = parseModel(printModel(model), { weights: collectWeights(model) });
    expect(parsed.graph.nodes.map((n) => n.id)).toEqual(model.graph.nodes.map((n) => n.id));
    expect(model.graph.nodes.some((n) => !n.name)).toBe(true);
  });

  it('reuses the caller\'s weight tensors instead of copying them', () => {
    const model = loadModel(bundledModels().find((c) => c.id === 'mlp')!.path);
    const parsed = parseModel(printModel(model, { weights: 'elide' }), { weights: collectWeights(model) });
    parsed.graph.initializers.forEach((t, i) => expect(t).toBe(model.graph.initializers[i]));
  });

  it('keeps weights apart that share a name in different subgraphs (silero-vad)', () => {
    const model = loadModel(bundledModels().find((c) => c.id === 'silero-vad')!.path);
    const text = printModel(model);
    expect(text).toContain('... "stft.forward_basis_buffer#1"');
    const parsed = parseModel(text, { weights: collectWeights(model) });
    expect(modelStructure(parsed)).toEqual(modelStructure(model));
  });
});
