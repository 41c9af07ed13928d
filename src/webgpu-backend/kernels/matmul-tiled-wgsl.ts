// WGSL for C = alpha·A·B (+ beta·bias) on GPUs: a workgroup of 8×8 invocations computes a 32×32
// output tile. Per step along k it stages a 32×32 tile of A and of B in workgroup memory (each
// invocation loads 16 elements of each, consecutive invocations reading consecutive addresses),
// synchronizes, and every invocation accumulates its 4×4 register block from the staged tiles.
// Each element of A and B is read from global memory once per workgroup instead of once per
// invocation row/column: the traffic saving that pays for the barriers on a GPU. (On SwiftShader a
// barrier turns a workgroup into coroutines; there the register-blocked kernels of matmul-wgsl.ts
// win, which is why the adapter profile picks between them.) Loads go through the strides, so
// one variant serves every layout: transposed operands, broadcast batches, any sizes.
import { offsetsFunction } from '../wgsl/indexing.ts';
import { epilogue, widen, type FloatScalar } from './matmul-wgsl.ts';

export const TILED_TILE = 32;
export const TILED_WORKGROUP: readonly [number, number] = [8, 8];
/** Two f32 tiles of TILED_TILE × TILED_TILE. */
export const TILED_WORKGROUP_BYTES = 2 * TILED_TILE * TILED_TILE * 4;

const LANES = [0, 1, 2, 3];

/** `activation`, `indexed`: as for matmulBody (WGSL defining `act`, or with `indexed` an epilogue's `finish`). */
export function matmulTiledBody(batchRank: number, hasBias: boolean, t: FloatScalar, activation?: string, indexed = false): string {
  const T = TILED_TILE;
  const invocations = TILED_WORKGROUP[0] * TILED_WORKGROUP[1];
  const loadsEach = (T * T) / invocations;
  return `
${offsetsFunction('batchOffsets', batchRank, 'batch_shape', ['a_batch', 'b_batch'])}
${activation ? `${activation}\n` : ''}
var<workgroup> As: array<array<f32, ${T}>, ${T}>;
var<workgroup> Bs: array<array<f32, ${T}>, ${T}>;

@compute @workgroup_size(${TILED_WORKGROUP[0]}, ${TILED_WORKGROUP[1]}, 1)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  let M = param(P_M);
  let N = param(P_N);
  let K = param(P_K);
  let tile_row = wid.y * ${T}u;
  let tile_col = wid.x * ${T}u;
  let batch = batchOffsets(wid.z);
  let out_base = wid.z * M * N;
  let local = lid.y * ${TILED_WORKGROUP[0]}u + lid.x;
  let row = tile_row + lid.y * 4u;
  let col = tile_col + lid.x * 4u;
${LANES.map((i) => `  var acc${i} = vec4<f32>();`).join('\n')}
  // Every invocation reaches every barrier: the loop bound is uniform and nobody returns early.
  for (var k0 = 0u; k0 < K; k0 += ${T}u) {
    for (var e = 0u; e < ${loadsEach}u; e++) {
      let i = local + e * ${invocations}u;
      let r = i / ${T}u;
      let c = i % ${T}u;
      var a = 0.0;
      if (tile_row + r < M && k0 + c < K) { a = ${widen(t, `A[batch.x + (tile_row + r) * param(P_A_ROW) + (k0 + c) * param(P_A_COL)]`)}; }
      As[r][c] = a;
      var b = 0.0;
      if (k0 + r < K && tile_col + c < N) { b = ${widen(t, `B[batch.y + (k0 + r) * param(P_B_ROW) + (tile_col + c) * param(P_B_COL)]`)}; }
      Bs[r][c] = b;
    }
    workgroupBarrier();
    for (var k = 0u; k < ${T}u; k++) {
      let bk = vec4<f32>(${LANES.map((j) => `Bs[k][lid.x * 4u + ${j}u]`).join(', ')});
${LANES.map((i) => `      acc${i} += As[lid.y * 4u + ${i}u][k] * bk;`).join('\n')}
    }
    workgroupBarrier();
  }
  if (row >= M || col >= N) { return; }
  let lanes = vec4<u32>(0u, 1u, 2u, 3u);
  let r = min(vec4<u32>(row) + lanes, vec4<u32>(M - 1u));
  let c = min(vec4<u32>(col) + lanes, vec4<u32>(N - 1u));
${epilogue('scalar', hasBias, t, activation === undefined ? 'plain' : indexed ? 'finish' : 'act')}
}`;
}
