// WGSL of the integer convolution (integer-conv.ts): each invocation accumulates a 4×4 block,
// four consecutive output pixels of one image × four consecutive output channels, exactly in
// i32: per input channel and tap it reads four input bytes (shared by the four channels when
// they are in one group) and four weight bytes (shared by the four pixels): 16 products for 8
// byte reads, no barriers. Padding taps are masked (they would hold x_zp, which contributes
// nothing). The window walk is the vision kernels' (window-wgsl.ts) with vec4 pixel lanes.
import { pixelOrigins, windowLets, windowLoops } from '../vision/window-wgsl.ts';

export interface BlockedConv {
  readonly spatial: number;
  /** cog % 4 == 0: the four channels of a block read the same input channels. */
  readonly sharedInput: boolean;
  readonly hasBias: boolean;
  /** How the block leaves: packed words (four pixels of a plane), or one i32 per element. */
  readonly store: 'words' | 'elements';
  /** Requantize (QLinearConv) or keep the accumulator (ConvInteger). */
  readonly requantize: boolean;
  readonly signedOutput: boolean;
}

const J = [0, 1, 2, 3];
const XYZW = ['x', 'y', 'z', 'w'];

function inner(c: BlockedConv): string {
  const xRead = (grp: string) => {
    const base = `(n * param(P_C_IN) + ${grp} * cig + ci) * param(P_IN_PIXELS)`;
    return `select(vec4<i32>(0), vec4<i32>(${XYZW.map((l) => `rx(${base} + at.${l})`).join(', ')}) - zx, ok)`;
  };
  const xs = c.sharedInput ? [`        let xv = ${xRead('grp.x')};`] : J.map((j) => `        let xv${j} = ${xRead(`grp.${XYZW[j]}`)};`);
  return `      let at = min(vec4<u32>(max(off, vec4<i32>(0))), vec4<u32>(param(P_IN_PIXELS) - 1u));
      for (var ci = 0u; ci < cig; ci++) {
${xs.join('\n')}
        let wv = vec4<i32>(${J.map((j) => `rw((ch.${XYZW[j]} * cig + ci) * taps + tap)`).join(', ')}) - zw;
${J.map((j) => `        acc${j} += ${c.sharedInput ? 'xv' : `xv${j}`} * wv.${XYZW[j]};`).join('\n')}
      }`;
}

function store(c: BlockedConv): string {
  const code = (j: number, l: string) => (c.requantize ? `requantize(acc${j}.${l}, mult.${XYZW[j]}, zy)` : `acc${j}.${l}`);
  const lines = J.map((j) => {
    const plane = `(n * param(P_C_OUT) + m0 + ${j}u) * param(P_OUT_PIXELS)`;
    if (c.store === 'words') {
      const word = c.signedOutput ? `packI8(vec4<i32>(${XYZW.map((l) => `i32(${code(j, l)})`).join(', ')}))` : `packU8(vec4<u32>(${XYZW.map((l) => `u32(${code(j, l)})`).join(', ')}))`;
      return `  if (m0 + ${j}u < param(P_C_OUT)) { Y[(${plane} + p0) / 4u] = ${word}; }`;
    }
    const value = (l: string) => (c.requantize ? `i32(${code(j, l)})` : code(j, l));
    return `  if (m0 + ${j}u < param(P_C_OUT)) {\n${XYZW.map((l, i) => `    if (p0 + ${i}u < param(P_OUT_PIXELS)) { Y[${plane} + p0 + ${i}u] = ${value(l)}; }`).join('\n')}\n  }`;
  });
  return lines.join('\n');
}

/** The entry point; helpers rx/rw (i32 bytes), x_zp/w_zp, and with requantize x_scale/w_scale/y_scale/y_zp/requantize come first. */
export function blockedConvMain(c: BlockedConv): string {
  const lanes = 'vec4<u32>(0u, 1u, 2u, 3u)';
  return `
  let pixel_words = (param(P_OUT_PIXELS) + 3u) / 4u;
  let channel_quads = (param(P_C_OUT) + 3u) / 4u;
  if (index >= param(P_BLOCKS)) { return; }
  let p0 = (index % pixel_words) * 4u;
  let m0 = ((index / pixel_words) % channel_quads) * 4u;
  let n = index / (pixel_words * channel_quads);
  let cig = param(P_CIG);
  let taps = param(P_TAPS);
  let pix = min(vec4<u32>(p0) + ${lanes}, vec4<u32>(param(P_OUT_PIXELS) - 1u));
  let ch = min(vec4<u32>(m0) + ${lanes}, vec4<u32>(param(P_C_OUT) - 1u));
  let grp = ch / param(P_COG);
  let zx = x_zp(0u);
  let zw = vec4<i32>(${XYZW.map((l) => `w_zp(ch.${l})`).join(', ')});
${c.requantize ? `  let mult = vec4<f32>(${XYZW.map((l) => `x_scale(0u) * w_scale(ch.${l}) / y_scale(0u)`).join(', ')});\n  let zy = y_zp(0u);` : ''}
${J.map((j) => `  var acc${j} = ${c.hasBias ? `vec4<i32>(Bias[ch.${XYZW[j]}])` : 'vec4<i32>(0)'};`).join('\n')}
${pixelOrigins(c.spatial, 4, 'pix')}
${windowLets(c.spatial)}
${windowLoops(c.spatial, 4, [''], inner(c))}
${store(c)}
}`;
}
