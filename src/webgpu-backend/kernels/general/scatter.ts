// ScatterElements (and its opset-9 name Scatter) and ScatterND: the output is the data with
// updates written at indexed places, replaced or combined (reduction add, mul, max, min).
// One invocation per output element, which starts from data and applies, in index order, every
// update aimed at it: no two invocations write one element, so there are no atomics and
// duplicate indices combine deterministically (in the order onnxruntime's CPU loop uses).
//   ScatterElements  an update at coordinates u goes to u with u[axis] = indices[u]: only the
//                    updates on the output element's line along the axis can hit it, so each
//                    invocation reads one line of indices (updates.dims[axis] of them)
//   ScatterND        index tuple k (indices [..., q]) names a slice of data.dims[q:]: each
//                    invocation compares its leading q coordinates with every tuple (O(tuples)
//                    per element; fine for the index-sized scatters models use)
// Indices wrap when negative and clamp when out of range (WRAP_INDEX_WGSL).
import { attrInt, attrString } from '../../../ir/attributes.ts';
import { numElements } from '../../../ir/tensor.ts';
import type { Node } from '../../../ir/types.ts';
import { inputInfo, outputInfo, shapeError, wgslElem, WORD_DTYPES, type DtypeSignature, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { contiguousStrides } from '../../wgsl/indexing.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { WRAP_INDEX_WGSL } from './gather-elements.ts';
import { normalizeAxis } from './softmax.ts';

const COMBINE: Record<string, (a: string, b: string) => string> = {
  none: (_a, b) => b,
  add: (a, b) => `${a} + ${b}`,
  mul: (a, b) => `${a} * ${b}`,
  max: (a, b) => `max(${a}, ${b})`,
  min: (a, b) => `min(${a}, ${b})`,
};

function reductionOf(node: Node): string {
  return attrString(node, 'reduction', 'none');
}

function generateScatterElements(ctx: OpContext): KernelSource {
  const [data, indices, updates, out] = [inputInfo(ctx, 0), inputInfo(ctx, 1), inputInfo(ctx, 2), outputInfo(ctx)];
  const rank = data.dims.length;
  const axis = normalizeAxis(ctx, attrInt(ctx.node, 'axis', 0), rank);
  if (indices.dims.length !== rank || updates.dims.some((d, i) => d !== indices.dims[i]) || updates.dims.length !== rank) {
    throw shapeError(ctx.node, `indices [${indices.dims}] and updates [${updates.dims}] must share a shape of data's rank ${rank}`);
  }
  const count = numElements(out.dims);
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32s('shape', data.dims);
  params.u32s('u_shape', updates.dims);
  params.u32s('u_strides', contiguousStrides(updates.dims));
  const combine = COMBINE[reductionOf(ctx.node)]!;
  const body = `
${WRAP_INDEX_WGSL}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  var v = Data[index];
  // This element's coordinates; the line of updates through them along the axis starts at 'line'.
  var rest = index;
  var line = 0u;
  var own = 0u;
  var hit = true;
  for (var k = 0u; k < ${rank}u; k++) {
    let d = ${rank - 1}u - k;
    let c = rest % param(P_SHAPE + d);
    rest = rest / param(P_SHAPE + d);
    if (d == ${axis}u) { own = c; continue; }
    if (c >= param(P_U_SHAPE + d)) { hit = false; }
    line += c * param(P_U_STRIDES + d);
  }
  if (hit) {
    for (var j = 0u; j < param(P_U_SHAPE + ${axis}u); j++) {
      let u = line + j * param(P_U_STRIDES + ${axis}u);
      if (wrapIndex(Indices[u], param(P_SHAPE + ${axis}u)) == own) { v = ${combine('v', 'Updates[u]')}; }
    }
  }
  Y[index] = v;
}`;
  return scatterKernel(ctx, 'scatter-elements', params, body, count);
}

function generateScatterNd(ctx: OpContext): KernelSource {
  const [data, indices, updates, out] = [inputInfo(ctx, 0), inputInfo(ctx, 1), inputInfo(ctx, 2), outputInfo(ctx)];
  const q = indices.dims.at(-1) ?? 0;
  if (indices.dims.length < 1 || q < 1 || q > data.dims.length) throw shapeError(ctx.node, `indices [${indices.dims}] do not index data of rank ${data.dims.length}`);
  const slice = numElements(data.dims.slice(q));
  const tuples = numElements(indices.dims.slice(0, -1));
  if (numElements(updates.dims) !== tuples * slice) throw shapeError(ctx.node, `updates [${updates.dims}] are not ${tuples} slices of ${slice}`);
  const count = numElements(out.dims);
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32('slice', slice);
  params.u32('tuples', tuples);
  params.u32s('dims', data.dims.slice(0, q));
  params.u32s('strides', contiguousStrides(data.dims.slice(0, q)));
  const combine = COMBINE[reductionOf(ctx.node)]!;
  const body = `
${WRAP_INDEX_WGSL}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  var v = Data[index];
  let slice = param(P_SLICE);
  let own = index / slice;
  let within = index % slice;
  for (var k = 0u; k < param(P_TUPLES); k++) {
    var at = 0u;
    for (var t = 0u; t < ${q}u; t++) { at += wrapIndex(Indices[k * ${q}u + t], param(P_DIMS + t)) * param(P_STRIDES + t); }
    if (at == own) { v = ${combine('v', 'Updates[k * slice + within]')}; }
  }
  Y[index] = v;
}`;
  return scatterKernel(ctx, 'scatter-nd', params, body, count);
}

/** Both scatters: one invocation per output element, Data, Indices and Updates bound alike. */
function scatterKernel(ctx: OpContext, kind: string, params: ParamWriter, body: string, count: number): KernelSource {
  const [data, updates, out] = [inputInfo(ctx, 0), inputInfo(ctx, 2), outputInfo(ctx)];
  return kernelSource({
    variant: `${kind}-${reductionOf(ctx.node)}`,
    inputs: [{ name: 'Data', elem: wgslElem(data) }, { name: 'Indices', elem: 'i32' }, { name: 'Updates', elem: wgslElem(updates) }],
    output: { name: 'Y', elem: wgslElem(out) },
    params, body,
    workgroups: linearWorkgroups(count, ctx.profile.limits),
    // Element i of data is read only by invocation i, before it writes element i.
    inPlace: [{ input: 0, output: 0 }],
  });
}

function checkScatter(node: Node): string | undefined {
  const reduction = reductionOf(node);
  if (!COMBINE[reduction]) return `reduction '${reduction}' is not one of none, add, mul, max, min`;
  return undefined;
}

const SCATTER_DTYPES: DtypeSignature = { types: { T: WORD_DTYPES, I: ['int32', 'int64'] }, inputs: ['T', 'I', 'T'], outputs: ['T'] };

/** Bools have no arithmetic: they scatter without a reduction only. */

function withBoolCheck(generate: (ctx: OpContext) => KernelSource): (ctx: OpContext) => KernelSource {
  return (ctx) => {
    if (inputInfo(ctx, 0).dtype === 'bool' && reductionOf(ctx.node) !== 'none') throw shapeError(ctx.node, `reduction '${reductionOf(ctx.node)}' of bool tensors is not supported`);
    return generate(ctx);
  };
}

const scatterElements: OpDef = { kind: 'kernel', dtypes: SCATTER_DTYPES, check: checkScatter, generate: withBoolCheck(generateScatterElements) };

export const SCATTER_OPS: Record<string, OpDef> = {
  ScatterElements: scatterElements,
  Scatter: scatterElements,
  ScatterND: { kind: 'kernel', dtypes: { ...SCATTER_DTYPES, types: { ...SCATTER_DTYPES.types, I: ['int64'] } }, check: checkScatter, generate: withBoolCheck(generateScatterNd) },
};
