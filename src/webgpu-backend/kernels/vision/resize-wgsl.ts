// WGSL for Resize/Upsample: per output element, each axis maps its coordinate back to the input
// through the coordinate transformation, then nearest picks one input per axis, linear blends the
// two neighbours along the last two axes (bilinear; the others must map one to one), and cubic
// the four around floor(x) (Keys' kernel with a = cubic_coeff_a; taps past the edge read the edge
// pixel, or with exclude_outside weigh 0 and the rest are renormalized, as ONNX's reference).

export type NearestMode = 'round_prefer_floor' | 'round_prefer_ceil' | 'floor' | 'ceil' | 'simple';

/** `fn original(x, d) -> f32`: the input coordinate of output coordinate x on axis d (align_corners reads params 'resized'). */
export function transformWgsl(mode: string): string {
  const body: Record<string, string> = {
    half_pixel: 'return (x + 0.5) / scale - 0.5;',
    // Where the output length is 1 onnxruntime samples coordinate 0.
    pytorch_half_pixel: 'return select(0.0, (x + 0.5) / scale - 0.5, out_len > 1.0);',
    // Over the resized length in_len · scale, unrounded (ONNX's reference; sizes give the output
    // length): downsampling [2, 4] by 0.6 maps x = 1 to 3 / 1.4, not to 3 / 1.
    align_corners: `let resized = paramF(P_RESIZED + d);
  return select(x * (in_len - 1.0) / (resized - 1.0), 0.0, resized == 1.0);`,
    asymmetric: 'return x / scale;',
    tf_half_pixel_for_nn: 'return (x + 0.5) / scale;',
    half_pixel_symmetric: `let adjustment = out_len / (scale * in_len);
  let offset = in_len * 0.5 * (1.0 - adjustment);
  return offset + (x + 0.5) / scale - 0.5;`,
  };
  return `fn original(x: f32, d: u32) -> f32 {
  let scale = paramF(P_SCALES + d);
  let in_len = f32(param(P_IN_SHAPE + d));
  let out_len = f32(param(P_OUT_SHAPE + d));
  ${body[mode]}
}`;
}

/** `fn nearest(x, d) -> u32`: the input index picked on axis d, clamped into the input. */
export function nearestWgsl(mode: NearestMode): string {
  const round: Record<NearestMode, string> = {
    // Halves go down: ceil(x - 0.5).
    round_prefer_floor: 'ceil(x - 0.5)',
    round_prefer_ceil: 'floor(x + 0.5)',
    floor: 'floor(x)',
    ceil: 'ceil(x)',
    // Opsets before 11 (Upsample, Resize-10): truncate, or ceil when downsampling (onnxruntime).
    simple: 'select(trunc(x), ceil(x), paramF(P_SCALES + d) < 1.0)',
  };
  return `fn nearest(x: f32, d: u32) -> u32 {
  let i = i32(${round[mode]});
  return u32(clamp(i, 0, i32(param(P_IN_SHAPE + d)) - 1));
}`;
}

export type ResizeMode = 'nearest' | 'linear' | 'cubic';

/** `fn cubicW(s) -> f32`: Keys' cubic convolution weight at distance s (a = param cubic_a). */
export const CUBIC_WEIGHT_WGSL = `fn cubicW(s: f32) -> f32 {
  let a = paramF(P_CUBIC_A);
  let x = abs(s);
  if (x <= 1.0) { return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0; }
  if (x < 2.0) { return ((a * x - 5.0 * a) * x + 8.0 * a) * x - 4.0 * a; }
  return 0.0;
}`;

/** Per cubic axis d: the four taps' weights w<d> and clamped indices i<d>. */
function cubicAxis(d: number, excludeOutside: boolean): string {
  return `
  let x${d} = original(f32(o${d}), ${d}u);
  let f${d} = floor(x${d});
  var w${d}: array<f32, 4>;
  var i${d}: array<u32, 4>;
  var sum${d} = 0.0;
  for (var k = 0u; k < 4u; k++) {
    let at = i32(f${d}) - 1 + i32(k);
    let len = i32(param(P_IN_SHAPE + ${d}u));
    w${d}[k] = ${excludeOutside ? `select(cubicW(x${d} - f${d} + 1.0 - f32(k)), 0.0, at < 0 || at >= len)` : `cubicW(x${d} - f${d} + 1.0 - f32(k))`};
    sum${d} += w${d}[k];
    i${d}[k] = u32(clamp(at, 0, len - 1));
  }
  ${excludeOutside ? `for (var k = 0u; k < 4u; k++) { w${d}[k] = w${d}[k] / sum${d}; }` : ''}`;
}

/** Entry body: `index` is the output element; outer axes (all but the last two for linear and cubic) map exactly. */
export function resizeBody(rank: number, mode: ResizeMode, elemLoad: (at: string) => string, elemStore: (v: string) => string, excludeOutside = false): string {
  const linear = mode !== 'nearest';
  const linearAxes = linear ? Math.min(2, rank) : 0;
  const nearestAxes = rank - linearAxes;
  const coords = `
  var rest = index;
  var base = 0u;
${Array.from({ length: rank }, (_, k) => {
  const d = rank - 1 - k;
  const o = `o${d}`;
  const lines = [`  let ${o} = rest % param(P_OUT_SHAPE + ${d}u);`, `  rest = rest / param(P_OUT_SHAPE + ${d}u);`];
  if (d < nearestAxes) lines.push(`  base += nearest(original(f32(${o}), ${d}u), ${d}u) * param(P_IN_STRIDES + ${d}u);`);
  return lines.join('\n');
}).join('\n')}`;
  if (!linear) return `${coords}\n  Y[index] = X[base];`;
  if (mode === 'cubic') {
    const axes = Array.from({ length: linearAxes }, (_, k) => rank - linearAxes + k);
    const at = axes.map((d) => `i${d}[k${d}] * param(P_IN_STRIDES + ${d}u)`).join(' + ');
    let sum = `acc += ${axes.map((d) => `w${d}[k${d}]`).join(' * ')} * ${elemLoad(`base + ${at}`)};`;
    for (const d of [...axes].reverse()) sum = `for (var k${d} = 0u; k${d} < 4u; k${d}++) { ${sum} }`;
    return `${coords}${axes.map((d) => cubicAxis(d, excludeOutside)).join('')}
  var acc = 0.0;
  ${sum}
  Y[index] = ${elemStore('acc')};`;
  }
  // Per linear axis: the two neighbours (clamped) and the weight of the second.
  const axis = (d: number) => `
  let x${d} = clamp(original(f32(o${d}), ${d}u), 0.0, f32(param(P_IN_SHAPE + ${d}u) - 1u));
  let lo${d} = u32(floor(x${d}));
  let hi${d} = min(lo${d} + 1u, param(P_IN_SHAPE + ${d}u) - 1u);
  let w${d} = x${d} - f32(lo${d});`;
  const last = rank - 1;
  if (linearAxes === 1) {
    return `${coords}${axis(last)}
  let s = param(P_IN_STRIDES + ${last}u);
  let v = mix(${elemLoad(`base + lo${last} * s`)}, ${elemLoad(`base + hi${last} * s`)}, w${last});
  Y[index] = ${elemStore('v')};`;
  }
  const h = rank - 2;
  return `${coords}${axis(h)}${axis(last)}
  let sh = param(P_IN_STRIDES + ${h}u);
  let top = mix(${elemLoad(`base + lo${h} * sh + lo${last}`)}, ${elemLoad(`base + lo${h} * sh + hi${last}`)}, w${last});
  let bottom = mix(${elemLoad(`base + hi${h} * sh + lo${last}`)}, ${elemLoad(`base + hi${h} * sh + hi${last}`)}, w${last});
  Y[index] = ${elemStore(`mix(top, bottom, w${h})`)};`;
}
