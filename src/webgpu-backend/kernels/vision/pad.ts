// Pad: modes constant, reflect, edge and wrap, any rank, negative pads (cropping). Pads come from
// the attribute before opset 11, from the constant input `pads` (and `axes`, opset 18) after;
// the constant value from the attribute `value` (before 11) or the optional input
// `constant_value`, read from its buffer on the GPU. One output element per invocation.
import { attrFloat, attrInts, attrString } from '../../../ir/attributes.ts';
import { numElements, tensorToNumbers } from '../../../ir/tensor.ts';
import type { Node } from '../../../ir/types.ts';
import { formatDims, inputInfo, outputInfo, shapeError, wgslElem, WORD_DTYPES, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { contiguousStrides } from '../../wgsl/indexing.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';

const MODES = ['constant', 'reflect', 'edge', 'wrap'];

function checkPad(node: Node, opset: number): string | undefined {
  const mode = attrString(node, 'mode', 'constant');
  if (!MODES.includes(mode)) return `mode '${mode}' is not one of ${MODES.join(', ')}`;
  if (opset >= 11 && !node.inputs[1]) return 'Pad needs its pads input';
  return undefined;
}

/** Begin and end pads per axis (negative: crop), from the attribute or the constant pads/axes inputs. */
function axisPads(ctx: OpContext, rank: number): { begin: number[]; end: number[] } {
  const node = ctx.node;
  let pads: readonly number[];
  let axes: readonly number[] = Array.from({ length: rank }, (_, d) => d);
  if (ctx.opset < 11) {
    pads = attrInts(node, 'pads', []);
  } else {
    const t = ctx.inputs[1]?.constant;
    if (!t) throw shapeError(node, 'pads must be a constant');
    pads = Array.from(tensorToNumbers(t));
    const a = ctx.inputs[3]?.constant;
    if (a) axes = Array.from(tensorToNumbers(a)).map((x) => (x < 0 ? x + rank : x));
  }
  if (pads.length !== 2 * axes.length) throw shapeError(node, `pads has ${pads.length} values for ${axes.length} axes`);
  const begin = Array<number>(rank).fill(0);
  const end = Array<number>(rank).fill(0);
  axes.forEach((axis, k) => {
    begin[axis] = pads[k]!;
    end[axis] = pads[k + axes.length]!;
  });
  return { begin, end };
}

/** WGSL mapping a padded coordinate `i` on an axis of size `n` into the input (or returning the constant). */
function mapCoordinate(mode: string): string {
  switch (mode) {
    case 'edge':
      return 'i = clamp(i, 0, n - 1);';
    case 'wrap':
      return 'i = ((i % n) + n) % n;';
    case 'reflect':
      // Mirror without repeating the edge: period 2(n-1); a single-element axis reflects onto itself.
      return `if (n == 1) { i = 0; } else {
      let period = 2 * (n - 1);
      let m = ((i % period) + period) % period;
      i = select(m, period - m, m >= n);
    }`;
    default:
      return 'if (i < 0 || i >= n) { Y[index] = fill; return; }';
  }
}

function generatePad(ctx: OpContext): KernelSource {
  const node = ctx.node;
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  const rank = x.dims.length;
  // Negative pads crop first, and the modes pad the cropped tensor (as the ONNX reference and
  // onnxruntime do): coordinates are mapped into the cropped extent, then shifted past the crop.
  const { begin, end } = axisPads(ctx, rank);
  const crop = begin.map((b) => Math.max(0, -b));
  const extent = x.dims.map((d, i) => d - crop[i]! - Math.max(0, -end[i]!));
  if (y.dims.length !== rank) throw shapeError(node, `output ${formatDims(y.dims)} does not have the input's rank`);
  const mode = attrString(node, 'mode', 'constant');
  if (mode !== 'constant' && extent.some((d, i) => d <= 0 && y.dims[i]! > 0)) throw shapeError(node, `${mode} padding of an empty axis`);
  const count = numElements(y.dims);
  const scalar = y.gpu.scalar;
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32s('out_shape', y.dims);
  params.u32s('extent', extent);
  params.u32s('crop', crop);
  params.u32s('in_strides', contiguousStrides(x.dims));
  params.u32s('pads', begin.map((b) => Math.max(0, b)));
  const inputs = [{ name: 'X', elem: wgslElem(x), index: 0 }];
  let fill = `${scalar}(0)`;
  if (mode === 'constant') {
    if (ctx.opset >= 11 && ctx.inputs[2]) {
      inputs.push({ name: 'V', elem: wgslElem(x), index: 2 });
      fill = 'V[0]';
    } else if (ctx.opset < 11) {
      params.f32('value', attrFloat(node, 'value', 0));
      fill = `${scalar}(paramF(P_VALUE))`;
    }
  }
  const body = `
${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let fill = ${fill};
  var rest = index;
  var off = 0u;
  for (var k = 0u; k < ${rank}u; k++) {
    let d = ${rank - 1}u - k;
    let size = param(P_OUT_SHAPE + d);
    var i = i32(rest % size) - i32(param(P_PADS + d));
    rest = rest / size;
    let n = i32(param(P_EXTENT + d));
    ${mapCoordinate(mode)}
    off += (u32(i) + param(P_CROP + d)) * param(P_IN_STRIDES + d);
  }
  Y[index] = X[off];
}`;
  return kernelSource({ variant: `pad-${mode}`, inputs, output: { name: 'Y', elem: wgslElem(y) }, params, body, workgroups: linearWorkgroups(count, ctx.profile.limits) });
}

export const PAD_OPS: Record<string, OpDef> = {
  Pad: {
    kind: 'kernel',
    dtypes: { types: { T: WORD_DTYPES }, inputs: ['T', 'T', 'T', 'T'], outputs: ['T'] },
    cpuInputs: [1, 3],
    check: checkPad,
    generate: generatePad,
  },
};
