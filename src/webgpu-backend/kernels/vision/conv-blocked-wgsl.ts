// Register-blocked convolution without workgroup memory or barriers (what software adapters want):
// every invocation computes TC output channels × TP output pixels (TP a multiple of 4) in TC·TP/4
// vec4<f32> accumulators, acc_c_q holding channel c at pixels 4q..4q+3 of its tile. Per tap of the
// window the pixels' input offsets and in-bounds flags are computed once and serve every channel.
//   dense      the inner loop walks the group's input channels: TP input loads and TC weight
//              loads feed TC·TP multiply-adds
//   depthwise  no reduction over channels: per tap, each channel loads its own TP inputs and one
//              weight (tiles then run over all output channels, groups being one channel wide)
//
// Loads are scalar on purpose: on SwiftShader a storage load costs per element whether it is a
// scalar or a vec4 (measured: a vec4 load costs about four scalar ones), so what pays is the
// ratio of multiply-adds to loaded elements, TC·TP / (TC + TP) — 8×8 tiles do twice the work per
// load of 4×4 ones — and scalar loads keep every channel count, group size and layout on the
// fast path. Also measured and dropped: unrolling the channel loop ×4, baking kernel size and
// channel count into the WGSL, one flat loop over taps — none faster, some slower; 12×8 and
// 16×16 tiles no better than 8×8. Both layouts share the body; only the addresses differ:
//   NCHW (OIHW weights)  X[x_base + ci·in_pixels + off],  W[(co·cig + ci)·taps + tap]
//   NHWC (HWIO weights)  X[x_base + off·c_in + ci],       W[(tap·cig + ci)·c_out + co]
import { finishLanes, storeFunctions } from './conv-epilogue-wgsl.ts';
import type { ConvProblem } from './conv-problem.ts';
import { load, store, XYZW } from './float-wgsl.ts';
import { pixelOrigins, windowLets, windowLoops } from './window-wgsl.ts';

export interface ConvTile {
  /** Output channels per invocation. */
  readonly channels: number;
  /** Output pixels per invocation (a multiple of 4). */
  readonly pixels: number;
}

export type BlockedKind = 'dense' | 'depthwise';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function head(tile: ConvTile, workgroup: readonly [number, number]): string {
  const quads = range(tile.pixels / 4);
  return `@compute @workgroup_size(${workgroup[0]}, ${workgroup[1]}, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let out_pixels = param(P_OUT_PIXELS);
  let pix0 = gid.x * ${tile.pixels}u;
  let co_tiles = param(P_CO_TILES);
  if (pix0 >= out_pixels || gid.y >= co_tiles * param(P_GROUP)) { return; }
  let n = gid.z;
  let grp = gid.y / co_tiles;
  let cog = param(P_COG);
  let cig = param(P_CIG);
  let c_in = param(P_C_IN);
  let c_out = param(P_C_OUT);
  let in_pixels = param(P_IN_PIXELS);
  let taps = param(P_TAPS);
  let co0 = grp * cog + (gid.y % co_tiles) * ${tile.channels}u;
  let co_last = grp * cog + cog - 1u;
${range(tile.channels).map((c) => `  let co_${c} = min(co0 + ${c}u, co_last);`).join('\n')}
  let lane = vec4<u32>(0u, 1u, 2u, 3u);
  let px_last = vec4<u32>(out_pixels - 1u);
${quads.map((q) => `  let px_q${q} = min(vec4<u32>(pix0 + ${4 * q}u) + lane, px_last);`).join('\n')}
${range(tile.channels).flatMap((c) => quads.map((q) => `  var acc_${c}_${q} = vec4<f32>();`)).join('\n')}`;
}

/** Four inputs at a quad's offsets, zero where the tap is outside the input. */
function gather(p: ConvProblem, q: number, at: (lane: string) => string): string {
  return `select(vec4<f32>(0.0), vec4<f32>(${XYZW.map((l) => load(p.t, `X[${at(l)}]`)).join(', ')}), ok_q${q})`;
}

function denseTap(p: ConvProblem, tile: ConvTile): string {
  const quads = range(tile.pixels / 4);
  const nchw = p.layout === 'nchw';
  // Per tap: each quad's four input offsets (0 where out of bounds; the value is masked anyway).
  const setup = quads.map((q) => {
    const off = `vec4<u32>(select(vec4<i32>(0), off_q${q}, ok_q${q}))`;
    return `      var xo_q${q} = ${nchw ? off : `${off} * c_in`} + vec4<u32>(x_base);`;
  });
  const wAt = (c: number) => (nchw ? `W[w_ch_${c} + wo]` : `W[wo + co_${c}]`);
  const step = [
    ...quads.map((q) => `        let x_q${q} = ${gather(p, q, (l) => `xo_q${q}.${l}`)};`),
    ...range(tile.channels).map((c) => `        let w_${c} = ${load(p.t, wAt(c))};`),
    ...range(tile.channels).flatMap((c) => quads.map((q) => `        acc_${c}_${q} += w_${c} * x_q${q};`)),
    ...quads.map((q) => `        xo_q${q} += vec4<u32>(${nchw ? 'in_pixels' : '1u'});`),
    `        wo += ${nchw ? 'taps' : 'c_out'};`,
  ];
  return `
${setup.join('\n')}
      var wo = ${nchw ? 'tap' : 'tap * cig * c_out'};
      for (var ci = 0u; ci < cig; ci++) {
${step.join('\n')}
      }`;
}

function depthwiseTap(p: ConvProblem, tile: ConvTile): string {
  const quads = range(tile.pixels / 4);
  const nchw = p.layout === 'nchw';
  const setup = quads.map((q) => {
    const off = `vec4<u32>(select(vec4<i32>(0), off_q${q}, ok_q${q}))`;
    return `      let xo_q${q} = ${nchw ? off : `${off} * c_in + vec4<u32>(x_base)`};`;
  });
  const lines = [...setup];
  for (const c of range(tile.channels)) {
    lines.push(`      let w_${c} = ${load(p.t, nchw ? `W[co_${c} * taps + tap]` : `W[tap * c_out + co_${c}]`)};`);
    for (const q of quads) {
      const at = (l: string) => (nchw ? `x_ch_${c} + xo_q${q}.${l}` : `xo_q${q}.${l} + ci_${c}`);
      lines.push(`      acc_${c}_${q} += w_${c} * ${gather(p, q, at)};`);
    }
  }
  return `\n${lines.join('\n')}`;
}

function epilogue(p: ConvProblem, tile: ConvTile): string {
  const nchw = p.layout === 'nchw';
  const lines: string[] = [];
  for (const c of range(tile.channels)) {
    lines.push(`  if (co0 + ${c}u <= co_last) {`);
    if (p.hasBias) lines.push(`    let bias_${c} = ${load(p.t, `B[co_${c}]`)};`);
    for (const q of range(tile.pixels / 4)) {
      const at = (l: number) => (nchw ? `(n * c_out + co_${c}) * out_pixels + px_q${q}.${XYZW[l]}` : `(n * out_pixels + px_q${q}.${XYZW[l]}) * c_out + co_${c}`);
      let value = `acc_${c}_${q}`;
      if (p.hasBias) value += ` + vec4<f32>(bias_${c})`;
      if (p.hasZ) value += ` + vec4<f32>(${range(4).map((l) => load(p.t, `Z[${at(l)}]`)).join(', ')})`;
      lines.push(`    let v_${c}_${q} = ${finishLanes(p.act, p.epilogue, value, at)};`);
      for (const l of range(4)) lines.push(`    if (pix0 + ${4 * q + l}u < out_pixels) { Y[${at(l)}] = ${store(p.t, `v_${c}_${q}.${XYZW[l]}`)}; }`);
    }
    lines.push('  }');
  }
  return lines.join('\n');
}

export function blockedConvBody(p: ConvProblem, kind: BlockedKind, tile: ConvTile, workgroup: readonly [number, number]): string {
  const spatial = p.g.inSpatial.length;
  const quads = range(tile.pixels / 4).map((q) => `_q${q}`);
  const nchw = p.layout === 'nchw';
  let bases: string;
  if (kind === 'dense') {
    const xBase = nchw ? '(n * c_in + grp * cig) * in_pixels' : 'n * in_pixels * c_in + grp * cig';
    bases = [`  let x_base = ${xBase};`, ...(nchw ? range(tile.channels).map((c) => `  let w_ch_${c} = co_${c} * cig * taps;`) : [])].join('\n');
  } else {
    // Output channel co reads input channel co / multiplier.
    const ci = range(tile.channels).map((c) => `  let ci_${c} = co_${c} / param(P_MULT);`);
    const perChannel = nchw ? range(tile.channels).map((c) => `  let x_ch_${c} = (n * c_in + ci_${c}) * in_pixels;`) : ['  let x_base = n * in_pixels * c_in;'];
    bases = [...ci, ...perChannel].join('\n');
  }
  const body = `
${storeFunctions(p.act, p.epilogue)}

${head(tile, workgroup)}
${quads.map((s) => pixelOrigins(spatial, 4, `px${s}`, s)).join('\n')}
${windowLets(spatial)}
${bases}
${windowLoops(spatial, 4, quads, kind === 'dense' ? denseTap(p, tile) : depthwiseTap(p, tile))}
${epilogue(p, tile)}
}`;
  return body;
}

/** A workgroup of 64 shaped to the problem: as wide as the pixel tiles allow, the rest along channels. */
export function tileWorkgroup(pixelTiles: number): [number, number] {
  let x = 1;
  while (x < 64 && x < pixelTiles) x *= 2;
  return [x, 64 / x];
}
