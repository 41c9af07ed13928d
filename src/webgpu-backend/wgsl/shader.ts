// How every generated kernel is laid out: inputs at bindings 0..n-1 (read-only storage), the
// output at n (read-write storage), params at n+1 (uniform). The runtime builds bind group
// layouts from the input count alone, so generators go through kernelSource() to keep to it.
import type { ParamWriter } from './params.ts';

export type Elem = 'f32' | 'vec4<f32>';

/** What a kernel generator returns: compile-time WGSL apart from run-time dispatch data. */
export interface KernelSource {
  /** Which code shape was generated (shown in the plan; tests assert on it). */
  readonly variant: string;
  readonly wgsl: string;
  readonly inputCount: number;
  /** Uniform buffer contents. */
  readonly params: Uint32Array;
  readonly workgroups: [number, number, number];
}

export interface ShaderParts {
  readonly variant: string;
  /** WGSL names and element types of the inputs, in binding order. */
  readonly inputs: readonly { readonly name: string; readonly elem: Elem }[];
  readonly output: { readonly name: string; readonly elem: Elem };
  readonly params: ParamWriter;
  /** Helper functions and the entry point `main`. */
  readonly body: string;
  readonly workgroups: [number, number, number];
}

export function kernelSource(parts: ShaderParts): KernelSource {
  const n = parts.inputs.length;
  const bindings = parts.inputs.map((b, i) => `@group(0) @binding(${i}) var<storage, read> ${b.name}: array<${b.elem}>;`);
  bindings.push(`@group(0) @binding(${n}) var<storage, read_write> ${parts.output.name}: array<${parts.output.elem}>;`);
  const wgsl = [`// kiln ${parts.variant}`, ...bindings, parts.params.wgsl(n + 1), '', parts.body.trim(), ''].join('\n');
  return { variant: parts.variant, wgsl, inputCount: n, params: parts.params.data(), workgroups: parts.workgroups };
}
