// WGSL for ConvTranspose as a gather: output o receives input i through tap k where
// o = i·stride − pad + k·dilation, i.e. i = (o + pad − k·dilation) / stride when that divides.
// Every invocation computes TC output channels × 4 output positions along the last axis that
// share their phase (o mod stride): o = phase + stride·(4j + l). Taps then divide for all four
// lanes or for none, so the tap loop skips the others with a uniform branch instead of loading
// masked inputs for taps that contribute nothing (a stride-2 2×2 kernel would waste 3 loads in 4).
// Barrier-free, like the convolutions' register-blocked kernels; loads are scalar (see
// conv-blocked-wgsl.ts for why).
import type { Layout } from './geometry.ts';
import { load, store, XYZW, type FloatScalar } from './float-wgsl.ts';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export interface TransposeShape {
  readonly layout: Layout;
  readonly spatial: number;
  readonly channels: number;
  readonly t: FloatScalar;
  readonly hasBias: boolean;
}

/** Loops over the taps of the axes before the last: a tap continues only where it divides and lands inside. */
function outerTaps(spatial: number): { open: string; close: string } {
  const open: string[] = [];
  for (let d = 0; d < spatial - 1; d++) {
    const pad = '  '.repeat(d + 1);
    open.push(`${pad}for (var k${d} = 0u; k${d} < param(P_KERNEL + ${d}u); k${d}++) {
${pad}  let num${d} = i32(o${d} + param(P_PADS + ${d}u)) - i32(k${d} * param(P_DILATIONS + ${d}u));
${pad}  let s${d} = i32(param(P_STRIDES + ${d}u));
${pad}  if (num${d} < 0 || num${d} % s${d} != 0 || num${d} / s${d} >= i32(param(P_IN_SP + ${d}u))) { continue; }
${pad}  let row${d} = ${d === 0 ? `u32(num${d} / s${d})` : `row${d - 1} * param(P_IN_SP + ${d}u) + u32(num${d} / s${d})`};
${pad}  let tap${d} = ${d === 0 ? `k${d}` : `tap${d - 1} * param(P_KERNEL + ${d}u) + k${d}`};`);
  }
  const close = range(spatial - 1).map((d) => `${'  '.repeat(spatial - 1 - d)}}`).join('\n');
  return { open: open.join('\n'), close };
}

export function convTransposeBody(s: TransposeShape): string {
  const S = s.spatial;
  const L = S - 1;
  const nchw = s.layout === 'nchw';
  const ch = range(s.channels);
  const { open, close } = outerTaps(S);
  const pad = '  '.repeat(S);
  const xAt = (l: string) => (nchw ? `x_ci + off.${l}` : `off.${l} * c_in + x_ci`);
  const wAt = (c: number) => (nchw ? `W[(ci * cog + co_${c} - grp * cog) * taps + tap]` : `W[(tap * c_in + ci) * cog + co_${c} - grp * cog]`);
  const yAt = (c: number, l: string) => (nchw ? `(n * c_out + co_${c}) * out_pixels + out_row * out_last + ow.${l}` : `(n * out_pixels + out_row * out_last + ow.${l}) * c_out + co_${c}`);
  const rowDecompose = range(L)
    .map((k) => {
      const d = L - 1 - k;
      return `  let o${d} = rest_row % param(P_OUT_SP + ${d}u);\n  rest_row = rest_row / param(P_OUT_SP + ${d}u);`;
    })
    .join('\n');
  return `
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let index = gid.x + gid.y * groups.x * 64u;
  if (index >= param(P_COUNT)) { return; }
  let quads = param(P_QUADS);
  let stride = param(P_STRIDES + ${L}u);
  let rows = param(P_ROWS);
  let co_tiles = param(P_CO_TILES);
  let tiles = co_tiles * param(P_GROUP);
  let q = index % (stride * quads);
  var rest = index / (stride * quads);
  let out_row = rest % rows;
  rest = rest / rows;
  let tile = rest % tiles;
  let n = rest / tiles;
  let phase = q / quads;
  let j = q % quads;
  let cog = param(P_COG);
  let cig = param(P_CIG);
  let c_in = param(P_C_IN);
  let c_out = param(P_C_OUT);
  let taps = param(P_TAPS);
  let out_pixels = param(P_OUT_PIXELS);
  let in_pixels = param(P_IN_PIXELS);
  let out_last = param(P_OUT_SP + ${L}u);
  let in_last = i32(param(P_IN_SP + ${L}u));
  let grp = tile / co_tiles;
  let co0 = grp * cog + (tile % co_tiles) * ${s.channels}u;
  let co_last = grp * cog + cog - 1u;
${ch.map((c) => `  let co_${c} = min(co0 + ${c}u, co_last);`).join('\n')}
  var rest_row = out_row;
${rowDecompose}
  let ow = vec4<u32>(phase + stride * (4u * j)) + stride * vec4<u32>(0u, 1u, 2u, 3u);
  let lane_ok = ow < vec4<u32>(out_last);
${ch.map((c) => `  var acc_${c} = vec4<f32>();`).join('\n')}
${open}
${pad}for (var kl = 0u; kl < param(P_KERNEL + ${L}u); kl++) {
${pad}  let shift = i32(phase + param(P_PADS + ${L}u)) - i32(kl * param(P_DILATIONS + ${L}u));
${pad}  if (shift % i32(stride) != 0) { continue; }
${pad}  let num = vec4<i32>(ow - vec4<u32>(phase)) + vec4<i32>(shift);
${pad}  let il = num / vec4<i32>(i32(stride));
${pad}  let ok = lane_ok & (num >= vec4<i32>(0)) & (il < vec4<i32>(in_last));
${pad}  let off = vec4<u32>(select(vec4<i32>(0), il, ok))${S > 1 ? ` + vec4<u32>(row${S - 2} * u32(in_last))` : ''};
${pad}  let tap = ${S > 1 ? `tap${S - 2} * param(P_KERNEL + ${L}u) + kl` : 'kl'};
${pad}  for (var ci = grp * cig; ci < grp * cig + cig; ci++) {
${pad}    let x_ci = ${nchw ? '(n * c_in + ci) * in_pixels' : 'n * in_pixels * c_in + ci'};
${pad}    let x = select(vec4<f32>(0.0), vec4<f32>(${XYZW.map((l) => load(s.t, `X[${xAt(l)}]`)).join(', ')}), ok);
${ch.map((c) => `${pad}    acc_${c} += ${load(s.t, wAt(c))} * x;`).join('\n')}
${pad}  }
${pad}}
${close}
${ch
  .map((c) => {
    const bias = s.hasBias ? ` + vec4<f32>(${load(s.t, `B[co_${c}]`)})` : '';
    const stores = XYZW.map((l) => `    if (lane_ok.${l}) { Y[${yAt(c, l)}] = ${store(s.t, `v.${l}`)}; }`).join('\n');
    return `  if (co0 + ${c}u <= co_last) {\n    let v = acc_${c}${bias};\n${stores}\n  }`;
  })
  .join('\n')}
}`;
}
