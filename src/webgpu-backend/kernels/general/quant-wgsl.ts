// WGSL shared by the kernels that write int8/uint8 tensors (QuantizeLinear, DynamicQuantizeLinear,
// QLinearMatMul, QLinearConv, the QLinear elementwise ops): packed four to a u32 word, so each
// invocation computes the four elements of one word and writes it whole (wgsl/int8.ts packs).
// Quantizing is round-half-to-even(x / scale) + zero point, saturated: what onnxruntime does.
import type { TensorInfo } from '../../op-def.ts';
import { int8Reader } from '../../wgsl/int8.ts';

/** `fn quantize(x: f32, scale: f32, zp: f32) -> f32`: the saturated quantized value, still a float. */
export function quantizeFunction(signed: boolean): string {
  const [lo, hi] = signed ? ['-128.0', '127.0'] : ['0.0', '255.0'];
  return `fn quantize(x: f32, scale: f32, zp: f32) -> f32 { return clamp(round(x / scale) + zp, ${lo}, ${hi}); }`;
}

/** A word of four quantized lanes (floats already saturated). */
export function packWord(signed: boolean, lanes: readonly string[]): string {
  return signed ? `packI8(vec4<i32>(${lanes.map((l) => `i32(${l})`).join(', ')}))` : `packU8(vec4<u32>(${lanes.map((l) => `u32(${l})`).join(', ')}))`;
}

/** `fn <name>(i: u32) -> i32`: byte i of a packed int8/uint8 tensor. */
export function byteReader(name: string, buffer: string, t: TensorInfo): string {
  return `${int8Reader(`${name}_byte`, buffer, t.dtype === 'int8')}\nfn ${name}(i: u32) -> i32 { return i32(${name}_byte(i)); }`;
}

/** `fn <name>(i: u32) -> f32`: element i of a packed int8/uint8 (or plain int32) tensor as a float. */
export function quantReader(name: string, buffer: string, t: TensorInfo): string {
  if (!t.gpu.packed) return `fn ${name}(i: u32) -> f32 { return f32(${buffer}[i]); }`;
  return `${byteReader(`${name}_q`, buffer, t)}\nfn ${name}(i: u32) -> f32 { return f32(${name}_q(i)); }`;
}

export const LANES = [0, 1, 2, 3];
