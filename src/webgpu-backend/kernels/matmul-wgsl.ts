// WGSL for C = alpha·A·B (+ beta·bias): every invocation computes a 4×4 output tile held in four
// vec4 registers, reading A and B straight from storage. No workgroup memory and no barriers:
// on SwiftShader a barrier splits a workgroup into coroutines and costs more than it saves.
// Edge tiles clamp their row and column indices for loads (valid memory, wasted lanes) and guard
// their stores. The variants differ only in how the k loop loads:
//   nn-vec4  A rows and B rows as vec4 (A row-major, B row-major, K % 4 == 0, N % 4 == 0)
//   nt-vec4  A rows and B columns as vec4 (B stored transposed, K % 4 == 0)
//   scalar   any strides, any sizes
// Accumulation is in f32 whatever the storage type: f16 operands are widened as they are loaded
// and results narrowed as they are stored (`widen` and `narrow` are the identity for f32).
// The shared-memory tiled variant for GPUs is in matmul-tiled-wgsl.ts.
import { offsetsFunction } from '../wgsl/indexing.ts';

export type MatmulVariant = 'nn-vec4' | 'nt-vec4' | 'scalar';
export type FloatScalar = 'f32' | 'f16';

/** `f32(x)` / `vec4<f32>(x)` for f16 storage; the expression itself for f32. */
export function widen(scalar: FloatScalar, expr: string, vec4 = false): string {
  return scalar === 'f32' ? expr : vec4 ? `vec4<f32>(${expr})` : `f32(${expr})`;
}

function narrow(scalar: FloatScalar, expr: string, vec4 = false): string {
  return scalar === 'f32' ? expr : vec4 ? `vec4<f16>(${expr})` : `f16(${expr})`;
}

export const MATMUL_TILE = 4;
export const MATMUL_WORKGROUP: readonly [number, number] = [8, 8];

const LANES = [0, 1, 2, 3];
const XYZW = ['x', 'y', 'z', 'w'];

function innerLoop(variant: MatmulVariant, t: FloatScalar): string {
  if (variant === 'nn-vec4') {
    // Output columns col..col+3 are whole: N % 4 == 0 and col is a multiple of 4.
    return `
  let b_row = param(P_B_ROW) / 4u;
  let b_start = (batch.y + col) / 4u;
${LANES.map((i) => `  let a_start${i} = (batch.x + r.${XYZW[i]} * param(P_A_ROW)) / 4u;`).join('\n')}
  for (var k = 0u; k < K / 4u; k++) {
${LANES.map((i) => `    let a${i} = ${widen(t, `A[a_start${i} + k]`, true)};`).join('\n')}
    let b_at = b_start + k * 4u * b_row;
${LANES.map((j) => `    let b${j} = ${widen(t, `B[b_at + ${j}u * b_row]`, true)};`).join('\n')}
${LANES.map((i) => `    acc${i} += a${i}.x * b0 + a${i}.y * b1 + a${i}.z * b2 + a${i}.w * b3;`).join('\n')}
  }`;
  }
  if (variant === 'nt-vec4') {
    return `
${LANES.map((i) => `  let a_start${i} = (batch.x + r.${XYZW[i]} * param(P_A_ROW)) / 4u;`).join('\n')}
${LANES.map((j) => `  let b_start${j} = (batch.y + c.${XYZW[j]} * param(P_B_COL)) / 4u;`).join('\n')}
  for (var k = 0u; k < K / 4u; k++) {
${LANES.map((i) => `    let a${i} = ${widen(t, `A[a_start${i} + k]`, true)};`).join('\n')}
${LANES.map((j) => `    let b${j} = ${widen(t, `B[b_start${j} + k]`, true)};`).join('\n')}
${LANES.map((i) => `    acc${i} += vec4<f32>(dot(a${i}, b0), dot(a${i}, b1), dot(a${i}, b2), dot(a${i}, b3));`).join('\n')}
  }`;
  }
  return `
  let a_k = param(P_A_COL);
  let b_k = param(P_B_ROW);
${LANES.map((i) => `  let a_start${i} = batch.x + r.${XYZW[i]} * param(P_A_ROW);`).join('\n')}
${LANES.map((j) => `  let b_start${j} = batch.y + c.${XYZW[j]} * param(P_B_COL);`).join('\n')}
  for (var k = 0u; k < K; k++) {
    let b = vec4<f32>(${LANES.map((j) => widen(t, `B[b_start${j} + k * b_k]`)).join(', ')});
${LANES.map((i) => `    acc${i} += ${widen(t, `A[a_start${i} + k * a_k]`)} * b;`).join('\n')}
  }`;
}

/**
 * How a row of four values is finished before it is stored: as is, through `act` (a
 * `fn act(v: vec4<f32>) -> vec4<f32>` the caller's body defines: FusedGemm's activation), or
 * through `finish(v, at)` (an elementwise epilogue, general/epilogue-wgsl.ts, which also needs
 * each lane's flat output index).
 */
export type StoreKind = 'plain' | 'act' | 'finish';

/**
 * Stores acc0..acc3 (rows row..row+3, columns col..col+3) scaled by alpha, plus beta·bias,
 * finished as `store` says; guarded at the edges.
 */
export function epilogue(variant: MatmulVariant, hasBias: boolean, t: FloatScalar, store: StoreKind = 'plain'): string {
  const bias = (i: number) =>
    hasBias ? ` + paramF(P_BETA) * vec4<f32>(${LANES.map((j) => widen(t, `Bias[r.${XYZW[i]} * param(P_BIAS_ROW) + c.${XYZW[j]} * param(P_BIAS_COL)]`)).join(', ')})` : '';
  return LANES.map((i) => {
    const linear = `acc${i} * paramF(P_ALPHA)${bias(i)}`;
    // Lanes past the edge take the clamped row and column (r, c): an index this invocation owns.
    const at = `vec4<u32>(out_base + r.${XYZW[i]} * N) + c`;
    const value = store === 'act' ? `act(${linear})` : store === 'finish' ? `finish(${linear}, ${at})` : linear;
    const rowStart = `out_base + (row + ${i}u) * N + col`;
    const write =
      variant === 'nn-vec4'
        ? `Y[(${rowStart}) / 4u] = ${narrow(t, 'value', true)};`
        : LANES.map((j) => `if (col + ${j}u < N) { Y[${rowStart} + ${j}u] = ${narrow(t, `value.${XYZW[j]}`)}; }`).join('\n    ');
    return `  if (row + ${i}u < M) {\n    let value = ${value};\n    ${write}\n  }`;
  }).join('\n');
}

/**
 * Helper functions and entry point; bindings A, B, (Bias), Y and the params come from kernelSource.
 * `activation`, when given, is WGSL defining `fn act(v: vec4<f32>) -> vec4<f32>`, applied last, or
 * with `indexed`, `fn finish(v: vec4<f32>, at: vec4<u32>) -> vec4<f32>` (an epilogue).
 */
export function matmulBody(variant: MatmulVariant, batchRank: number, hasBias: boolean, t: FloatScalar, activation?: string, indexed = false): string {
  return `
${offsetsFunction('batchOffsets', batchRank, 'batch_shape', ['a_batch', 'b_batch'])}
${activation ? `${activation}\n` : ''}
@compute @workgroup_size(${MATMUL_WORKGROUP[0]}, ${MATMUL_WORKGROUP[1]}, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let M = param(P_M);
  let N = param(P_N);
  let K = param(P_K);
  let row = gid.y * ${MATMUL_TILE}u;
  let col = gid.x * ${MATMUL_TILE}u;
  if (row >= M || col >= N) { return; }
  let batch = batchOffsets(gid.z);
  let out_base = gid.z * M * N;
  let lanes = vec4<u32>(0u, 1u, 2u, 3u);
  let r = min(vec4<u32>(row) + lanes, vec4<u32>(M - 1u));
  let c = min(vec4<u32>(col) + lanes, vec4<u32>(N - 1u));
${LANES.map((i) => `  var acc${i} = vec4<f32>();`).join('\n')}
${innerLoop(variant, t)}
${epilogue(variant, hasBias, t, activation === undefined ? 'plain' : indexed ? 'finish' : 'act')}
}`;
}
