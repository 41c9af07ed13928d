// The two reference kernels bench measures each engine's kernels against, on the same device in
// the same run: a vec4 copy (the bandwidth a streaming kernel can hope for) and a register-blocked
// matmul (the FLOP rate a contraction can hope for). Neither uses workgroup memory or barriers,
// which software adapters run slowly; both read and write whole vec4s.

export const COPY_WORKGROUP = 256;
/** vec4s each invocation copies (strided by the workgroup size, so neighbours touch neighbours). */
export const COPY_PER_THREAD = 4;

export function copyWgsl(): string {
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> src: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> dst: array<vec4<f32>>;

@compute @workgroup_size(${COPY_WORKGROUP})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let base = wg.x * ${COPY_WORKGROUP * COPY_PER_THREAD}u + lid;
  for (var j = 0u; j < ${COPY_PER_THREAD}u; j++) {
    let i = base + j * ${COPY_WORKGROUP}u;
    dst[i] = src[i];
  }
}
`;
}

/** Each invocation computes a 4×4 block of C = A·B (row-major, n and k multiples of 4) from vec4 loads. */
export function matmulWgsl(m: number, n: number, k: number): string {
  const n4 = n / 4;
  const k4 = k / 4;
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> c: array<vec4<f32>>;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  let col = g.x;
  let row = g.y * 4u;
  if (col >= ${n4}u || row >= ${m}u) { return; }
  var c0 = vec4<f32>(0.0);
  var c1 = vec4<f32>(0.0);
  var c2 = vec4<f32>(0.0);
  var c3 = vec4<f32>(0.0);
  for (var kk = 0u; kk < ${k4}u; kk++) {
    let b0 = b[(kk * 4u + 0u) * ${n4}u + col];
    let b1 = b[(kk * 4u + 1u) * ${n4}u + col];
    let b2 = b[(kk * 4u + 2u) * ${n4}u + col];
    let b3 = b[(kk * 4u + 3u) * ${n4}u + col];
    let a0 = a[(row + 0u) * ${k4}u + kk];
    let a1 = a[(row + 1u) * ${k4}u + kk];
    let a2 = a[(row + 2u) * ${k4}u + kk];
    let a3 = a[(row + 3u) * ${k4}u + kk];
    c0 += a0.x * b0 + a0.y * b1 + a0.z * b2 + a0.w * b3;
    c1 += a1.x * b0 + a1.y * b1 + a1.z * b2 + a1.w * b3;
    c2 += a2.x * b0 + a2.y * b1 + a2.z * b2 + a2.w * b3;
    c3 += a3.x * b0 + a3.y * b1 + a3.z * b2 + a3.w * b3;
  }
  c[(row + 0u) * ${n4}u + col] = c0;
  c[(row + 1u) * ${n4}u + col] = c1;
  c[(row + 2u) * ${n4}u + col] = c2;
  c[(row + 3u) * ${n4}u + col] = c3;
}
`;
}
