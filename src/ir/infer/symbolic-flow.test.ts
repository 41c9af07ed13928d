// Symbolic dims flow through the bundled models, and with static input shapes every value of every
// model is fully known. PaddleOCR det must infer quickly: the app re-infers on every step.
import { describe, expect, it } from 'vitest';
import { attrGraph } from '../attributes.ts';
import { tensorFromNumbers } from '../tensor.ts';
import type { Shape, ValueType } from '../types.ts';
import { bundledModels, lightModels, loadModel } from '../../test-support/models.ts';
import { inferShapes } from './infer-shapes.ts';
import { allProducedValues, isFullyStatic, manifestOptions } from './testing/model-cases.ts';

const bundled = (id: string) => bundledModels().find((c) => c.id === id)!;
const shapeOf = (types: ReadonlyMap<string, ValueType>, name: string): Shape | undefined => {
  const t = types.get(name);
  return t?.kind === 'tensor' ? t.shape : undefined;
};

describe('symbolic dims', () => {
  it('mlp keeps its symbolic batch from input to output', () => {
    const model = loadModel(bundled('mlp').path);
    expect(model.graph.inputs[0]!.type).toMatchObject({ shape: ['batch', 784] });
    const { types, diagnostics } = inferShapes(model);
    expect(diagnostics).toEqual([]);
    expect(shapeOf(types, 'logits')).toEqual(['batch', 10]);
    // Every value computed from x (not the weights' own transposes) has the batch axis first.
    const fromInput = new Set(['x']);
    for (const n of model.graph.nodes) if (n.inputs.some((i) => fromInput.has(i))) n.outputs.forEach((o) => fromInput.add(o));
    expect(fromInput.size).toBeGreaterThan(5);
    for (const name of fromInput) expect(shapeOf(types, name)?.[0], name).toBe('batch');
  });

  it('transformer keeps batch through the Reshapes to computed shapes', () => {
    const model = loadModel(bundled('transformer').path);
    const { types, diagnostics } = inferShapes(model, { inputShapes: { tokens: ['batch', 16, 64] } });
    expect(diagnostics).toEqual([]);
    const computed = model.graph.nodes.filter((n) => n.opType === 'Reshape' && model.graph.nodes.some((p) => p.opType === 'Concat' && p.outputs[0] === n.inputs[1]));
    expect(computed.length).toBe(3);
    for (const n of computed) expect(shapeOf(types, n.outputs[0]!), n.id).toEqual(['batch', 16, 4, 16]);
    expect(shapeOf(types, model.graph.outputs[0]!.name)).toEqual(['batch', 16, 64]);
  });

  it('paddleocr-det infers its dynamic input without errors', () => {
    const model = loadModel(bundled('paddleocr-det').path);
    const { types, diagnostics } = inferShapes(model);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const out = shapeOf(types, model.graph.outputs[0]!.name);
    expect(out?.length).toBe(4);
    expect(out?.[1]).toBe(1);
  });
});

describe('static input shapes make every value known', () => {
  const cases = [...bundledModels().filter((c) => c.id !== 'silero-vad'), ...lightModels()];
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const model = loadModel(c.path);
    const { types, diagnostics } = inferShapes(model, manifestOptions(model, c.entry));
    expect(diagnostics).toEqual([]);
    expect(allProducedValues(model.graph).filter((n) => !isFullyStatic(types.get(n)))).toEqual([]);
  });

  // Silero's If picks a 16 kHz or an 8 kHz branch by the sample rate. Each branch is fully known
  // when it runs; the 8 kHz branch fed 16 kHz-sized input (512 samples) is invalid from its
  // Squeeze on (a time axis of 2 cannot be squeezed), so there only the 16 kHz branch must resolve.
  const silero = bundled('silero-vad');
  const model = loadModel(silero.path);
  const ifNode = model.graph.nodes.find((n) => n.opType === 'If')!;
  const branch = (name: string) => allProducedValues(attrGraph(ifNode, name)!);
  const infer = (sr: number, samples: number) =>
    inferShapes(model, { inputShapes: { input: [1, samples], state: [2, 1, 128] }, inputValues: { sr: tensorFromNumbers('sr', 'int64', [], [sr]) } });

  it('silero-vad at 16 kHz (the manifest inputs): top level and the 16 kHz branch', () => {
    const { types, diagnostics } = inferShapes(model, manifestOptions(model, silero.entry));
    expect(diagnostics).toEqual([]);
    const topLevel = model.graph.nodes.flatMap((n) => n.outputs);
    expect([...topLevel, ...branch('then_branch')].filter((n) => !isFullyStatic(types.get(n)))).toEqual([]);
    expect(shapeOf(types, 'output')).toEqual([1, 1]);
    expect(shapeOf(types, 'stateN')).toEqual([2, 1, 128]);
  });

  it('silero-vad with an unknown sample rate: both branches inferred, problems only as warnings', () => {
    const { types, diagnostics } = inferShapes(model, { inputShapes: { input: [1, 512], state: [2, 1, 128] } });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(diagnostics.every((d) => d.nodeId?.startsWith('If_0_else_branch'))).toBe(true);
    expect(branch('then_branch').filter((n) => !isFullyStatic(types.get(n)))).toEqual([]);
    expect(shapeOf(types, 'output')?.[1]).toBe(1);
  });

  it('silero-vad at 8 kHz (256 samples): every value in both branches', () => {
    const { types, diagnostics } = infer(8000, 256);
    expect(diagnostics).toEqual([]);
    expect(allProducedValues(model.graph).filter((n) => !isFullyStatic(types.get(n)))).toEqual([]);
  });
});

