// The planner on real graphs: every bundled model and every light CNN, each node taken as a
// kernel in topological order (whether or not the backend has its kernel yet), with the
// elementwise ones offered in place. Goal from the design: peak within 10% of the lower bound.
// (The plans the compiler really makes, under every pipeline, are checked in pipelines-matrix.test.ts.)
import { describe, expect, it } from 'vitest';
import { dtypeSize } from '../ir/dtype.ts';
import { runtimeInputs } from '../ir/graph.ts';
import { numElements } from '../ir/tensor.ts';
import type { Model } from '../ir/types.ts';
import { bundledModels, lightModels, loadModel } from '../test-support/models.ts';
import { analyzeModel } from './analyze.ts';
import { planMemory, type MemoryProblem } from './plan-memory.ts';

const ELEMENTWISE = new Set(['Add', 'Sub', 'Mul', 'Div', 'Relu', 'Sigmoid', 'Tanh', 'Clip', 'HardSigmoid', 'Erf', 'Sqrt', 'Exp', 'Neg', 'Pow', 'BatchNormalization']);

function memoryProblem(model: Model, inputShapes: Record<string, readonly number[]>): MemoryProblem {
  const facts = analyzeModel(model, inputShapes);
  const nodes = facts.order.filter((n) => n.opType !== 'Constant' && !facts.folded.has(n.id));
  const bytes = (v: string) => {
    const dims = facts.staticDims(v);
    const dtype = facts.dtypeOf(v);
    return dims && dtype ? numElements(dims) * Math.max(1, dtypeSize(dtype)) : 0;
  };
  return {
    inputs: runtimeInputs(model.graph).map((v) => v.name),
    kernels: nodes.map((n) => {
      const inputs = n.inputs.filter((i) => i !== '');
      const outputs = n.outputs.filter((o) => o !== '');
      const inPlace = ELEMENTWISE.has(n.opType) ? inputs.map((input) => ({ input, output: outputs[0]! })) : [];
      return { inputs, outputs, inPlace };
    }),
    outputs: model.graph.outputs.map((o) => o.name),
    bytes,
    isWeight: (v) => facts.constants.has(v),
    alignment: 256,
  };
}

const cases = [
  ...bundledModels().map((c) => ({ id: c.id, path: c.path, shapes: Object.fromEntries((c.entry?.inputs ?? []).map((i) => [i.name, i.shape])) })),
  ...lightModels().map((c) => ({ id: c.id, path: c.path, shapes: {} })),
];

describe('planMemory on real graphs', () => {
  it.each(cases)('$id: peak within 10% of the lower bound', ({ path, shapes }) => {
    const plan = planMemory(memoryProblem(loadModel(path), shapes));
    expect(plan.lowerBoundBytes).toBeGreaterThan(0);
    expect(plan.peakActivationBytes).toBeGreaterThanOrEqual(plan.lowerBoundBytes);
    expect(plan.peakActivationBytes / plan.lowerBoundBytes).toBeLessThanOrEqual(1.1);
  });
});
