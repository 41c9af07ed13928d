// DFT and STFT as direct sums, one invocation per output frequency (O(N) each; these ops carry
// short transforms in the models and suite that use them). Signals are [..., n, ..., 1 or 2]
// (real, or complex as re/im pairs), spectra [..., k, ..., 2].
//   DFT   forward X[k] = Σ x[n]·e^(-2πi·kn/N); inverse (1/N)·Σ x[n]·e^(+2πi·kn/N); onesided keeps
//         k <= N/2 (forward), or (inverse) takes a half spectrum and returns the real signal
//         through Hermitian symmetry (x[N - n] = conj x[n]). N is dft_length, else the signal's
//         length (forward) or the output's (inverse onesided); the axis is an attribute (opset
//         17) or a compile-time input (opset 20); signals shorter than N are zero-padded.
//   STFT  frame f, bin k: Σ_{n<L} signal[f·step + n]·window[n]·e^(-2πi·kn/L); frame_step (and
//         frame_length when there is no window) are read at run time from their scalar inputs.
import { attrInt } from '../../../ir/attributes.ts';
import { numElements, tensorToNumbers } from '../../../ir/tensor.ts';
import { FLOAT_DTYPES, formatDims, inputInfo, outputInfo, shapeError, wgslElem, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { contiguousStrides, offsetsFunction } from '../../wgsl/indexing.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { normalizeAxis } from './softmax.ts';

/**
 * e^(sign·2πi·m/N) for whole m: (cos, sin), folded in exact integers (eighths of a turn: cos is
 * even, cos(π - x) = -cos x, cos x = sin(π/2 - x)) to a polynomial on [0, π/4], so quarter turns
 * give exact 0s and 1s (the imaginary part of a real signal's bin 0 is 0, not 1e-8·Σx).
 */
const TWIDDLE_WGSL = `fn cosEighths(t0: i32, n: i32) -> f32 {
  let whole = 8 * n;
  var t = ((t0 % whole) + whole) % whole;
  if (2 * t > whole) { t = whole - t; }
  let flip = t > 2 * n;
  if (flip) { t = 4 * n - t; }
  let sine = t > n;
  let x = 0.7853981633974483 * (f32(select(t, 2 * n - t, sine)) / f32(n));
  let x2 = x * x;
  let c = select(1.0 - x2 / 2.0 * (1.0 - x2 / 12.0 * (1.0 - x2 / 30.0 * (1.0 - x2 / 56.0 * (1.0 - x2 / 90.0)))),
                 x * (1.0 - x2 / 6.0 * (1.0 - x2 / 20.0 * (1.0 - x2 / 42.0 * (1.0 - x2 / 72.0 * (1.0 - x2 / 110.0))))), sine);
  return select(c, -c, flip);
}
fn twiddle(m: u32, n: u32, sign: f32) -> vec2<f32> {
  let r = i32(m % n);
  return vec2<f32>(cosEighths(8 * r, i32(n)), sign * cosEighths(8 * r - 2 * i32(n), i32(n)));
}
fn cmul(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> { return vec2<f32>(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x); }`;

function generateDft(ctx: OpContext): KernelSource {
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  const rank = x.dims.length;
  const axisInput = ctx.opset >= 20 ? ctx.inputs[2] : undefined;
  if (axisInput && !axisInput.constant) throw shapeError(ctx.node, `axis '${axisInput.name}' must be a constant (it is read at compile time)`);
  const rawAxis = axisInput?.constant ? tensorToNumbers(axisInput.constant)[0]! : attrInt(ctx.node, 'axis', ctx.opset >= 20 ? -2 : 1);
  const axis = normalizeAxis(ctx, rawAxis < 0 ? rawAxis + rank : rawAxis, rank - 1);
  const inverse = attrInt(ctx.node, 'inverse', 0) !== 0;
  const onesided = attrInt(ctx.node, 'onesided', 0) !== 0;
  const [cin, cout] = [x.dims.at(-1)!, y.dims.at(-1)!];
  if (y.dims.length !== rank || (cin !== 1 && cin !== 2) || (cout !== 1 && cout !== 2)) throw shapeError(ctx.node, `input ${formatDims(x.dims)} and output ${formatDims(y.dims)} are not [..., n, ..., 1 or 2]`);
  const nIn = x.dims[axis]!;
  const dftLength = ctx.inputs[1]?.constant ? tensorToNumbers(ctx.inputs[1].constant)[0]! : undefined;
  if (ctx.inputs[1] && dftLength === undefined) throw shapeError(ctx.node, `dft_length '${ctx.inputs[1].name}' must be a constant (it is read at compile time)`);
  const hermitian = inverse && onesided;
  const N = dftLength ?? (hermitian ? y.dims[axis]! : nIn);
  const outer = y.dims.slice(0, -1);
  const count = numElements(outer);
  const inStrides = contiguousStrides(x.dims);
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32s('shape', outer);
  params.u32s('in_strides', inStrides.slice(0, -1).map((s, d) => (d === axis ? 0 : s)));
  params.u32('axis_shape', outer[axis]!);
  params.u32('axis_stride', inStrides[axis]!);
  params.u32('n', N);
  // Terms summed: the signal (up to N), or every n of the Hermitian-completed spectrum.
  params.u32('terms', hermitian ? N : Math.min(N, nIn));
  params.u32('half', nIn);
  params.u32s('out_strides', [contiguousStrides(outer)[axis]!]);
  const load = (at: string) => (cin === 2 ? `vec2<f32>(f32(X[${at}]), f32(X[${at} + 1u]))` : `vec2<f32>(f32(X[${at}]), 0.0)`);
  // Hermitian completion: bins past the half spectrum are conjugates of their mirror.
  const term = hermitian
    ? `let mirror = n >= param(P_HALF);
    var v = ${load('base + select(n, N - n, mirror) * param(P_AXIS_STRIDE)')};
    if (mirror) { v.y = -v.y; }`
    : `let v = ${load('base + n * param(P_AXIS_STRIDE)')};`;
  const store = cout === 2 ? `Y[index * 2u] = ${y.gpu.scalar}(acc.x);\n  Y[index * 2u + 1u] = ${y.gpu.scalar}(acc.y);` : `Y[index] = ${y.gpu.scalar}(acc.x);`;
  const body = `
${TWIDDLE_WGSL}
${offsetsFunction('inputBase', outer.length, 'shape', ['in_strides'])}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let k = (index / param(P_OUT_STRIDES)) % param(P_AXIS_SHAPE);
  let base = inputBase(index);
  let N = param(P_N);
  var acc = vec2<f32>(0.0, 0.0);
  for (var n = 0u; n < param(P_TERMS); n++) {
    ${term}
    acc += cmul(v, twiddle(k * n, N, ${inverse ? '1.0' : '-1.0'}));
  }
  ${inverse ? 'acc = acc / f32(N);' : ''}
  ${store}
}`;
  return kernelSource({
    variant: `dft${inverse ? '-inverse' : ''}${onesided ? '-onesided' : ''}`,
    inputs: [{ name: 'X', elem: wgslElem(x), index: 0 }],
    output: { name: 'Y', elem: wgslElem(y) },
    params, body,
    workgroups: linearWorkgroups(Math.max(count, 1), ctx.profile.limits),
  });
}

function generateStft(ctx: OpContext): KernelSource {
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  const [window, frameLength] = [ctx.inputs[2], ctx.inputs[3]];
  if (x.dims.length !== 3 || y.dims.length !== 4 || y.dims[3] !== 2) throw shapeError(ctx.node, `signal ${formatDims(x.dims)} and output ${formatDims(y.dims)} are not [B, L, 1|2] and [B, frames, bins, 2]`);
  if (!window && !frameLength) throw shapeError(ctx.node, 'needs a window or a frame_length');
  const [, L, cin] = x.dims as [number, number, number];
  const [, frames, bins] = y.dims as [number, number, number, number];
  const count = numElements(y.dims.slice(0, 3));
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32('frames', frames);
  params.u32('bins', bins);
  params.u32('length', L);
  const size = window ? `${window.dims[0]}u` : 'u32(FrameLength[0])';
  const load = (at: string) => (cin === 2 ? `vec2<f32>(f32(X[(${at}) * 2u]), f32(X[(${at}) * 2u + 1u]))` : `vec2<f32>(f32(X[${at}]), 0.0)`);
  const body = `
${TWIDDLE_WGSL}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let k = index % param(P_BINS);
  let f = (index / param(P_BINS)) % param(P_FRAMES);
  let b = index / (param(P_BINS) * param(P_FRAMES));
  let N = ${size};
  let start = b * param(P_LENGTH) + f * u32(Step[0]);
  var acc = vec2<f32>(0.0, 0.0);
  for (var n = 0u; n < N; n++) {
    let v = ${load('start + n')}${window ? ' * f32(Window[n])' : ''};
    acc += cmul(v, twiddle(k * n, N, -1.0));
  }
  Y[index * 2u] = ${y.gpu.scalar}(acc.x);
  Y[index * 2u + 1u] = ${y.gpu.scalar}(acc.y);
}`;
  return kernelSource({
    variant: 'stft',
    inputs: [
      { name: 'X', elem: wgslElem(x), index: 0 },
      { name: 'Step', elem: 'i32', index: 1 },
      ...(window ? [{ name: 'Window', elem: wgslElem(window), index: 2 }] : [{ name: 'FrameLength', elem: 'i32', index: 3 }]),
    ],
    output: { name: 'Y', elem: wgslElem(y) },
    params, body,
    workgroups: linearWorkgroups(Math.max(count, 1), ctx.profile.limits),
  });
}

export const SPECTRAL_OPS: Record<string, OpDef> = {
  // dft_length and axis (inputs 1 and 2) are read at compile time when given.
  DFT: { kind: 'kernel', dtypes: { types: { T: FLOAT_DTYPES, I: ['int32', 'int64'] }, inputs: ['T', 'I', 'I'], outputs: ['T'] }, generate: generateDft },
  STFT: { kind: 'kernel', dtypes: { types: { T: FLOAT_DTYPES, I: ['int32', 'int64'] }, inputs: ['T', 'I', 'T', 'I'], outputs: ['T'] }, check: (node) => (attrInt(node, 'onesided', 1) !== 1 ? 'onesided 0 is not supported' : undefined), generate: generateStft },
};
