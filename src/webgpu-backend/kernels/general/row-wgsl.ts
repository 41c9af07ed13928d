// Kernels that reduce "rows": Softmax, LayerNormalization, the Reduce ops, ArgMax. A tensor seen
// as [outer, length, inner] has outer·inner rows of `length` elements `inner` apart; contiguous
// rows (inner = 1) are the common case (last-axis softmax, layer norm, ReduceMean over the last
// dim). Two code shapes walk a row:
//   'invocation'  one invocation per row, vec4 loads along contiguous rows, no barriers: what
//                 software adapters want (a barrier turns a SwiftShader workgroup into coroutines),
//                 and fine for strided rows everywhere (neighbouring invocations read neighbouring
//                 addresses)
//   'workgroup'   one workgroup of ROW_WORKGROUP invocations per contiguous row, each taking every
//                 ROW_WORKGROUP-th element (or vec4), partial results combined in workgroup
//                 memory: GPUs, for rows long enough to share
// A kernel writes its loops with rowLoop() and combines partials with RowLoop.total(), so the same
// body serves both shapes.
import type { AdapterProfile, GpuLimits } from '../../adapter-profile.ts';
import { numElements } from '../../../ir/tensor.ts';
import { LINEAR_WORKGROUP_SIZE, linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import type { ParamWriter } from '../../wgsl/params.ts';

export const ROW_WORKGROUP = 64;
/** Rows at least this long get a workgroup each on GPUs. */
const WORKGROUP_MIN_LENGTH = 128;

export interface RowLayout {
  readonly outer: number;
  readonly length: number;
  readonly inner: number;
}

/** dims as [prod(dims[:from]), prod(dims[from:to]), prod(dims[to:])]. */
export function rowLayout(dims: readonly number[], from: number, to = from + 1): RowLayout {
  return { outer: numElements(dims.slice(0, from)), length: numElements(dims.slice(from, to)), inner: numElements(dims.slice(to)) };
}

export type RowShape = 'invocation' | 'workgroup';

export function chooseRowShape(profile: Pick<AdapterProfile, 'kind'>, layout: RowLayout): RowShape {
  return profile.kind === 'gpu' && layout.inner === 1 && layout.length >= WORKGROUP_MIN_LENGTH ? 'workgroup' : 'invocation';
}

export type Combine = 'sum' | 'max' | 'min' | 'prod';

/** What rows hold while computed: floats widen to f32; integer reductions run in i32. */
export type RowType = 'f32' | 'i32';

export interface RowLoop {
  readonly shape: RowShape;
  /** Loads and stores move vec4s (contiguous rows of a multiple of 4). */
  readonly vec4: boolean;
  /** WGSL before `main`: workgroup memory and its reductions (workgroup shape). */
  readonly prelude: string;
  /** Entry point and `let row = ...; let base = ...;` (the body checks nothing more). */
  readonly entry: string;
  /** `for (...) {` over this invocation's share of the row; inside, `at` indexes element (or vec4) i. */
  readonly open: string;
  readonly at: string;
  /** The index of this invocation's first element (or vec4) of the row: the start of max/min. */
  readonly first: string;
  /** A loaded element (or vec4) in the compute type. */
  load(element: string): string;
  /** The row's total of a per-invocation partial (scalar, or vec4 when `vec4`). */
  total(kind: Combine, partial: string): string;
  /** The identity of `kind` as a partial (vec4 when `vec4`). */
  identity(kind: Combine): string;
  readonly workgroups: [number, number, number];
  readonly workgroupStorageBytes: number;
}

const IDENTITY: Record<RowType, Record<Combine, string>> = {
  f32: { sum: '0.0', prod: '1.0', max: '-3.4028234663852886e38', min: '3.4028234663852886e38' },
  i32: { sum: '0i', prod: '1i', max: '(-2147483647i - 1i)', min: '2147483647i' },
};

function lanes(kind: Combine, v: string): string {
  if (kind === 'sum') return `(${v}.x + ${v}.y + ${v}.z + ${v}.w)`;
  if (kind === 'prod') return `(${v}.x * ${v}.y * ${v}.z * ${v}.w)`;
  return `${kind}(${kind}(${v}.x, ${v}.y), ${kind}(${v}.z, ${v}.w))`;
}

const COMBINE_WGSL: Record<Combine, (a: string, b: string) => string> = {
  sum: (a, b) => `${a} + ${b}`,
  prod: (a, b) => `${a} * ${b}`,
  max: (a, b) => `max(${a}, ${b})`,
  min: (a, b) => `min(${a}, ${b})`,
};

/** `acc = acc ⊕ v` for a combine kind. */
export function combineInto(kind: Combine, acc: string, v: string): string {
  return `${acc} = ${COMBINE_WGSL[kind](acc, v)};`;
}

const WORKGROUP_REDUCE = (kind: Combine) => `fn wg_${kind}(v: f32, lid: u32) -> f32 {
  red[lid] = v;
  workgroupBarrier();
  for (var s = ${ROW_WORKGROUP / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { red[lid] = ${COMBINE_WGSL[kind]('red[lid]', 'red[lid + s]')}; }
    workgroupBarrier();
  }
  let r = red[0];
  workgroupBarrier();
  return r;
}`;

export interface RowOptions {
  /** False where the kernel cannot take vec4 loads (another input of a different length). */
  readonly allowVec4?: boolean;
  readonly type?: RowType;
}

/** Loops over the rows of `layout` (params: rows, length, inner; length in vec4s when vec4). */
export function rowLoop(layout: RowLayout, shape: RowShape, params: ParamWriter, limits: GpuLimits, options: RowOptions = {}): RowLoop {
  const type = options.type ?? 'f32';
  if (shape === 'workgroup' && type !== 'f32') throw new Error('workgroup rows reduce f32 only');
  const rows = layout.outer * layout.inner;
  const vec4 = (options.allowVec4 ?? true) && layout.inner === 1 && layout.length % 4 === 0;
  const unit = vec4 ? layout.length / 4 : layout.length;
  params.u32('rows', rows);
  params.u32('length', unit);
  params.u32('inner', layout.inner);
  const widen = (v: string) => (vec4 ? `vec4<${type}>(${v})` : `${type}(${v})`);
  const common = { vec4, load: widen, identity: (kind: Combine) => widen(IDENTITY[type][kind]) };
  if (shape === 'workgroup') {
    // One workgroup per row, spread over a 2-D grid like a linear kernel's.
    const groups = linearWorkgroups(rows * LINEAR_WORKGROUP_SIZE, limits);
    return {
      ...common,
      shape,
      prelude: [`var<workgroup> red: array<f32, ${ROW_WORKGROUP}>;`, ...(['sum', 'max', 'min', 'prod'] as const).map(WORKGROUP_REDUCE)].join('\n'),
      entry: `@compute @workgroup_size(${ROW_WORKGROUP})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let row = wid.x + wid.y * groups.x;
  // Uniform per workgroup: every invocation reaches every barrier.
  if (row >= param(P_ROWS)) { return; }
  let L = param(P_LENGTH);
  let base = row * L;`,
      open: `for (var i = lid; i < L; i += ${ROW_WORKGROUP}u) {`,
      at: 'base + i',
      first: 'base + lid',
      total: (kind, partial) => `wg_${kind}(${vec4 ? lanes(kind, partial) : partial}, lid)`,
      workgroups: groups,
      workgroupStorageBytes: ROW_WORKGROUP * 4,
    };
  }
  return {
    ...common,
    shape,
    prelude: '',
    entry: `${linearEntryPoint()}
  let row = index;
  if (row >= param(P_ROWS)) { return; }
  let L = param(P_LENGTH);
  let S = param(P_INNER);
  let base = (row / S) * L * S + row % S;`,
    open: 'for (var i = 0u; i < L; i++) {',
    at: layout.inner === 1 ? 'base + i' : 'base + i * S',
    first: 'base',
    total: (kind, partial) => (vec4 ? lanes(kind, partial) : partial),
    workgroups: linearWorkgroups(rows, limits),
    workgroupStorageBytes: 0,
  };
}

/** An f32 value as the stored scalar type (f16 with shader-f16, else f32). */
export function narrowTo(scalar: string, expr: string, vec4: boolean): string {
  return scalar === 'f32' ? expr : vec4 ? `vec4<${scalar}>(${expr})` : `${scalar}(${expr})`;
}
