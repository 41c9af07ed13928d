// How every generated kernel is laid out: the inputs it reads at bindings 0..n-1, its outputs at
// n..n+m-1 (read_write storage), the params uniform at n+m. Generators describe their buffers and
// body (kernelSource); the layout is fixed later (assembleShader), once lowering and the memory
// planner know where each value lives. WebGPU validates buffer usage per whole buffer in a
// dispatch and activations share a few large buffers, so an input in an activation buffer is
// bound read_write like the outputs (weights, in buffers of their own, stay read-only). Writable
// bindings must not overlap, so an input that overwrites-in-place an output, or a value bound
// twice, has no binding of its own: the body reads it through the other binding's name.
import type { ParamWriter } from './params.ts';

/** A WGSL element type: a scalar ('f32', 'f16', 'i32', 'u32') or a vector of one ('vec4<f32>'). */
export type Elem = string;

export interface BufferDecl {
  /** The array's WGSL identifier. The body may use it only to index this buffer (see README). */
  readonly name: string;
  readonly elem: Elem;
  /** Which node input (for inputs) or node output (for outputs) it holds; default: its position. */
  readonly index?: number;
}

/** Node output `output` may take node input `input`'s memory: every invocation reads element i of the input only before writing element i of the output, and reads no other element of it. */
export interface InPlacePair {
  readonly input: number;
  readonly output: number;
}

export interface ShaderParts {
  /** Which code shape was generated (shown in the plan; tests assert on it). */
  readonly variant: string;
  /** The buffers read, in binding order. */
  readonly inputs: readonly BufferDecl[];
  /** The buffers written: `output` for one, `outputs` for several. */
  readonly output?: BufferDecl;
  readonly outputs?: readonly BufferDecl[];
  readonly params: ParamWriter;
  /** Helper functions and the entry point `main`. */
  readonly body: string;
  readonly workgroups: [number, number, number];
  /** Input/output pairs the kernel can run in place (elementwise kernels: same element, same type). */
  readonly inPlace?: readonly InPlacePair[];
  /** Bytes of var<workgroup> memory the body declares (checked against the device's limit). */
  readonly workgroupStorageBytes?: number;
}

export type ResolvedDecl = Required<BufferDecl>;

/** What a kernel generator returns: compile-time WGSL parts apart from run-time dispatch data. */
export interface KernelSource {
  readonly variant: string;
  readonly inputs: readonly ResolvedDecl[];
  readonly outputs: readonly ResolvedDecl[];
  readonly params: ParamWriter;
  readonly body: string;
  readonly workgroups: [number, number, number];
  readonly inPlace: readonly InPlacePair[];
  readonly workgroupStorageBytes: number;
  /** Invocations per workgroup, read from the body's @workgroup_size. */
  readonly invocations: number;
}

function invocationsOf(body: string): number {
  const m = /@workgroup_size\(([^)]*)\)/.exec(body);
  if (!m) throw new Error('kernel body has no @workgroup_size');
  return m[1]!.split(',').reduce((p, s) => p * (Number.parseInt(s.trim(), 10) || 1), 1);
}

export function kernelSource(parts: ShaderParts): KernelSource {
  const outputs = parts.outputs ?? (parts.output ? [parts.output] : []);
  if (outputs.length === 0) throw new Error(`kernel ${parts.variant} writes no output`);
  const resolve = (d: BufferDecl, i: number): ResolvedDecl => ({ name: d.name, elem: d.elem, index: d.index ?? i });
  const inputs = parts.inputs.map(resolve);
  const outs = outputs.map(resolve);
  // In place needs the same element type on both sides: the input is read through the output's array.
  const inPlace = (parts.inPlace ?? []).filter((p) => {
    const i = inputs.find((d) => d.index === p.input);
    const o = outs.find((d) => d.index === p.output);
    return i !== undefined && o !== undefined && i.elem === o.elem;
  });
  return {
    variant: parts.variant,
    inputs,
    outputs: outs,
    params: parts.params,
    body: parts.body,
    workgroups: parts.workgroups,
    inPlace,
    workgroupStorageBytes: parts.workgroupStorageBytes ?? 0,
    invocations: invocationsOf(parts.body),
  };
}

export type BindingKind = 'read-only-storage' | 'storage' | 'uniform';

/** Where each input's binding comes from, decided after memory planning. */
export interface BindingPlan {
  /** Node input indices held in activation buffers: bound read_write. */
  readonly writable?: ReadonlySet<number>;
  /** The output that overwrites an input in place (that input reads through the output's binding). */
  readonly inPlace?: InPlacePair;
  /** Inputs reading the same value as an earlier input: `input` reads through input `as`'s binding. */
  readonly repeats?: readonly { readonly input: number; readonly as: number }[];
}

export interface AssembledShader {
  readonly wgsl: string;
  /** One entry per binding, in binding order. */
  readonly layout: readonly BindingKind[];
  readonly params: Uint32Array;
  /** Node input indices with a binding of their own, in binding order. */
  readonly boundInputs: readonly number[];
  /** Node output indices, in binding order. */
  readonly boundOutputs: readonly number[];
}

function rename(body: string, from: string, to: string): string {
  return body.replace(new RegExp(`\\b${from}\\b`, 'g'), to);
}

/** The full WGSL with its binding layout. */
export function assembleShader(source: KernelSource, plan: BindingPlan = {}): AssembledShader {
  let body = source.body.trim();
  const dropped = new Set<ResolvedDecl>();
  const decl = (index: number, list: readonly ResolvedDecl[]) => list.find((d) => d.index === index);
  const { inPlace } = plan;
  if (inPlace) {
    const input = decl(inPlace.input, source.inputs);
    const output = decl(inPlace.output, source.outputs);
    if (!input || !output || !source.inPlace.some((p) => p.input === inPlace.input && p.output === inPlace.output)) {
      throw new Error(`kernel ${source.variant} cannot run input ${inPlace.input} in place of output ${inPlace.output}`);
    }
    body = rename(body, input.name, output.name);
    dropped.add(input);
  }
  for (const { input, as } of plan.repeats ?? []) {
    const [from, to] = [decl(input, source.inputs), decl(as, source.inputs)];
    if (!from || !to || from.elem !== to.elem) throw new Error(`kernel ${source.variant} cannot read input ${input} through input ${as}'s binding`);
    body = rename(body, from.name, to.name);
    dropped.add(from);
  }
  const inputs = source.inputs.filter((d) => !dropped.has(d));
  const access = (d: ResolvedDecl) => (plan.writable?.has(d.index) ? 'read_write' : 'read');
  const n = inputs.length;
  const m = source.outputs.length;
  const lines = inputs.map((b, i) => `@group(0) @binding(${i}) var<storage, ${access(b)}> ${b.name}: array<${b.elem}>;`);
  source.outputs.forEach((b, j) => lines.push(`@group(0) @binding(${n + j}) var<storage, read_write> ${b.name}: array<${b.elem}>;`));
  const declarations = [...lines, source.params.wgsl(n + m)].join('\n');
  // `enable f16;` must precede every declaration; only shaders that mention f16 carry it.
  const enables = /\bf16\b/.test(declarations + body) ? ['enable f16;'] : [];
  const wgsl = [`// kiln ${source.variant}`, ...enables, declarations, '', body, ''].join('\n');
  const layout: BindingKind[] = [...inputs.map((d): BindingKind => (access(d) === 'read' ? 'read-only-storage' : 'storage')), ...source.outputs.map((): BindingKind => 'storage'), 'uniform'];
  return {
    wgsl,
    layout,
    params: source.params.data(),
    boundInputs: inputs.map((d) => d.index),
    boundOutputs: source.outputs.map((d) => d.index),
  };
}
