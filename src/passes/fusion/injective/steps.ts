// The index map of one kiln.FusedInjective input, written as the injective ops between that input
// and the fused node's output: a list of steps applied to the input in order, each one a pure
// data movement (values pass through unchanged, only positions move). TVM calls these ops
// injective (https://tvm.apache.org/docs/arch/fusion.html): every output element is one input
// element. Four steps cover the ops the pass takes:
//
//   transpose(0,2,3,1)   Transpose with that perm
//   reshape(1,64,8,8)    Reshape, Flatten, Squeeze, Unsqueeze: the static output dims
//   slice(:, 2:10:2)     Slice with constant parameters, numpy notation per axis, normalized
//   expand(2,3,4)        Expand, and the implicit broadcast of an elementwise operand that an
//                        injective op further out moves (numpy broadcast to these dims)
//
// Printed outermost first, like function application: `transpose(1,0) of expand(2,3)` is the input
// expanded, then transposed. The empty text is no step (the input broadcast, as in
// kiln.FusedElementwise, to the output).
import { InputError } from '../../../ir/errors.ts';
import { numElements } from '../../../ir/tensor.ts';

export type Step =
  | { readonly kind: 'transpose'; readonly perm: readonly number[] }
  | { readonly kind: 'reshape'; readonly dims: readonly number[] }
  /** Per axis (full rank): the first index, the step between taken indices, and how many are taken. */
  | { readonly kind: 'slice'; readonly starts: readonly number[]; readonly steps: readonly number[]; readonly dims: readonly number[] }
  | { readonly kind: 'expand'; readonly dims: readonly number[] };

const fail = (what: string): never => {
  throw new InputError(`index map: ${what}`);
};

const sameDims = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** The dims of a tensor of `dims` after `step`, or an InputError saying why the step does not apply. */
export function stepDims(dims: readonly number[], step: Step): number[] {
  switch (step.kind) {
    case 'transpose': {
      const p = step.perm;
      if (p.length !== dims.length || [...p].sort((a, b) => a - b).some((v, i) => v !== i)) fail(`transpose(${p.join(',')}) is no permutation of ${dims.length} dims`);
      return p.map((i) => dims[i]!);
    }
    case 'reshape':
      if (numElements(step.dims) !== numElements(dims)) fail(`reshape(${step.dims.join(',')}) of [${dims.join(',')}] changes the element count`);
      return [...step.dims];
    case 'slice':
      if (step.starts.length !== dims.length || step.steps.length !== dims.length || step.dims.length !== dims.length) fail(`a slice of rank ${step.dims.length} applied to rank ${dims.length}`);
      dims.forEach((d, a) => {
        const [first, by, n] = [step.starts[a]!, step.steps[a]!, step.dims[a]!];
        const last = first + (n - 1) * by;
        if (by === 0 || (n > 0 && (first < 0 || first >= d || last < 0 || last >= d))) fail(`slice axis ${a} (${axisText(first, by, n, d)}) leaves [0, ${d})`);
      });
      return [...step.dims];
    case 'expand': {
      const shift = step.dims.length - dims.length;
      if (shift < 0 || dims.some((d, i) => d !== 1 && d !== step.dims[i + shift])) fail(`[${dims.join(',')}] does not broadcast to expand(${step.dims.join(',')})`);
      return [...step.dims];
    }
  }
}

/** The dims after every step, starting from `dims` (entry k: before step k; the last: the result). */
export function dimsChain(dims: readonly number[], steps: readonly Step[]): number[][] {
  const out = [[...dims]];
  for (const s of steps) out.push(stepDims(out[out.length - 1]!, s));
  return out;
}

/** One slice axis in numpy notation: `:` for all of it, else start:stop(:step) with stop left out past index 0. */
function axisText(first: number, by: number, n: number, size: number): string {
  if (by === 1 && first === 0 && n === size) return ':';
  if (n === 0) return '0:0';
  const last = first + (n - 1) * by;
  const stop = by > 0 ? `${last + 1}` : last - 1 < 0 ? '' : `${last - 1}`;
  return `${first}:${stop}${by === 1 ? '' : `:${by}`}`;
}

export function stepText(step: Step, dims: readonly number[]): string {
  switch (step.kind) {
    case 'transpose':
      return `transpose(${step.perm.join(',')})`;
    case 'reshape':
    case 'expand':
      return `${step.kind}(${step.dims.join(',')})`;
    case 'slice':
      return `slice(${dims.map((d, a) => axisText(step.starts[a]!, step.steps[a]!, step.dims[a]!, d)).join(', ')})`;
  }
}

/** `transpose(0,2,3,1) of reshape(1,8,8,16)` for the steps applied to an input of `dims` (slices need the dims they cut). */
export function printIndexMap(steps: readonly Step[], dims: readonly number[]): string {
  const chain = dimsChain(dims, steps);
  return steps.map((s, k) => stepText(s, chain[k]!)).reverse().join(' of ');
}

const ints = (text: string): number[] => (text.trim() === '' ? [] : text.split(',').map((t) => (/^\s*-?\d+\s*$/.test(t) ? Number(t) : fail(`'${t.trim()}' is not an integer`))));

/** A numpy slice of one axis of `size` (start:stop:step, each part optional; negatives count from the end). */
function parseAxis(text: string, size: number): [first: number, by: number, n: number] {
  const parts = text.trim().split(':');
  if (parts.length < 2 || parts.length > 3) fail(`'${text.trim()}' is not start:stop or start:stop:step`);
  const num = (t: string | undefined) => (t === undefined || t.trim() === '' ? undefined : ints(t)[0]!);
  const by = num(parts[2]) ?? 1;
  if (by === 0) fail('a slice step of 0');
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v < 0 ? v + size : v));
  const [lo, hi] = by > 0 ? [0, size] : [-1, size - 1];
  const start = num(parts[0]);
  const stop = num(parts[1]);
  const first = start === undefined ? (by > 0 ? 0 : size - 1) : clamp(start, lo, hi);
  const end = stop === undefined ? (by > 0 ? size : -1) : clamp(stop, lo, hi);
  return [first, by, Math.max(0, Math.ceil((end - first) / by))];
}

/** Reads printIndexMap's text back, for an input of `dims`; throws an InputError naming what is wrong. */
export function parseIndexMap(text: string, dims: readonly number[]): Step[] {
  if (text.trim() === '') return [];
  const steps: Step[] = [];
  let current = [...dims];
  for (const part of text.split(' of ').reverse()) {
    const m = /^\s*(transpose|reshape|expand|slice)\((.*)\)\s*$/.exec(part);
    if (!m) fail(`cannot read '${part.trim()}' in "${text}"`);
    const [kind, args] = [m![1]!, m![2]!];
    let step: Step;
    if (kind === 'slice') {
      const axes = args.split(',');
      if (axes.length !== current.length) fail(`'${part.trim()}' slices ${axes.length} axes of a rank-${current.length} tensor`);
      const parsed = axes.map((a, i) => parseAxis(a, current[i]!));
      step = { kind: 'slice', starts: parsed.map((p) => p[0]), steps: parsed.map((p) => p[1]), dims: parsed.map((p) => p[2]) };
    } else if (kind === 'transpose') {
      step = { kind, perm: ints(args) };
    } else {
      step = { kind: kind as 'reshape' | 'expand', dims: ints(args) };
    }
    current = stepDims(current, step);
    steps.push(step);
  }
  return steps;
}

/**
 * The same movement in fewer steps: reshapes in a row keep the last, transposes in a row compose,
 * steps that move nothing (a reshape or expand to the same dims, the identity perm, a slice
 * taking everything) go, and a Squeeze or Unsqueeze around a Transpose joins it (see below).
 */
export function simplifySteps(steps: readonly Step[], dims: readonly number[]): Step[] {
  return mergeNeighbours(permutationRuns(mergeNeighbours(steps, dims), dims), dims);
}

const nonUnit = (dims: readonly number[]) => dims.filter((d) => d !== 1);

/** Each dim's place among the dims other than 1 (-1 for a dim of size 1). */
function labelsOf(dims: readonly number[]): number[] {
  let k = 0;
  return dims.map((d) => (d === 1 ? -1 : k++));
}

/**
 * A run of transposes and reshapes that only add or drop dims of size 1 is a permutation of the
 * other dims: at most a reshape dropping the 1s, one transpose, and a reshape to the final dims
 * (an Unsqueeze, Transpose, Squeeze run around a 2-D tensor is just transpose(1,0)).
 */
function permutationRuns(steps: readonly Step[], dims: readonly number[]): Step[] {
  const out: Step[] = [];
  let current = [...dims];
  for (let i = 0; i < steps.length; ) {
    let [j, end, labels] = [i, current, labelsOf(current)];
    for (; j < steps.length; j++) {
      const s = steps[j]!;
      const next = stepDims(end, s);
      if (s.kind === 'transpose') labels = s.perm.map((p) => labels[p]!);
      else if (s.kind === 'reshape' && nonUnit(end).join() === nonUnit(next).join()) {
        const kept = labels.filter((l) => l >= 0);
        let k = 0;
        labels = next.map((d) => (d === 1 ? -1 : kept[k++]!));
      } else break;
      end = next;
    }
    const order = labels.filter((l) => l >= 0);
    const base = nonUnit(current);
    const shorter: Step[] = [];
    let at = current;
    if (order.some((l, k) => l !== k)) {
      if (base.length !== current.length) shorter.push({ kind: 'reshape', dims: (at = base) });
      shorter.push({ kind: 'transpose', perm: order });
      at = order.map((l) => base[l]!);
    }
    if (!sameDims(at, end)) shorter.push({ kind: 'reshape', dims: end });
    if (j - i >= 2 && shorter.length < j - i) {
      out.push(...shorter);
      [current, i] = [end, j];
    } else {
      current = stepDims(current, steps[i]!);
      out.push(steps[i++]!);
    }
  }
  return out;
}

function mergeNeighbours(steps: readonly Step[], dims: readonly number[]): Step[] {
  const out: Step[] = [];
  let current = [...dims];
  const before: number[][] = [];
  for (const s of steps) {
    const next = stepDims(current, s);
    const prev = out[out.length - 1];
    const identity =
      ((s.kind === 'reshape' || s.kind === 'expand') && sameDims(next, current)) ||
      (s.kind === 'transpose' && s.perm.every((p, i) => p === i)) ||
      (s.kind === 'slice' && s.steps.every((b) => b === 1) && s.starts.every((f) => f === 0) && sameDims(next, current));
    if (identity) continue;
    if (prev?.kind === 'reshape' && s.kind === 'reshape') {
      out.pop();
      current = before.pop()!;
      if (!sameDims(next, current)) (out.push(s), before.push(current));
    } else if (prev?.kind === 'transpose' && s.kind === 'transpose') {
      out.pop();
      current = before.pop()!;
      const perm = s.perm.map((i) => prev.perm[i]!);
      if (!perm.every((p, i) => p === i)) (out.push({ kind: 'transpose', perm }), before.push(current));
    } else {
      out.push(s);
      before.push(current);
    }
    current = next;
  }
  return out;
}
