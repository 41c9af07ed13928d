// GridSample (opsets 16–22): X [N, C, D1..Dk] sampled at the grid's points, grid [N, O1..Ok, k]
// holding normalized coordinates in [-1, 1] in reverse axis order (x, y[, z]); 2-D and 3-D (k = 2,
// 3). One invocation per output element. Per axis, as ONNX's reference does:
//   denormalize  align_corners: (g + 1) / 2 · (len - 1); else ((g + 1) · len - 1) / 2
//   nearest      rounds first, half to even (nearbyint; the suite's 3-D cases expect it too)
//   out of range (past [0, len - 1] with align_corners, [-0.5, len - 0.5] without): border clamps
//                the coordinate into [0, len - 1], reflection folds it back between the bounds;
//                cubic leaves it (as onnxruntime and PyTorch do; ONNX's reference moves it too,
//                and the suite has no cubic case with these paddings): its taps are padded
//   taps         nearest 1, linear 2 (1 - t, t), cubic 4 (Keys, a = -0.75) around floor(x)
//   a tap's pixel zeros: outside is 0; border: index clamped; reflection: index reflected
// The value is the sum over all tap combinations of the weight products times the pixels.
import { attrInt, attrString } from '../../../ir/attributes.ts';
import { numElements } from '../../../ir/tensor.ts';
import type { Node } from '../../../ir/types.ts';
import { FLOAT_DTYPES, formatDims, inputInfo, outputInfo, shapeError, wgslElem, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { contiguousStrides } from '../../wgsl/indexing.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';

const MODES: Record<string, 'nearest' | 'linear' | 'cubic'> = { nearest: 'nearest', linear: 'linear', bilinear: 'linear', cubic: 'cubic', bicubic: 'cubic' };
const PADDINGS = ['zeros', 'border', 'reflection'];

/** Pixel index along axis d after padding: -1 for a zero (outside with zeros). */
function pickWgsl(padding: string): string {
  const body: Record<string, string> = {
    zeros: 'return select(-1, j, j >= 0 && j < len);',
    border: 'return clamp(j, 0, len - 1);',
    reflection: 'return clamp(i32(reflectF(f32(j), lowF(d), highF(d))), 0, len - 1);',
  };
  return `fn pick(j: i32, d: u32) -> i32 {
  let len = i32(param(P_IN_SHAPE + d));
  ${body[padding]}
}`;
}

const HELPERS = (align: boolean) => `
fn lowF(d: u32) -> f32 { return ${align ? '0.0' : '-0.5'}; }
fn highF(d: u32) -> f32 { return f32(param(P_IN_SHAPE + d)) - ${align ? '1.0' : '0.5'}; }
fn reflectF(x: f32, lo: f32, hi: f32) -> f32 {
  let span = hi - lo;
  if (span <= 0.0) { return lo; }
  if (x < lo) {
    let n = floor((lo - x) / span);
    let r = lo - x - n * span;
    return select(hi - r, lo + r, (i32(n) & 1) == 0);
  }
  if (x > hi) {
    let n = floor((x - hi) / span);
    let r = x - hi - n * span;
    return select(lo + r, hi - r, (i32(n) & 1) == 0);
  }
  return x;
}
fn cubicW(t: f32, k: u32) -> f32 {
  let a = -0.75;
  let x = abs(t + 1.0 - f32(k));
  if (x <= 1.0) { return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0; }
  return ((a * x - 5.0 * a) * x + 8.0 * a) * x - 4.0 * a;
}`;

function generateGridSample(ctx: OpContext): KernelSource {
  const [x, grid, y] = [inputInfo(ctx, 0), inputInfo(ctx, 1), outputInfo(ctx)];
  const k = x.dims.length - 2;
  if ((k !== 2 && k !== 3) || grid.dims.length !== k + 2 || grid.dims[k + 1] !== k || grid.dims[0] !== x.dims[0]) {
    throw shapeError(ctx.node, `input ${formatDims(x.dims)} and grid ${formatDims(grid.dims)} are not [N, C, D1..Dk] and [N, O1..Ok, k] with k = 2 or 3`);
  }
  const mode = MODES[attrString(ctx.node, 'mode', 'linear')]!;
  const padding = attrString(ctx.node, 'padding_mode', 'zeros');
  const align = attrInt(ctx.node, 'align_corners', 0) !== 0;
  const spatial = x.dims.slice(2);
  const P = numElements(grid.dims.slice(1, -1));
  const count = numElements(y.dims);
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32('channels', x.dims[1]!);
  params.u32('points', P);
  params.u32('plane', numElements(spatial));
  params.u32s('in_shape', spatial);
  params.u32s('in_strides', contiguousStrides(spatial));
  const taps = mode === 'nearest' ? 1 : mode === 'linear' ? 2 : 4;
  const axes = Array.from({ length: k }, (_, d) => d);
  // Per axis: the coordinate, its first tap and the fraction past it.
  const coord = (d: number) => `
  var x${d} = denorm(f32(Grid[gbase + ${k - 1 - d}u]), ${d}u);
  ${mode === 'nearest' ? `x${d} = round(x${d});` : ''}
  ${padding === 'zeros' || mode === 'cubic' ? '' : `if (x${d} < lowF(${d}u) || x${d} > highF(${d}u)) { x${d} = ${padding === 'border' ? `clamp(x${d}, 0.0, f32(param(P_IN_SHAPE + ${d}u)) - 1.0)` : `reflectF(x${d}, lowF(${d}u), highF(${d}u))`}; }`}
  let f${d} = ${mode === 'nearest' ? `trunc(x${d})` : `floor(x${d})`};
  let t${d} = x${d} - f${d};`;
  const weight = (d: number) => (mode === 'nearest' ? '1.0' : mode === 'linear' ? `select(1.0 - t${d}, t${d}, a${d} == 1u)` : `cubicW(t${d}, a${d})`);
  const first = mode === 'cubic' ? 1 : 0;
  let inner = `
    let w = ${axes.map(weight).join(' * ')};
    ${axes.map((d) => `let j${d} = pick(i32(f${d}) + i32(a${d}) - ${first}, ${d}u);`).join('\n    ')}
    if (${axes.map((d) => `j${d} >= 0`).join(' && ')}) {
      acc += w * f32(X[xbase + ${axes.map((d) => `u32(j${d}) * param(P_IN_STRIDES + ${d}u)`).join(' + ')}]);
    }`;
  for (const d of [...axes].reverse()) inner = `for (var a${d} = 0u; a${d} < ${taps}u; a${d}++) {${inner}\n  }`;
  const body = `
${HELPERS(align)}
${pickWgsl(padding)}
fn denorm(g: f32, d: u32) -> f32 {
  let len = f32(param(P_IN_SHAPE + d));
  return ${align ? '(g + 1.0) * 0.5 * (len - 1.0)' : '((g + 1.0) * len - 1.0) * 0.5'};
}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let P = param(P_POINTS);
  let p = index % P;
  let nc = index / P;
  let n = nc / param(P_CHANNELS);
  let gbase = (n * P + p) * ${k}u;
  let xbase = nc * param(P_PLANE);
  ${axes.map(coord).join('')}
  var acc = 0.0;
  ${inner}
  Y[index] = ${y.gpu.scalar}(acc);
}`;
  return kernelSource({
    variant: `grid-sample-${k}d-${mode}-${padding}`,
    inputs: [{ name: 'X', elem: wgslElem(x) }, { name: 'Grid', elem: wgslElem(grid) }],
    output: { name: 'Y', elem: wgslElem(y) },
    params, body,
    workgroups: linearWorkgroups(Math.max(count, 1), ctx.profile.limits),
  });
}

function checkGridSample(node: Node): string | undefined {
  const mode = attrString(node, 'mode', 'linear');
  if (!MODES[mode]) return `mode '${mode}' is not one of ${Object.keys(MODES).join(', ')}`;
  const padding = attrString(node, 'padding_mode', 'zeros');
  if (!PADDINGS.includes(padding)) return `padding_mode '${padding}' is not one of ${PADDINGS.join(', ')}`;
  return undefined;
}

export const GRID_SAMPLE_OPS: Record<string, OpDef> = {
  GridSample: { kind: 'kernel', dtypes: { types: { T: FLOAT_DTYPES, G: FLOAT_DTYPES }, inputs: ['T', 'G'], outputs: ['T'] }, check: checkGridSample, generate: generateGridSample },
};
