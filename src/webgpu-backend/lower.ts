// Graph -> kernels: walks the nodes in topological order with static shapes, skipping constants
// and nodes folded at compile time, turning each other node into a kernel, a view of another
// value's buffer, or (Concat in place) a region its inputs' producers write into. The memory plan
// decides which kernels run in place, which fixes each kernel's binding layout and final WGSL.
// No GPU calls here.
import { InputError } from '../ir/errors.ts';
import { numElements } from '../ir/tensor.ts';
import type { Model, Node, Tensor } from '../ir/types.ts';
import { defaultProfile, type AdapterProfile } from './adapter-profile.ts';
import { analyzeModel } from './analyze.ts';
import { concatSlices, wantsConcatInPlace } from './concat-in-place.ts';
import { gpuByteLength, gpuDtype, isGpuDtype, requireGpuDtype, type GpuDtype } from './gpu-dtype.ts';
import { isKernelSequence, sequenceKernels, type ScratchTensor } from './kernel-sequence.ts';
import { resolveInputShapes, type InputShape } from './input-shapes.ts';
import { fixedInputValues } from './input-values.ts';
import { assembleKernels, type LoweredKernel } from './assemble.ts';
import { ContextBuilder } from './op-context.ts';
import { shapeError } from './op-def.ts';
import { opDefOf } from './ops.ts';
import { checkBindingSizes } from './limits.ts';
import { bindingBytes, planMemory, type MemoryPlan } from './plan-memory.ts';
import { concatFacts, judgeModel, unsupportedError } from './target.ts';
import { describeDeadBranch, inDeadBranch } from './branch-legality.ts';
import type { Guard } from './control-flow.ts';
import type { CondProgram } from './cond-program.ts';
import type { CompileOptions } from './types.ts';
import type { KernelSource } from './wgsl/shader.ts';

export type { LoweredKernel };

export interface LoweredModel {
  readonly kernels: readonly LoweredKernel[];
  readonly shapes: ReadonlyMap<string, readonly number[]>;
  /** GPU representation of every value the plan touches. */
  readonly gpuTypes: ReadonlyMap<string, GpuDtype>;
  /** View value -> the value whose buffer it reads (never itself a view). */
  readonly aliases: ReadonlyMap<string, string>;
  /** Concat-in-place inputs: value -> the Concat output it is a slice of, at a byte offset. */
  readonly slices: ReadonlyMap<string, { readonly of: string; readonly offset: number }>;
  /** Constants read by kernels or returned as outputs: uploaded once. */
  readonly weights: ReadonlyMap<string, Tensor>;
  /** Runtime graph inputs in graph order. */
  readonly inputs: readonly InputShape[];
  /** Graph output names, in order. */
  readonly outputs: readonly string[];
  /** Ids of the nodes evaluated at compile time. */
  readonly folded: readonly string[];
  readonly memory: MemoryPlan;
  readonly profile: AdapterProfile;
  /** If nodes decided at run time (control-flow.ts): kernels guarded by them run for one branch only. */
  readonly runtimeIfs: readonly LoweredIf[];
  readonly opset: number;
  /** Graph inputs whose values were fixed at compile time (CompileOptions.inputValues): not uploaded. */
  readonly fixedInputs: ReadonlyMap<string, Tensor>;
}

/** A run-time If: its condition comes from a CPU program over the inputs, or is read back from the GPU. */
export interface LoweredIf {
  readonly id: string;
  /** The condition value (views resolved), read back when there is no program. */
  readonly cond: string;
  readonly program?: CondProgram;
  /** A branch that was not compiled (branch-legality.ts): a run that takes it fails with `reason`. */
  readonly deadBranch?: { readonly branch: 'then' | 'else'; readonly reason: string };
}

/** A generated kernel before its layout is fixed. */
export interface PendingKernel {
  readonly node: Node;
  /** The kernel's id when a node has several (kernel-sequence.ts); default: the node's id. */
  readonly id?: string;
  readonly source: KernelSource;
  /** Values read, in binding order (views resolved). */
  readonly reads: readonly string[];
  readonly writes: readonly string[];
  /** The run-time If branches the kernel belongs to, outermost first (none: it always runs). */
  readonly guards?: readonly Guard[];
}

export function lowerModel(model: Model, options: CompileOptions, profile: AdapterProfile = defaultProfile(options.adapter)): LoweredModel {
  const fixedInputs = fixedInputValues(model, options.inputShapes, options.inputValues);
  const fixedShapes = Object.fromEntries([...fixedInputs].map(([name, t]) => [name, t.dims]));
  const inputs = resolveInputShapes(model, { ...fixedShapes, ...options.inputShapes });
  const facts = analyzeModel(model, Object.fromEntries(inputs.map((i) => [i.name, i.dims])), Object.fromEntries(fixedInputs));
  const { unsupported, dead } = judgeModel(facts, profile);
  if (unsupported.length) throw unsupportedError(unsupported);
  const builder = new ContextBuilder(model, facts, profile);
  const shapes = new Map<string, readonly number[]>(inputs.map((i) => [i.name, i.dims]));
  const gpuTypes = new Map<string, GpuDtype>();
  const note = (name: string) => {
    const dims = facts.staticDims(name);
    const dtype = facts.dtypeOf(name);
    if (dims) shapes.set(name, dims);
    const gpu = dtype ? gpuDtype(dtype, profile) : undefined;
    if (gpu && isGpuDtype(gpu)) gpuTypes.set(name, gpu);
  };
  /** Graph inputs and outputs cross to the host: they need a GPU form even when no kernel reads them. */
  const requireGpuForm = (name: string, role: string) => {
    if (gpuTypes.has(name)) return;
    const dtype = facts.dtypeOf(name);
    const gpu = dtype ? gpuDtype(dtype, profile) : undefined;
    throw new InputError(`graph ${role} '${name}' ${gpu && !isGpuDtype(gpu) ? `is ${dtype}: ${gpu.reason}` : 'has no known dtype'}`);
  };
  inputs.forEach((i) => (note(i.name), requireGpuForm(i.name, 'input')));
  const aliases = new Map<string, string>();
  const slices = new Map<string, { of: string; offset: number }>();
  const root = (name: string) => aliases.get(name) ?? name;
  const pending: PendingKernel[] = [];

  for (const node of facts.order) {
    if (node.opType === 'Constant' || facts.folded.has(node.id) || inDeadBranch(facts.guards.get(node.id), dead)) continue;
    node.inputs.forEach((n) => n && note(n));
    node.outputs.forEach((n) => n && note(n));
    if (wantsConcatInPlace(node) && placeConcat(node, facts, profile, root, slices, facts.constants)) continue;
    const def = opDefOf(node);
    if (!def) throw shapeError(node, 'Concat in place declined (an input shares storage with another value) and Concat has no kernel');
    if (def.kind === 'view') {
      builder.checkInference(node);
      aliases.set(node.outputs[0]!, root(node.inputs[0]!));
      continue;
    }
    const generated = def.generate!(builder.context(node));
    const guards = facts.guards.get(node.id);
    const guarded = guards ? { guards } : {};
    if (isKernelSequence(generated)) {
      const declare = (name: string, t: ScratchTensor) => (shapes.set(name, t.dims), gpuTypes.set(name, requireGpuDtype(t.dtype, profile)));
      for (const k of sequenceKernels(node, generated, root, declare)) pending.push({ node, ...k, ...guarded });
      continue;
    }
    const source = generated;
    const reads = source.inputs.map((d) => root(node.inputs[d.index]!));
    const writes = source.outputs.map((d) => node.outputs[d.index]!);
    pending.push({ node, source, reads, writes, ...guarded });
  }
  const runtimeIfs = facts.runtimeIfs.map((r): LoweredIf => {
    if (!r.program) note(r.cond);
    const off = dead.get(r.node.id);
    const deadBranch = off ? { deadBranch: { branch: off.branch, reason: describeDeadBranch(r.node.id, off) } } : {};
    return { id: r.node.id, cond: root(r.cond), ...(r.program ? { program: r.program } : {}), ...deadBranch };
  });
  // A condition read back from the GPU must survive until the If is decided, at its first kernel.
  const decidedAt = new Map<number, string[]>();
  for (const r of runtimeIfs) {
    if (r.program) continue;
    const first = pending.findIndex((k) => k.guards?.some((g) => g.ifId === r.id));
    if (first >= 0) decidedAt.set(first, [...(decidedAt.get(first) ?? []), r.cond]);
  }

  const outputs = model.graph.outputs.map((o) => o.name);
  for (const name of outputs) {
    note(name);
    requireGpuForm(name, 'output');
    if (!shapes.has(name)) throw new InputError(`graph output '${name}' is not produced by any node with a known shape`);
  }
  const weights = new Map<string, Tensor>();
  for (const name of [...pending.flatMap((k) => k.reads), ...outputs.map(root)]) {
    const c = facts.constants.get(name);
    if (!c) continue;
    if (c.data.kind !== 'raw') throw new InputError(`weight '${name}' holds ${c.data.kind} data that was not loaded`);
    weights.set(name, c);
    note(name);
  }
  const bytes = (v: string) => gpuByteLength(gpuTypes.get(v)!, numElements(shapes.get(v) ?? []));
  // Before planning, so a value too big for one binding is reported with its node.
  for (const k of pending) checkBindingSizes(k.node, [...k.reads, ...k.writes].map((value) => ({ value, bytes: bindingBytes(bytes(value)) })), profile.limits);
  const memory = planMemory({
    inputs: inputs.map((i) => i.name),
    kernels: pending.map((k, t) => ({
      inputs: [...k.reads, ...(decidedAt.get(t) ?? [])],
      outputs: k.writes,
      inPlace: k.source.inPlace.map((p) => ({ input: root(k.node.inputs[p.input]!), output: k.node.outputs[p.output]! })),
    })),
    outputs: outputs.map(root),
    bytes,
    isWeight: (v) => weights.has(v),
    slices,
    alignment: profile.limits.minStorageBufferOffsetAlignment,
    maxBufferBytes: profile.limits.maxBufferSize,
  });
  const kernels = assembleKernels(pending, memory, bytes, (v) => weights.has(v), profile.limits);
  return { kernels, shapes, gpuTypes, aliases, slices, weights, inputs, outputs, folded: [...facts.folded], memory, profile, runtimeIfs, opset: facts.opset, fixedInputs };
}

/** Records the Concat's inputs as slices of its output, or returns false to lower it as a kernel. */
function placeConcat(
  node: Node,
  facts: Parameters<typeof concatFacts>[0],
  profile: AdapterProfile,
  root: (v: string) => string,
  slices: Map<string, { of: string; offset: number }>,
  constants: ReadonlyMap<string, Tensor>,
): boolean {
  const placed = concatSlices(node, concatFacts(facts, profile));
  if ('reason' in placed) return false;
  const roots = node.inputs.map(root);
  const out = node.outputs[0]!;
  // Each slice must be storage of its own: not shared by two inputs, not a weight, not already placed.
  const taken = (r: string) => slices.has(r) || [...slices.values()].some((s) => s.of === r) || constants.has(r);
  if (new Set(roots).size !== roots.length || roots.some(taken)) return false;
  roots.forEach((r, i) => slices.set(r, { of: out, offset: placed.offsets[i]! }));
  return true;
}
