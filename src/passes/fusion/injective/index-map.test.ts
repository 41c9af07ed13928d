// Index maps: the text reads back as itself, bad text is refused with its reason, steps simplify
// to fewer, and the views give every element the steps themselves give (checked element by element
// against moving a tensor one step at a time with the CPU evaluator's own Transpose/Reshape/...).
import { describe, expect, it } from 'vitest';
import { evaluateNode } from '../../../ir/eval/evaluate.ts';
import { tensorFromNumbers, tensorToNumbers } from '../../../ir/tensor.ts';
import type { Tensor } from '../../../ir/types.ts';
import { dimsChain, parseIndexMap, printIndexMap, simplifySteps, type Step } from './steps.ts';
import { applySteps, indexViews } from './views.ts';

const iota = (dims: number[]): Tensor => tensorFromNumbers('x', 'float32', dims, Array.from({ length: dims.reduce((a, b) => a * b, 1) }, (_, i) => i));
const int64 = (v: readonly number[]) => tensorFromNumbers('p', 'int64', [v.length], v);

/** One step as the ONNX op it stands for, run by the IR's CPU evaluator (opset 18). */
function onnxStep(t: Tensor, s: Step): Tensor {
  const node = (opType: string, attributes: { name: string; type: 'ints'; value: number[] }[] = []) => ({ id: 's', name: 's', opType, domain: '', inputs: ['x', 'p', 'q', 'r', 'w'], outputs: ['y'], attributes });
  if (s.kind === 'transpose') return evaluateNode({ ...node('Transpose', [{ name: 'perm', type: 'ints', value: [...s.perm] }]), inputs: ['x'] }, [t], 18)[0]!;
  if (s.kind === 'reshape') return evaluateNode({ ...node('Reshape'), inputs: ['x', 'p'] }, [t, int64(s.dims)], 18)[0]!;
  if (s.kind === 'expand') return evaluateNode({ ...node('Expand'), inputs: ['x', 'p'] }, [t, int64(s.dims)], 18)[0]!;
  const ends = s.starts.map((f, a) => (f + s.dims[a]! * s.steps[a]! < 0 ? -1e9 : f + s.dims[a]! * s.steps[a]!));
  return evaluateNode(node('Slice'), [t, int64(s.starts), int64(ends), int64(s.starts.map((_, a) => a)), int64(s.steps)], 18)[0]!;
}

describe('index map text', () => {
  const cases: [number[], string][] = [
    [[2, 3, 4], 'transpose(2,0,1)'],
    [[2, 6, 4], 'transpose(0,2,1) of reshape(2,4,6) of transpose(0,3,1,2) of reshape(2,2,3,4)'],
    [[5, 11], 'slice(4::-2, 1:8:3)'],
    [[4, 10], 'slice(1:3, 9:0:-2)'],
    [[4], 'transpose(2,0,1) of expand(2,3,4)'],
    [[1, 6], 'slice(:, 0:0)'],
    [[2, 2], ''],
  ];
  it.each(cases)('%j: %s reads back as itself', (dims, text) => {
    expect(printIndexMap(parseIndexMap(text, dims), dims)).toBe(text);
  });

  it.each([
    ['transpose(0,0)', [2, 2], 'index map: transpose(0,0) is no permutation of 2 dims'],
    ['reshape(5)', [2, 2], 'index map: reshape(5) of [2,2] changes the element count'],
    ['expand(3,2)', [4], 'index map: [4] does not broadcast to expand(3,2)'],
    ['slice(:)', [2, 2], "index map: 'slice(:)' slices 1 axes of a rank-2 tensor"],
    ['rotate(1)', [2], "index map: cannot read 'rotate(1)' in \"rotate(1)\""],
  ] as const)('refuses %s', (text, dims, message) => {
    expect(() => parseIndexMap(text, dims)).toThrow(message);
  });
});

describe('simplifySteps', () => {
  it.each([
    [[4, 6], 'reshape(6,4) of transpose(2,1,0) of reshape(4,1,6)', 'transpose(1,0)'],
    [[2, 3, 4], 'transpose(1,0,2) of transpose(1,0,2)', ''],
    [[2, 3, 4], 'reshape(6,4) of reshape(24) of reshape(4,6)', 'reshape(6,4)'],
    [[2, 3], 'expand(2,3) of slice(:, :)', ''],
    // One step is never replaced by three.
    [[1, 3, 4], 'transpose(0,2,1)', 'transpose(0,2,1)'],
  ] as const)('%j: %s → %s', (dims, text, want) => {
    expect(printIndexMap(simplifySteps(parseIndexMap(text, dims), dims), dims)).toBe(want);
  });
});

describe('indexViews', () => {
  it('needs no view for a plain read or a reshape of one', () => {
    expect(indexViews([2, 3, 4], [2, 3, 4], [])).toEqual([]);
    expect(indexViews([2, 12], [2, 3, 4], [{ kind: 'reshape', dims: [2, 12] }])).toEqual([]);
  });

  it('reads a per-channel bias moved by a transpose through one dim: (index / 20) % 3', () => {
    expect(indexViews([1, 3, 4, 5], [3], parseIndexMap('transpose(0,3,1,2) of expand(1,4,5,3)', [3]))).toEqual([{ shape: [3, 20], strides: [1, 0], offset: 0 }]);
  });

  it('folds a map that reads one element whatever the index', () => {
    expect(indexViews([4, 3], [5, 1], parseIndexMap('expand(4,3) of slice(2:3, :)', [5, 1]))).toEqual([{ shape: [], strides: [], offset: 2 }]);
  });

  const maps: [number[], string][] = [
    [[2, 6, 4], 'transpose(0,2,1) of reshape(2,4,6) of transpose(0,3,1,2) of reshape(2,2,3,4)'],
    [[5, 11], 'transpose(1,0) of slice(4::-2, 1:10:3)'],
    [[3, 1, 1], 'reshape(6,4) of transpose(1,0,2) of expand(3,2,4)'],
    [[2, 3, 4], 'slice(1::-1, 2:0:-1, 1:4:2) of transpose(2,0,1)'],
    [[24], 'slice(:, 1:3, :) of transpose(2,1,0) of reshape(2,3,4)'],
  ];
  it.each(maps)('%j through %s gives what the ops give', (dims, text) => {
    const steps = parseIndexMap(text, dims);
    const x = iota(dims);
    const want = steps.reduce(onnxStep, x);
    const got = applySteps(x, steps);
    expect(got.dims).toEqual(dimsChain(dims, steps).at(-1));
    expect(Array.from(tensorToNumbers(got))).toEqual(Array.from(tensorToNumbers(want)));
  });
});
