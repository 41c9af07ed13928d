// Windowed pools: MaxPool (with its optional Indices output), AveragePool (count_include_pad),
// LpPool, and their channels-last forms kiln.NhwcMaxPool / kiln.NhwcAveragePool (the to-nhwc
// pass's ops). kernel_shape, strides, dilations, pads or auto_pad and ceil_mode are all read;
// ceil_mode only changes the output size, which shape inference already gives.
import { attrInt, attrInts } from '../../../ir/attributes.ts';
import type { Node } from '../../../ir/types.ts';
import { FLOAT_DTYPES, inputInfo, outputInfo, shapeError, type DtypeSignature, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { elem, floatScalar } from './float-wgsl.ts';
import { checkWindowAttrs, product, windowGeometry, type Layout } from './geometry.ts';
import { poolBody, type PoolKind, type PoolShape } from './pool-wgsl.ts';
import { windowParams } from './window-wgsl.ts';

function checkPool(node: Node): string | undefined {
  const kernel = attrInts(node, 'kernel_shape');
  if (!kernel) return `${node.opType} needs kernel_shape`;
  const order = attrInt(node, 'storage_order', 0);
  if (order !== 0 && order !== 1) return `storage_order ${order} is not 0 or 1`;
  if (node.opType === 'LpPool' && attrInt(node, 'p', 2) < 1) return `LpPool p = ${attrInt(node, 'p', 2)}: only p >= 1 is supported`;
  return checkWindowAttrs(node);
}

function generatePool(ctx: OpContext, kind: PoolKind, layout: Layout): KernelSource {
  const node = ctx.node;
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  const kernel = attrInts(node, 'kernel_shape')!;
  const g = windowGeometry(node, x.dims, y.dims, kernel, layout);
  const indicesOut = ctx.outputs[1];
  const wantsIndices = kind === 'max' && indicesOut !== undefined && indicesOut.used;
  const storageOrder = attrInt(node, 'storage_order', 0) as 0 | 1;
  if (wantsIndices && layout === 'nhwc') throw shapeError(node, 'the Indices output is NCHW-ordered; the NHWC form cannot produce it');
  if (wantsIndices && storageOrder === 1 && kernel.length > 2) throw shapeError(node, 'column-major Indices (storage_order = 1) are supported for 1-D and 2-D pools only');
  const shape: PoolShape = {
    kind,
    layout,
    spatial: g.inSpatial.length,
    t: floatScalar(y),
    countIncludePad: attrInt(node, 'count_include_pad', 0) === 1,
    p: attrInt(node, 'p', 2),
    ...(wantsIndices ? { indices: storageOrder } : {}),
  };
  const params = new ParamWriter();
  windowParams(params, g);
  if (shape.countIncludePad) params.u32s('pads_end', g.padsEnd);
  let count: number;
  if (layout === 'nchw') {
    params.u32('planes', g.batch * g.inChannels);
    count = g.batch * g.inChannels * Math.ceil(product(g.outSpatial) / 4);
  } else {
    params.u32('channels', g.inChannels);
    params.u32('batch', g.batch);
    count = g.batch * product(g.outSpatial) * Math.ceil(g.inChannels / 4);
  }
  const t = shape.t;
  return kernelSource({
    variant: `${kind}-pool-${layout}${wantsIndices ? '-indices' : ''}`,
    inputs: [{ name: 'X', elem: elem(t, false) }],
    outputs: [{ name: 'Y', elem: elem(t, false), index: 0 }, ...(wantsIndices ? [{ name: 'I', elem: 'i32', index: 1 }] : [])],
    params,
    body: poolBody(shape, linearEntryPoint()),
    workgroups: linearWorkgroups(count, ctx.profile.limits),
  });
}

const signature = (outputs: number): DtypeSignature => ({ types: { T: FLOAT_DTYPES, I: ['int64'] }, inputs: ['T'], outputs: outputs === 2 ? ['T', 'I'] : ['T'] });

function pool(kind: PoolKind, layout: Layout, outputs = 1): OpDef {
  return { kind: 'kernel', dtypes: signature(outputs), check: checkPool, generate: (ctx) => generatePool(ctx, kind, layout) };
}

export const POOL_OPS: Record<string, OpDef> = {
  MaxPool: pool('max', 'nchw', 2),
  AveragePool: pool('avg', 'nchw'),
  LpPool: pool('lp', 'nchw'),
  'kiln.NhwcMaxPool': pool('max', 'nhwc'),
  'kiln.NhwcAveragePool': pool('avg', 'nhwc'),
};
