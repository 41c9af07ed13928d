// HannWindow, HammingWindow and BlackmanWindow against onnxruntime: periodic and symmetric, short
// and long windows, the size fed at run time with the output's length declared by the model.
// Tolerance: every element within 1e-6 absolute (f32 cosines of angles reduced as n/N first).
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../../ir/builder.ts';
import { tensorFromNumbers } from '../../../ir/tensor.ts';
import { checkOnGpu } from '../../../node/kernel-check.ts';

async function expectWindow(op: string, size: number, periodic: number): Promise<void> {
  const b = new GraphBuilder('window');
  b.input('size', 'int64', []);
  b.node(op, ['size'], { name: 'window0', outputs: ['out'], attrs: { periodic } });
  b.output('out', 'float32', [size]);
  const model = makeModel(b.build(), { opsetImports: [{ domain: '', version: 17 }] });
  const check = await checkOnGpu(model, [tensorFromNumbers('size', 'int64', [], [size])]);
  check.compiled.destroy();
  expect(check.compiled.plan.kernels[0]!.variant).toBe(`${op.replace('Window', '').toLowerCase()}-window`);
  expect(check.comparisons[0]!.problem).toBeUndefined();
  expect(check.comparisons[0]!.maxAbsError).toBeLessThanOrEqual(1e-6);
}

describe('window ops match onnxruntime (|error| <= 1e-6)', () => {
  it.each(['HannWindow', 'HammingWindow', 'BlackmanWindow'].flatMap((op) => [[op, 10, 1], [op, 10, 0], [op, 1023, 1], [op, 3, 0]] as const))('%s size %i periodic %i', (op, size, periodic) =>
    expectWindow(op, size, periodic),
  );
});
