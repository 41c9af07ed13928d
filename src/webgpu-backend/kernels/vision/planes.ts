// The view global pools and InstanceNormalization share: the input as planes of pixels, one
// plane per (batch, channel), whatever the layout, with the plane geometry already in the params.
import { numElements } from '../../../ir/tensor.ts';
import { inputInfo, outputInfo, type OpContext, type OutputInfo, type TensorInfo } from '../../op-def.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { floatScalar, type FloatScalar } from './float-wgsl.ts';
import { channelsFirst, type Layout } from './geometry.ts';

export interface PlaneProblem {
  readonly x: TensorInfo;
  readonly y: OutputInfo;
  /** The input's dims with channels second (NCHW order). */
  readonly dims: readonly number[];
  readonly planes: number;
  readonly pixels: number;
  readonly t: FloatScalar;
  /** Holds `pixels`, `channels` and `planes`; the kernel adds its own after them. */
  readonly params: ParamWriter;
}

export function planeProblem(ctx: OpContext, layout: Layout): PlaneProblem {
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  const dims = channelsFirst(x.dims, layout);
  const planes = dims[0]! * dims[1]!;
  const pixels = numElements(dims.slice(2));
  const params = new ParamWriter();
  params.u32('pixels', pixels);
  params.u32('channels', dims[1]!);
  params.u32('planes', planes);
  return { x, y, dims, planes, pixels, t: floatScalar(y), params };
}
