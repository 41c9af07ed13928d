// Depthwise convolution by row windows: every invocation computes 4 channels × 8 consecutive
// outputs of one row (the last axis), loading for each channel and each tap row the input
// segment those 8 outputs share — 7·stride + (kw−1)·dilation + 1 values — once, and reusing it for
// every tap along the row. A 3×3 stride-1 depthwise conv loads 10 inputs per 24 multiply-adds
// instead of 24 (the flattened-pixel kernel of conv-blocked-wgsl.ts), which is what counts on
// SwiftShader, where every loaded element costs (see conv-blocked-wgsl.ts). The kernel width,
// stride and dilation along the row are baked into the WGSL (the segment lives in registers,
// indexed by constants); the other axes loop at run time.
import { finishLanes, storeFunctions } from './conv-epilogue-wgsl.ts';
import type { ConvProblem } from './conv-problem.ts';
import { load, store, XYZW } from './float-wgsl.ts';

export const ROW_OUTPUTS = 8;
const CHANNELS = 4;
/** Longest row segment kept in registers. */
export const MAX_SEGMENT = 40;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The row's kernel width, stride and dilation, and the input segment length. */
export function rowWindow(p: ConvProblem) {
  const last = p.g.kernel.length - 1;
  const kw = p.g.kernel[last]!;
  const stride = p.g.strides[last]!;
  const dilation = p.g.dilations[last]!;
  return { kw, stride, dilation, segment: (ROW_OUTPUTS - 1) * stride + (kw - 1) * dilation + 1 };
}

export function depthwiseRowBody(p: ConvProblem): string {
  const { kw, stride, dilation, segment } = rowWindow(p);
  const S = p.g.inSpatial.length;
  const L = S - 1;
  const nchw = p.layout === 'nchw';
  const outer = range(L);
  const seg = range(segment);
  // Outer axes: one position per invocation (the row's), looped over their taps.
  const open = outer
    .map((d) => {
      const pad = '  '.repeat(d + 1);
      return `${pad}for (var k${d} = 0u; k${d} < param(P_KERNEL + ${d}u); k${d}++) {
${pad}  let i${d} = org${d} + i32(k${d} * param(P_DILATIONS + ${d}u));
${pad}  if (u32(i${d}) >= param(P_IN_SP + ${d}u)) { continue; }
${pad}  let row${d} = ${d === 0 ? `u32(i${d})` : `row${d - 1} * param(P_IN_SP + ${d}u) + u32(i${d})`};
${pad}  let tap${d} = ${d === 0 ? `k${d}` : `tap${d - 1} * param(P_KERNEL + ${d}u) + k${d}`};`;
    })
    .join('\n');
  const close = outer.map((d) => `${'  '.repeat(L - d)}}`).join('\n');
  const pad = '  '.repeat(L + 1);
  const rowOff = L > 0 ? `row${L - 1} * in_last` : '0u';
  const tapRow = L > 0 ? `tap${L - 1} * ${kw}u` : '0u';
  const channelBody = range(CHANNELS).map((c) => {
    const xBase = nchw ? `(n * c_in + ci_${c}) * in_pixels + ${rowOff}` : `(n * in_pixels + ${rowOff}) * c_in + ci_${c}`;
    const xAt = (j: number) => (nchw ? `xb_${c} + idx_${j}` : `xb_${c} + idx_${j} * c_in`);
    const wAt = (k: number) => (nchw ? `W[co_${c} * taps + ${tapRow} + ${k}u]` : `W[(${tapRow} + ${k}u) * c_out + co_${c}]`);
    const lines = [`${pad}{`, `${pad}  let xb_${c} = ${xBase};`];
    for (const j of seg) lines.push(`${pad}  let x${j} = select(0.0, ${load(p.t, `X[${xAt(j)}]`)}, ok_${j});`);
    for (const k of range(kw)) {
      lines.push(`${pad}  let w${k} = ${load(p.t, wAt(k))};`);
      for (const q of [0, 1]) {
        const xs = range(4).map((l) => `x${(4 * q + l) * stride + k * dilation}`);
        lines.push(`${pad}  acc_${c}_${q} += vec4<f32>(${xs.join(', ')}) * w${k};`);
      }
    }
    lines.push(`${pad}}`);
    return lines.join('\n');
  });
  const yAt = (c: number, o: string) => (nchw ? `(n * c_out + co_${c}) * out_pixels + out_row * out_last + ${o}` : `(n * out_pixels + out_row * out_last + ${o}) * c_out + co_${c}`);
  const epilogue = range(CHANNELS).map((c) => {
    const lines = [`  if (co0 + ${c}u < c_out) {`];
    for (const q of [0, 1]) {
      let value = `acc_${c}_${q}`;
      if (p.hasBias) value += ` + vec4<f32>(${load(p.t, `B[co_${c}]`)})`;
      if (p.hasZ) value += ` + vec4<f32>(${range(4).map((l) => load(p.t, `Z[${yAt(c, `min(ox0 + ${4 * q + l}u, out_last - 1u)`)}]`)).join(', ')})`;
      // Lanes past the row's end read (and compute) its last element; their stores are skipped.
      lines.push(`    let v${q} = ${finishLanes(p.act, p.epilogue, value, (l) => yAt(c, `min(ox0 + ${4 * q + l}u, out_last - 1u)`))};`);
      for (const l of range(4)) lines.push(`    if (ox0 + ${4 * q + l}u < out_last) { Y[${yAt(c, `ox0 + ${4 * q + l}u`)}] = ${store(p.t, `v${q}.${XYZW[l]}`)}; }`);
    }
    lines.push('  }');
    return lines.join('\n');
  });
  const rowDecompose = outer
    .slice()
    .reverse()
    .map((d) => `  let o${d} = rest_row % param(P_OUT_SP + ${d}u);\n  rest_row = rest_row / param(P_OUT_SP + ${d}u);\n  let org${d} = i32(o${d} * param(P_STRIDES + ${d}u)) - i32(param(P_PADS + ${d}u));`)
    .join('\n');
  return `
${storeFunctions(p.act, p.epilogue)}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let index = gid.x + gid.y * groups.x * 64u;
  if (index >= param(P_COUNT)) { return; }
  let c_in = param(P_C_IN);
  let c_out = param(P_C_OUT);
  let taps = param(P_TAPS);
  let in_pixels = param(P_IN_PIXELS);
  let out_pixels = param(P_OUT_PIXELS);
  let in_last = param(P_IN_SP + ${L}u);
  let out_last = param(P_OUT_SP + ${L}u);
  let segments = (out_last + ${ROW_OUTPUTS - 1}u) / ${ROW_OUTPUTS}u;
  let rows = out_pixels / out_last;
  let ox0 = (index % segments) * ${ROW_OUTPUTS}u;
  var rest = index / segments;
  let out_row = rest % rows;
  rest = rest / rows;
  let co0 = (rest % ((c_out + ${CHANNELS - 1}u) / ${CHANNELS}u)) * ${CHANNELS}u;
  let n = rest / ((c_out + ${CHANNELS - 1}u) / ${CHANNELS}u);
${range(CHANNELS).map((c) => `  let co_${c} = min(co0 + ${c}u, c_out - 1u);\n  let ci_${c} = co_${c} / param(P_MULT);`).join('\n')}
  var rest_row = out_row;
${rowDecompose}
  // The segment's input positions along the row, their bounds, and safe indices (0 outside).
  let ix0 = i32(ox0 * ${stride}u) - i32(param(P_PADS + ${L}u));
${seg.map((j) => `  let ok_${j} = u32(ix0 + ${j}) < in_last;\n  let idx_${j} = select(0u, u32(ix0 + ${j}), ok_${j});`).join('\n')}
${range(CHANNELS).flatMap((c) => [0, 1].map((q) => `  var acc_${c}_${q} = vec4<f32>();`)).join('\n')}
${open}
${channelBody.join('\n')}
${close}
${epilogue.join('\n')}
}`;
}
