// WGSL for sliding windows, shared by convolutions and pools: the geometry as params (lengths
// depend on the spatial rank only), the origin of each output pixel, and the loop nest over the
// window's taps with the input offset and an in-bounds flag at every tap. Pixels come in named
// groups (suffixes) of 1 (scalars) or 4 (vec4<i32> coordinates, vec4<bool> flags): the flags and
// offsets are computed once per tap and shared by every channel the invocation reads.
import type { ParamWriter } from '../../wgsl/params.ts';
import { product, type WindowGeometry } from './geometry.ts';

export type Lanes = 1 | 4;

/** Writes in_sp, out_sp, kernel, strides, dilations, pads (one per spatial axis) and the pixel counts. */
export function windowParams(params: ParamWriter, g: WindowGeometry): void {
  params.u32s('in_sp', g.inSpatial);
  params.u32s('out_sp', g.outSpatial);
  params.u32s('kernel', g.kernel);
  params.u32s('strides', g.strides);
  params.u32s('dilations', g.dilations);
  params.u32s('pads', g.pads);
  params.u32('in_pixels', product(g.inSpatial));
  params.u32('out_pixels', product(g.outSpatial));
}

export const vt = (lanes: Lanes, scalar: string) => (lanes === 4 ? `vec4<${scalar}>` : scalar);

/**
 * Declares `org<d><suffix>` (the first input position along axis d) for the flattened output
 * pixel(s) in `pixel` (u32 or vec4<u32>, already clamped in range).
 */
export function pixelOrigins(spatial: number, lanes: Lanes, pixel: string, suffix = ''): string {
  const u = vt(lanes, 'u32');
  const i = vt(lanes, 'i32');
  const rest = `rest_px${suffix}`;
  const lines = [`  var ${rest} = ${pixel};`];
  for (let d = spatial - 1; d >= 0; d--) {
    lines.push(`  let org${d}${suffix} = ${i}((${rest} % ${u}(param(P_OUT_SP + ${d}u))) * param(P_STRIDES + ${d}u)) - ${i}(i32(param(P_PADS + ${d}u)));`);
    if (d > 0) lines.push(`  ${rest} = ${rest} / ${u}(param(P_OUT_SP + ${d}u));`);
  }
  return lines.join('\n');
}

/** `let` copies of the window params the loop nest reads (uniform loads hoisted out of loops). */
export function windowLets(spatial: number): string {
  return Array.from(
    { length: spatial },
    (_, d) => `  let kernel${d} = param(P_KERNEL + ${d}u);\n  let dil${d} = i32(param(P_DILATIONS + ${d}u));\n  let in_sp${d} = i32(param(P_IN_SP + ${d}u));`,
  ).join('\n');
}

/**
 * The loop nest over the window (after windowLets and pixelOrigins for each suffix): inside
 * `inner`, for each suffix s, `ok<s>` says whether the tap is inside the input (bool or
 * vec4<bool>) and `off<s>` is its offset in one input plane (i32 or vec4<i32>, meaningful where
 * ok); `tap` is the tap's index in the flattened kernel (u32).
 */
export function windowLoops(spatial: number, lanes: Lanes, suffixes: readonly string[], inner: string): string {
  const i = vt(lanes, 'i32');
  const u = vt(lanes, 'u32');
  const open: string[] = [];
  for (let d = 0; d < spatial; d++) {
    const pad = '  '.repeat(d + 1);
    const lines = [`${pad}for (var k${d} = 0u; k${d} < kernel${d}; k${d}++) {`, `${pad}  let step${d} = ${i}(i32(k${d}) * dil${d});`];
    for (const s of suffixes) {
      const pos = `i${d}${s}`;
      lines.push(`${pad}  let ${pos} = org${d}${s} + step${d};`);
      const okPrev = d === 0 ? '' : `ok${d - 1}${s} & `;
      // One unsigned compare: a negative position reinterpreted as u32 is past any size.
      lines.push(`${pad}  let ok${d}${s} = ${okPrev}(${u}(${pos}) < ${u}(u32(in_sp${d})));`);
      lines.push(`${pad}  let off${d}${s} = ${d === 0 ? pos : `off${d - 1}${s} * ${i}(in_sp${d}) + ${pos}`};`);
    }
    lines.push(`${pad}  let tap${d} = ${d === 0 ? `k${d}` : `tap${d - 1} * kernel${d} + k${d}`};`);
    open.push(lines.join('\n'));
  }
  const last = spatial - 1;
  const pad = '  '.repeat(spatial + 1);
  const aliases = suffixes.map((s) => `${pad}let ok${s} = ok${last}${s};\n${pad}let off${s} = off${last}${s};`);
  const body = `${aliases.join('\n')}\n${pad}let tap = tap${last};\n${inner}`;
  const close = Array.from({ length: spatial }, (_, d) => `${'  '.repeat(spatial - d)}}`).join('\n');
  return `${open.join('\n')}\n${body}\n${close}`;
}
