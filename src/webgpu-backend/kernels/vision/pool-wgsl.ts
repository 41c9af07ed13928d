// WGSL for windowed pools (MaxPool, AveragePool, LpPool). No reduction across invocations, so no
// workgroup memory on any adapter: each invocation pools four outputs at once, sharing the
// window walk — NCHW: four consecutive pixels of one channel (vec4 offsets and flags); NHWC: four
// consecutive channels of one pixel (one offset and flag per tap).
//   max  padding never wins (taps outside the input are skipped); ties keep the first tap, like
//        onnxruntime, which also fixes the optional Indices output
//   avg  divides by the taps inside the input, or (count_include_pad) by the taps inside the
//        padded input — the window clipped to [-pad_begin, size + pad_end) per axis
//   lp   (Σ|x|^p)^(1/p), padding adding 0
import { load, store, XYZW } from './float-wgsl.ts';
import type { FloatScalar } from './float-wgsl.ts';
import type { Layout } from './geometry.ts';
import { pixelOrigins, windowLets, windowLoops, type Lanes } from './window-wgsl.ts';

export type PoolKind = 'max' | 'avg' | 'lp';

export interface PoolShape {
  readonly kind: PoolKind;
  readonly layout: Layout;
  readonly spatial: number;
  readonly t: FloatScalar;
  readonly countIncludePad: boolean;
  /** LpPool's p. */
  readonly p: number;
  /** MaxPool's Indices output: 0 row-major, 1 column-major (2-D) flat indices; undefined without it. */
  readonly indices?: 0 | 1;
}

const LOWEST = 'bitcast<f32>(0xff7fffffu)'; // -FLT_MAX: padding never wins

function accumulate(s: PoolShape): string {
  if (s.kind === 'max' && s.indices !== undefined) {
    const cand = s.indices === 0 ? 'off' : 'i0 + i1 * in_sp0';
    return `      let better = ok & (v > acc);
      acc = select(acc, v, better);
      arg = select(arg, ${s.layout === 'nchw' ? 'vec4<i32>' : 'i32'}(${cand}), better);`;
  }
  if (s.kind === 'max') return '      acc = select(acc, max(acc, v), ok);';
  if (s.kind === 'avg') return '      acc += select(vec4<f32>(0.0), v, ok);\n      cnt += select(vec4<f32>(0.0), vec4<f32>(1.0), ok);';
  const power = s.p === 1 ? 'abs(v)' : s.p === 2 ? 'v * v' : `pow(abs(v), vec4<f32>(${s.p.toFixed(1)}))`;
  return `      acc += select(vec4<f32>(0.0), ${power}, ok);`;
}

/** The pooled value from acc (and cnt / the padded-window size). */
function finish(s: PoolShape, lanes: Lanes): string {
  if (s.kind === 'max') return 'acc';
  if (s.kind === 'lp') return s.p === 1 ? 'acc' : s.p === 2 ? 'sqrt(acc)' : `pow(acc, vec4<f32>(${(1 / s.p).toPrecision(9)}))`;
  if (!s.countIncludePad) return 'acc / cnt';
  const i = lanes === 4 ? 'vec4<i32>' : 'i32';
  // Taps k of axis d with org + k·dil < size + pad_end (org >= -pad_begin always holds).
  const counts = Array.from({ length: s.spatial }, (_, d) => {
    const hi = `${i}(in_sp${d} + i32(param(P_PADS_END + ${d}u)))`;
    return `f32x(clamp((${hi} - org${d} + ${i}(dil${d} - 1)) / ${i}(dil${d}), ${i}(0), ${i}(i32(kernel${d}))))`;
  });
  return `acc / (${counts.join(' * ')})`;
}

function accumulators(s: PoolShape, lanes: Lanes): string {
  const lines = [`  var acc = vec4<f32>(${s.kind === 'max' ? LOWEST : '0.0'});`];
  if (s.kind === 'avg') lines.push('  var cnt = vec4<f32>(0.0);');
  if (s.indices !== undefined) lines.push(`  var arg = ${lanes === 4 ? 'vec4<i32>' : 'i32'}(0);`);
  return lines.join('\n');
}

/** NCHW: index = (n·C + c)·quads + quad. */
function nchwBody(s: PoolShape): string {
  const store4 = XYZW.map((l, k) => `  if (pix0 + ${k}u < out_pixels) { Y[y_base + pix0 + ${k}u] = ${store(s.t, `result.${l}`)};${s.indices !== undefined ? ` I[y_base + pix0 + ${k}u] = i32(x_base) + arg.${l};` : ''} }`);
  return `
  let out_pixels = param(P_OUT_PIXELS);
  let quads = (out_pixels + 3u) / 4u;
  if (index >= param(P_PLANES) * quads) { return; }
  let plane = index / quads;
  let pix0 = (index % quads) * 4u;
  let px = min(vec4<u32>(pix0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(out_pixels - 1u));
${pixelOrigins(s.spatial, 4, 'px')}
${windowLets(s.spatial)}
  let x_base = plane * param(P_IN_PIXELS);
  let y_base = plane * out_pixels;
${accumulators(s, 4)}
${windowLoops(s.spatial, 4, [''], `      let o = x_base + vec4<u32>(select(vec4<i32>(0), off, ok));
      let v = vec4<f32>(${XYZW.map((l) => load(s.t, `X[o.${l}]`)).join(', ')});
${accumulate(s)}`)}
  let result = ${finish(s, 4)};
${store4.join('\n')}
}`;
}

/** NHWC: index = (n·pixels + pixel)·channel_quads + quad. */
function nhwcBody(s: PoolShape): string {
  return `
  let out_pixels = param(P_OUT_PIXELS);
  let c = param(P_CHANNELS);
  let quads = (c + 3u) / 4u;
  if (index >= param(P_BATCH) * out_pixels * quads) { return; }
  let c0 = (index % quads) * 4u;
  let rest = index / quads;
  let pixel = rest % out_pixels;
  let n = rest / out_pixels;
  let ch = min(vec4<u32>(c0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(c - 1u));
${pixelOrigins(s.spatial, 1, 'pixel')}
${windowLets(s.spatial)}
  let x_base = n * param(P_IN_PIXELS);
${accumulators(s, 1)}
${windowLoops(s.spatial, 1, [''], `      let o = (x_base + u32(select(0i, off, ok))) * c;
      let v = vec4<f32>(${XYZW.map((l) => load(s.t, `X[o + ch.${l}]`)).join(', ')});
${accumulate(s)}`)}
  let result = ${finish(s, 1)};
  let y_base = (n * out_pixels + pixel) * c + c0;
${XYZW.map((l, k) => `  if (c0 + ${k}u < c) { Y[y_base + ${k}u] = ${store(s.t, `result.${l}`)}; }`).join('\n')}
}`;
}

export function poolBody(s: PoolShape, entry: string): string {
  const helper = s.kind === 'avg' && s.countIncludePad ? `fn f32x(v: ${s.layout === 'nchw' ? 'vec4<i32>' : 'i32'}) -> vec4<f32> { return vec4<f32>(${s.layout === 'nchw' ? 'v' : 'f32(v)'}); }\n` : '';
  return `${helper}
${entry}
${s.layout === 'nchw' ? nchwBody(s) : nhwcBody(s)}`;
}
