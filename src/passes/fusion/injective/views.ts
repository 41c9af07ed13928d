// Where an input's element lies for one output element of a kiln.FusedInjective: the steps of its
// index map (steps.ts) composed, from the output inwards, into a few strided views. A view reads
// a linear index as coordinates of its shape (row-major) and gives
//
//   offset + Σ coordinate_d · stride_d
//
// the linear index into the next view, the last one's into the input itself. Transpose, slice,
// expand and broadcast only move single coordinates (coordinate = add + mul · some outer
// coordinate), so any run of them is one view; a reshape that does more than add or drop dims of
// size 1 needs the linear index in between, and starts a new view. A plain read is no view at all
// (the element at the output's own index). Views are simplified (dims of size 1 dropped, dims
// that walk memory contiguously merged) so equal maps get equal views: the pass compares maps by
// them, the kernel turns each view into one line of integer arithmetic.
import { stridesOf, takeElements } from '../../../ir/eval/values.ts';
import { numElements } from '../../../ir/tensor.ts';
import type { Tensor } from '../../../ir/types.ts';
import { dimsChain, type Step } from './steps.ts';

export interface View {
  readonly shape: readonly number[];
  /** Signed; 0 where the coordinate does not matter (broadcast). */
  readonly strides: readonly number[];
  readonly offset: number;
}

/** One coordinate of the tensor at some step: add + mul · (coordinate `src` of the current view's shape), or the constant add when src < 0. */
interface Coord {
  readonly src: number;
  readonly mul: number;
  readonly add: number;
}

const ZERO: Coord = { src: -1, mul: 0, add: 0 };

const nonUnit = (dims: readonly number[]) => dims.filter((d) => d !== 1);

/** The view over `shape` that linearizes `coords` (a tensor of `dims`) in row-major order. */
function linearize(shape: readonly number[], coords: readonly Coord[], dims: readonly number[]): View {
  const own = stridesOf(dims);
  const strides = shape.map(() => 0);
  let offset = 0;
  coords.forEach((c, j) => {
    offset += c.add * own[j]!;
    if (c.src >= 0) strides[c.src]! += c.mul * own[j]!;
  });
  return { shape, strides, offset };
}

/** Dims of size 1 dropped, neighbours that step through memory as one dim merged, identity views removed, constant tails folded. */
function simplify(views: readonly View[]): View[] {
  const out: View[] = [];
  for (let v = 0; v < views.length; v++) {
    const view = views[v]!;
    const shape: number[] = [];
    const strides: number[] = [];
    for (let d = view.shape.length - 1; d >= 0; d--) {
      const [size, stride] = [view.shape[d]!, view.strides[d]!];
      if (size === 1) continue;
      // Outer dim d continues inner dim 0 of what is kept when it steps exactly one inner extent.
      if (shape.length && stride === strides[0]! * shape[0]!) shape[0]! *= size;
      else (shape.unshift(size), strides.unshift(stride));
    }
    if (strides.every((s) => s === 0)) {
      // The index no longer matters from here on: every later view reads one fixed place.
      return [{ shape: [], strides: [], offset: evaluateViews(views.slice(v + 1), view.offset) }];
    }
    const identity = view.offset === 0 && shape.length === 1 && strides[0] === 1;
    if (!identity) out.push({ shape, strides, offset: view.offset });
  }
  return out;
}

/**
 * The views taking an output index (output of `outDims`) to the element of an input of
 * `inputDims` read through `steps` and then broadcast, numpy style, to the output.
 */
export function indexViews(outDims: readonly number[], inputDims: readonly number[], steps: readonly Step[]): View[] {
  const chain = dimsChain(inputDims, steps);
  let dims = chain[chain.length - 1]!;
  const shift = outDims.length - dims.length;
  let shape = [...outDims];
  let coords: Coord[] = dims.map((d, j) => (d === 1 ? ZERO : { src: j + shift, mul: 1, add: 0 }));
  const views: View[] = [];
  for (let k = steps.length - 1; k >= 0; k--) {
    const step = steps[k]!;
    const before = chain[k]!;
    let next: Coord[];
    if (step.kind === 'transpose') {
      next = before.map(() => ZERO);
      step.perm.forEach((p, i) => (next[p] = coords[i]!));
    } else if (step.kind === 'slice') {
      next = coords.map((c, a) => ({ src: c.src, mul: c.mul * step.steps[a]!, add: step.starts[a]! + c.add * step.steps[a]! }));
    } else if (step.kind === 'expand') {
      const by = dims.length - before.length;
      next = before.map((d, i) => (d === 1 ? ZERO : coords[i + by]!));
    } else if (nonUnit(before).join() === nonUnit(dims).join()) {
      // Only dims of size 1 come or go: the others keep their coordinates, in order.
      const kept = coords.filter((_, j) => dims[j] !== 1);
      let i = 0;
      next = before.map((d) => (d === 1 ? ZERO : kept[i++]!));
    } else {
      views.push(linearize(shape, coords, dims));
      shape = [...before];
      next = before.map((_, j) => ({ src: j, mul: 1, add: 0 }));
    }
    coords = next;
    dims = before;
  }
  views.push(linearize(shape, coords, dims));
  return simplify(views);
}

/** The element offset the views give for linear index `index` (the CPU side of the kernel's arithmetic). */
export function evaluateViews(views: readonly View[], index: number): number {
  let x = index;
  for (const v of views) {
    let rest = x;
    x = v.offset;
    for (let d = v.shape.length - 1; d >= 0; d--) {
      const size = v.shape[d]!;
      x += (rest % size) * v.strides[d]!;
      rest = Math.floor(rest / size);
    }
  }
  return x;
}

/** A canonical text of the views: maps that read the same elements compare equal by it. */
export const viewsKey = (views: readonly View[]): string => views.map((v) => `${v.offset}+[${v.shape.join(',')}]·[${v.strides.join(',')}]`).join(' > ');

/** The tensor `t` after the steps (the value the index map reads, before any broadcast to the output). */
export function applySteps(t: Tensor, steps: readonly Step[], name = t.name): Tensor {
  if (!steps.length) return { ...t, name };
  const chain = dimsChain(t.dims, steps);
  const dims = chain[chain.length - 1]!;
  const views = indexViews(dims, t.dims, steps);
  const index = new Int32Array(numElements(dims));
  for (let i = 0; i < index.length; i++) index[i] = evaluateViews(views, i);
  return takeElements(name, t, dims, index);
}
