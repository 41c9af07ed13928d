// WGSL helpers for int8/uint8 tensors, packed four to a u32 word (element i is byte i % 4 of
// word i / 4: the ONNX byte order, so packed tensors upload as they are). Where the WGSL language
// feature packed_4x8_integer_dot_product exists, the helpers are its builtins (unpack4xI8,
// pack4xI8Clamp, dot4I8Packed, ...), which GPUs map to native 4-way byte dot products; elsewhere
// they are portable bit manipulation with the same results. Kernels call the helpers only, so
// one body serves both (the variant name says which was generated: see int8Variant).
import type { AdapterProfile } from '../adapter-profile.ts';

/** '-dot4' with the builtins, '-unpack' with the portable fallback. */
export function int8Variant(profile: Pick<AdapterProfile, 'packed4x8'>): string {
  return profile.packed4x8 ? '-dot4' : '-unpack';
}

const BUILTIN = `
fn unpackI8(w: u32) -> vec4<i32> { return unpack4xI8(w); }
fn unpackU8(w: u32) -> vec4<u32> { return unpack4xU8(w); }
fn packI8(v: vec4<i32>) -> u32 { return pack4xI8Clamp(v); }
fn packU8(v: vec4<u32>) -> u32 { return pack4xU8Clamp(v); }
fn dotI8(a: u32, b: u32) -> i32 { return dot4I8Packed(a, b); }
fn dotU8(a: u32, b: u32) -> u32 { return dot4U8Packed(a, b); }`;

// extractBits on an i32 sign-extends the field; on a u32 it zero-extends.
const PORTABLE = `
fn unpackI8(w: u32) -> vec4<i32> {
  let s = bitcast<i32>(w);
  return vec4<i32>(extractBits(s, 0u, 8u), extractBits(s, 8u, 8u), extractBits(s, 16u, 8u), extractBits(s, 24u, 8u));
}
fn unpackU8(w: u32) -> vec4<u32> {
  return vec4<u32>(extractBits(w, 0u, 8u), extractBits(w, 8u, 8u), extractBits(w, 16u, 8u), extractBits(w, 24u, 8u));
}
fn packU8(v: vec4<u32>) -> u32 {
  let c = min(v, vec4<u32>(255u));
  return c.x | (c.y << 8u) | (c.z << 16u) | (c.w << 24u);
}
fn packI8(v: vec4<i32>) -> u32 {
  return packU8(bitcast<vec4<u32>>(clamp(v, vec4<i32>(-128), vec4<i32>(127))) & vec4<u32>(255u));
}
fn dotI8(a: u32, b: u32) -> i32 { return dot(unpackI8(a), unpackI8(b)); }
fn dotU8(a: u32, b: u32) -> u32 { return dot(unpackU8(a), unpackU8(b)); }`;

/** unpackI8/unpackU8 (word -> 4 lanes), packI8/packU8 (4 lanes -> word, saturating), dotI8/dotU8. */
export function int8Helpers(profile: Pick<AdapterProfile, 'packed4x8'>): string {
  return (profile.packed4x8 ? BUILTIN : PORTABLE).trim();
}

/**
 * `fn <name>(i: u32) -> i32|u32`: element i of a packed int8 (signed) or uint8 buffer: one word
 * load and one extractBits (sign-extending on i32). Indexing an unpacked vec4 with a run-time
 * lane instead makes SwiftShader spill the vector to memory (several times slower).
 */
export function int8Reader(name: string, buffer: string, signed: boolean): string {
  const word = signed ? `bitcast<i32>(${buffer}[i >> 2u])` : `${buffer}[i >> 2u]`;
  return `fn ${name}(i: u32) -> ${signed ? 'i32' : 'u32'} { return extractBits(${word}, (i & 3u) * 8u, 8u); }`;
}
