// Resize (opsets 10–19) and Upsample (7–9): modes nearest (every nearest_mode), linear
// (bilinear over the last two axes, the others mapping one to one) and cubic (bicubic over the
// last two, cubic_coeff_a, exclude_outside), coordinate transformations half_pixel,
// half_pixel_symmetric, pytorch_half_pixel, align_corners, asymmetric and tf_half_pixel_for_nn;
// scales or sizes as compile-time constants, with axes (opset 18). Refused with reasons:
// tf_crop_and_resize, antialias, keep_aspect_ratio_policy other than stretch, linear or cubic
// interpolation along more than the last two axes.
import { attrFloat, attrFloats, attrInt, attrInts, attrString } from '../../../ir/attributes.ts';
import { numElements, tensorToNumbers } from '../../../ir/tensor.ts';
import type { Node } from '../../../ir/types.ts';
import { FLOAT_DTYPES, formatDims, inputInfo, outputInfo, shapeError, wgslElem, WORD_DTYPES, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { contiguousStrides } from '../../wgsl/indexing.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { floatScalar, load, store } from './float-wgsl.ts';
import { CUBIC_WEIGHT_WGSL, nearestWgsl, resizeBody, transformWgsl, type NearestMode, type ResizeMode } from './resize-wgsl.ts';

const TRANSFORMS = ['half_pixel', 'half_pixel_symmetric', 'pytorch_half_pixel', 'align_corners', 'asymmetric', 'tf_half_pixel_for_nn'];
const NEAREST_MODES = ['round_prefer_floor', 'round_prefer_ceil', 'floor', 'ceil'];

function checkResize(node: Node, opset: number): string | undefined {
  const mode = attrString(node, 'mode', 'nearest');
  if (mode !== 'nearest' && mode !== 'linear' && mode !== 'bilinear' && mode !== 'cubic') return `mode '${mode}' is not one of nearest, linear, cubic`;
  if (node.opType === 'Upsample' || opset < 11) return undefined;
  const transform = attrString(node, 'coordinate_transformation_mode', 'half_pixel');
  if (transform === 'tf_crop_and_resize') return 'coordinate_transformation_mode tf_crop_and_resize (crops through roi) is not supported';
  if (!TRANSFORMS.includes(transform)) return `coordinate_transformation_mode '${transform}' is not one of ${TRANSFORMS.join(', ')}`;
  const nearest = attrString(node, 'nearest_mode', 'round_prefer_floor');
  if (!NEAREST_MODES.includes(nearest)) return `nearest_mode '${nearest}' is not one of ${NEAREST_MODES.join(', ')}`;
  if (attrInt(node, 'antialias', 0) !== 0 && mode !== 'nearest') return 'antialias (a wider filter when downsampling) is not supported';
  const policy = attrString(node, 'keep_aspect_ratio_policy', 'stretch');
  if (policy !== 'stretch' && node.inputs[3]) return `keep_aspect_ratio_policy '${policy}' is not supported (stretch is)`;
  return undefined;
}

/** One scale per axis: the scales given (attribute, or input at `scalesInput`), or output / input sizes. */
function axisScales(ctx: OpContext, inDims: readonly number[], outDims: readonly number[]): number[] {
  const node = ctx.node;
  const rank = inDims.length;
  const fromSizes = inDims.map((d, i) => outDims[i]! / d);
  let given: readonly number[] | undefined;
  if (node.opType === 'Upsample' && ctx.opset < 9) given = attrFloats(node, 'scales');
  else {
    const scalesIndex = node.opType === 'Upsample' || ctx.opset < 11 ? 1 : 2;
    const scales = ctx.inputs[scalesIndex];
    if (scales && numElements(scales.dims) > 0) {
      if (!scales.constant) throw shapeError(node, `scales '${scales.name}' must be a constant (it is read at compile time)`);
      given = Array.from(tensorToNumbers(scales.constant));
    } else if (ctx.opset >= 11 && !ctx.inputs[3]) {
      throw shapeError(node, 'Resize needs scales or sizes');
    }
  }
  if (!given) return fromSizes; // sizes: the scale is output / input
  const axes = (attrInts(node, 'axes') ?? Array.from({ length: given.length }, (_, i) => i)).map((a) => (a < 0 ? a + rank : a));
  if (axes.length !== given.length) throw shapeError(node, `${given.length} scales for ${axes.length} axes`);
  const scales = Array<number>(rank).fill(1);
  axes.forEach((a, k) => (scales[a] = given[k]!));
  return scales;
}

function generateResize(ctx: OpContext): KernelSource {
  const node = ctx.node;
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  const rank = x.dims.length;
  if (y.dims.length !== rank) throw shapeError(node, `output ${formatDims(y.dims)} does not have the input's rank`);
  const legacy = node.opType === 'Upsample' || ctx.opset < 11;
  const modeAttr = attrString(node, 'mode', 'nearest');
  const mode: ResizeMode = modeAttr === 'nearest' ? 'nearest' : modeAttr === 'cubic' ? 'cubic' : 'linear';
  const linear = mode !== 'nearest';
  const excludeOutside = mode === 'cubic' && attrInt(node, 'exclude_outside', 0) !== 0;
  const transform = legacy ? 'asymmetric' : attrString(node, 'coordinate_transformation_mode', 'half_pixel');
  const nearestMode = (legacy ? 'simple' : attrString(node, 'nearest_mode', 'round_prefer_floor')) as NearestMode;
  const scales = axisScales(ctx, x.dims, y.dims);
  if (linear) {
    if (x.gpu.scalar !== 'f32' && x.gpu.scalar !== 'f16') throw shapeError(node, `${mode} interpolation of ${x.dtype} is not supported`);
    const moved = x.dims.slice(0, -2).some((d, i) => d !== y.dims[i] || scales[i] !== 1);
    if (moved) throw shapeError(node, `${mode} resizing of ${formatDims(x.dims)} to ${formatDims(y.dims)} changes an axis before the last two`);
  }
  const count = numElements(y.dims);
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32s('out_shape', y.dims);
  params.u32s('in_shape', x.dims);
  params.u32s('in_strides', contiguousStrides(x.dims));
  // One f32 per axis, written back to back so that WGSL reads axis d at P_SCALES + d.
  scales.forEach((s, d) => params.f32(d === 0 ? 'scales' : `scale${d}`, s));
  if (mode === 'cubic') params.f32('cubic_a', attrFloat(node, 'cubic_coeff_a', -0.75));
  if (transform === 'align_corners') scales.forEach((s, d) => params.f32(d === 0 ? 'resized' : `resized${d}`, x.dims[d]! * s));
  const t = floatScalar(y);
  const body = `
${transformWgsl(transform)}
${nearestWgsl(nearestMode)}
${mode === 'cubic' ? CUBIC_WEIGHT_WGSL : ''}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
${resizeBody(rank, mode, (at) => load(t, `X[${at}]`), (v) => store(t, v), excludeOutside)}
}`;
  return kernelSource({
    variant: `resize-${mode}${excludeOutside ? '-exclude-outside' : ''}`,
    inputs: [{ name: 'X', elem: wgslElem(x), index: 0 }],
    output: { name: 'Y', elem: wgslElem(y) },
    params,
    body,
    workgroups: linearWorkgroups(count, ctx.profile.limits),
  });
}

// roi and scales are floats read at compile time (never bound); sizes is a compile-time int64.
const dtypes = { types: { T: WORD_DTYPES, F: FLOAT_DTYPES }, inputs: ['T', 'F', 'F', 'I'], outputs: ['T'] };

export const RESIZE_OPS: Record<string, OpDef> = {
  Resize: { kind: 'kernel', dtypes: { ...dtypes, types: { ...dtypes.types, I: ['int64'] } }, cpuInputs: [3], check: checkResize, generate: generateResize },
  Upsample: { kind: 'kernel', dtypes: { types: { T: WORD_DTYPES, F: ['float32'] }, inputs: ['T', 'F'], outputs: ['T'] }, check: checkResize, generate: generateResize },
};
