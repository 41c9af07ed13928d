// Convolution on GPUs as an implicit GEMM through workgroup memory (what onnxruntime-web's conv2d_mm
// does; written here from the idea, not its code): per group and batch, Y[m, p] = Σ_k A[m, k]·B[k, p]
// with m an output channel of the group, p an output pixel, k = (input channel, tap) in the
// weight's own order (OIHW: ci-major; HWIO: tap-major), A the weights and B the im2col matrix,
// never materialized: each workgroup stages a 32×32 tile of A and of B per step along k (B
// gathered from X with the window's bounds checks), then every invocation accumulates a 4×4
// register block. The barriers pay on GPUs; software adapters get the register-blocked kernels.
import type { AdapterProfile } from '../../adapter-profile.ts';
import { shapeError, type OpContext } from '../../op-def.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { finishOne, storeFunctions, storeSuffix } from './conv-epilogue-wgsl.ts';
import { channelTiles, convInputs, convParams, outPixels, residualInPlace, type ConvProblem } from './conv-problem.ts';
import { elem, load, LANES, store } from './float-wgsl.ts';

const TILE = 32;
const WORKGROUP_BYTES = 2 * TILE * TILE * 4;
/** Below this many output channels (per group) or pixels a 32×32 tile is mostly idle. */
const MIN_SIDE = 8;

export function wantsTiled(p: ConvProblem, profile: AdapterProfile): boolean {
  return profile.kind === 'gpu' && p.cog >= MIN_SIDE && outPixels(p) >= MIN_SIDE;
}

/** `fn im2col(k, p, x_base) -> f32`: B[k, p], 0 in the padding. */
function im2colFn(p: ConvProblem): string {
  const spatial = p.g.inSpatial.length;
  const nchw = p.layout === 'nchw';
  const split = nchw ? 'let ci = k / taps;\n  var rest_t = k % taps;' : 'let ci = k % cig;\n  var rest_t = k / cig;';
  const at = nchw ? 'x_base + ci * param(P_IN_PIXELS) + u32(off)' : 'x_base + u32(off) * param(P_C_IN) + ci';
  return `fn im2col(k: u32, px: u32, x_base: u32) -> f32 {
  let taps = param(P_TAPS);
  let cig = param(P_CIG);
  ${split}
  var rest_p = px;
  var off = 0i;
  var scale = 1i;
  for (var dd = 0u; dd < ${spatial}u; dd++) {
    let d = ${spatial - 1}u - dd;
    let kd = rest_t % param(P_KERNEL + d);
    rest_t = rest_t / param(P_KERNEL + d);
    let od = rest_p % param(P_OUT_SP + d);
    rest_p = rest_p / param(P_OUT_SP + d);
    let i = i32(od * param(P_STRIDES + d) + kd * param(P_DILATIONS + d)) - i32(param(P_PADS + d));
    let size = i32(param(P_IN_SP + d));
    if (i < 0 || i >= size) { return 0.0; }
    off += i * scale;
    scale *= size;
  }
  return ${load(p.t, `X[${at}]`)};
}`;
}

function tiledBody(p: ConvProblem): string {
  const nchw = p.layout === 'nchw';
  const weight = nchw ? 'W[(co_first + r_m) * K + r_k]' : 'W[r_k * c_out + co_first + r_m]';
  const xBase = nchw ? '(nb * c_in + grp * cig) * param(P_IN_PIXELS)' : 'nb * param(P_IN_PIXELS) * c_in + grp * cig';
  const outAt = nchw ? '(nb * c_out + co_first + m) * N + px' : '(nb * N + px) * c_out + co_first + m';
  const bias = p.hasBias ? ` + ${load(p.t, 'B[co_first + m]')}` : '';
  const z = p.hasZ ? ` + ${load(p.t, `Z[${outAt}]`)}` : '';
  return `
${storeFunctions(p.act, p.epilogue)}
${im2colFn(p)}

var<workgroup> As: array<array<f32, ${TILE}>, ${TILE}>;
var<workgroup> Bs: array<array<f32, ${TILE}>, ${TILE}>;

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  let M = param(P_COG);
  let N = param(P_OUT_PIXELS);
  let cig = param(P_CIG);
  let K = cig * param(P_TAPS);
  let c_in = param(P_C_IN);
  let c_out = param(P_C_OUT);
  let co_tiles = param(P_CO_TILES);
  let grp = wid.y / co_tiles;
  let co_first = grp * M;
  let tile_m = (wid.y % co_tiles) * ${TILE}u;
  let tile_p = wid.x * ${TILE}u;
  let nb = wid.z;
  let x_base = ${xBase};
  let local = lid.y * 8u + lid.x;
${LANES.map((i) => `  var acc${i} = vec4<f32>();`).join('\n')}
  // Every invocation reaches every barrier: the loop bound is uniform and nobody returns early.
  for (var k0 = 0u; k0 < K; k0 += ${TILE}u) {
    for (var e = 0u; e < ${(TILE * TILE) / 64}u; e++) {
      let i = local + e * 64u;
      let r = i / ${TILE}u;
      let c = i % ${TILE}u;
      var a = 0.0;
      let r_m = tile_m + r;
      let r_k = k0 + c;
      if (r_m < M && r_k < K) { a = ${load(p.t, weight)}; }
      As[r][c] = a;
      var b = 0.0;
      if (k0 + r < K && tile_p + c < N) { b = im2col(k0 + r, tile_p + c, x_base); }
      Bs[r][c] = b;
    }
    workgroupBarrier();
    for (var k = 0u; k < ${TILE}u; k++) {
      let bk = vec4<f32>(${LANES.map((j) => `Bs[k][lid.x * 4u + ${j}u]`).join(', ')});
${LANES.map((i) => `      acc${i} += As[lid.y * 4u + ${i}u][k] * bk;`).join('\n')}
    }
    workgroupBarrier();
  }
${LANES.map(
  (i) => `  {
    let m = tile_m + lid.y * 4u + ${i}u;
    let v = acc${i};
    for (var j = 0u; j < 4u; j++) {
      let px = tile_p + lid.x * 4u + j;
      if (m < M && px < N) { Y[${outAt}] = ${store(p.t, finishOne(p.act, p.epilogue, `v[j]${bias}${z}`, outAt))}; }
    }
  }`,
).join('\n')}
}`;
}

export function tiledConvKernel(p: ConvProblem, ctx: OpContext): KernelSource {
  const params = new ParamWriter();
  convParams(params, p, TILE);
  const workgroups: [number, number, number] = [Math.ceil(outPixels(p) / TILE), channelTiles(p, TILE) * p.group, p.g.batch];
  if (workgroups.some((w) => w > ctx.profile.limits.maxComputeWorkgroupsPerDimension)) throw shapeError(ctx.node, `dispatch ${workgroups.join('×')} exceeds the device's workgroups per dimension`);
  return kernelSource({
    variant: `conv-${p.layout}-tiled${storeSuffix(p.act, p.epilogue)}`,
    inputs: convInputs(p, elem(p.t, false), elem(p.t, false), elem(p.t, false)),
    output: { name: 'Y', elem: elem(p.t, false) },
    params,
    body: tiledBody(p),
    workgroups,
    workgroupStorageBytes: WORKGROUP_BYTES,
    // Z and the epilogue's inputs are read only where the guarded store writes (see residualInPlace).
    inPlace: residualInPlace(p),
  });
}
