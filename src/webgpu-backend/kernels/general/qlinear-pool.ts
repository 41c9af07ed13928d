// com.microsoft.QLinearGlobalAveragePool (NCHW, what fuse-qdq makes of GlobalAveragePool between
// Dequantize and Quantize): y[n, c] = saturate(round((Σ x - x_zp·HW) · x_scale / (y_scale·HW)) +
// y_zp), the sum exact in i32, requantized in f32 with onnxruntime's multiplier. One invocation
// per output word: four (n, c) planes, each summed over its H·W bytes.
import { attrInt } from '../../../ir/attributes.ts';
import type { Node } from '../../../ir/types.ts';
import { numElements } from '../../../ir/tensor.ts';
import { formatDims, inputInfo, outputInfo, shapeError, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { int8Helpers, int8Variant } from '../../wgsl/int8.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { perChannel, requantizeFunction } from './qlinear-matmul.ts';
import { LANES, packWord, quantReader } from './quant-wgsl.ts';

function generateQLinearGlobalAveragePool(ctx: OpContext): KernelSource {
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  if (x.dims.length < 3) throw shapeError(ctx.node, `input ${formatDims(x.dims)} has no spatial dims`);
  const planes = x.dims[0]! * x.dims[1]!;
  const pixels = numElements(x.dims.slice(2));
  const words = Math.ceil(planes / 4);
  const [qx, qy] = [perChannel(ctx, 1, 2, 'x', 1), perChannel(ctx, 3, 4, 'y', 1)];
  const params = new ParamWriter();
  params.u32('planes', planes);
  params.u32('words', words);
  params.u32('pixels', pixels);
  params.f32('pixels_f', pixels);
  const lane = (l: number) => `select(0.0, plane(e + ${l}u), e + ${l}u < param(P_PLANES))`;
  const body = `
${int8Helpers(ctx.profile)}
${quantReader('readX', 'X', x)}
${qx.wgsl}
${qy.wgsl}
${requantizeFunction(y)}
fn plane(p: u32) -> f32 {
  let HW = param(P_PIXELS);
  var acc = 0;
  for (var i = 0u; i < HW; i++) { acc += i32(readX(p * HW + i)); }
  acc -= x_zp(0u) * i32(HW);
  return requantize(acc, x_scale(0u) / (y_scale(0u) * paramF(P_PIXELS_F)), y_zp(0u));
}

${linearEntryPoint()}
  if (index >= param(P_WORDS)) { return; }
  let e = index * 4u;
  Y[index] = ${packWord(y.dtype === 'int8', LANES.map(lane))};
}`;
  return kernelSource({
    variant: `qlinear-global-average-pool-${y.dtype}${int8Variant(ctx.profile)}`,
    inputs: [{ name: 'X', elem: 'u32', index: 0 }, ...qx.decls, ...qy.decls],
    output: { name: 'Y', elem: 'u32' },
    params, body,
    workgroups: linearWorkgroups(words, ctx.profile.limits),
  });
}

const Q8 = ['int8', 'uint8'] as const;

export const QLINEAR_POOL_OPS: Record<string, OpDef> = {
  'com.microsoft.QLinearGlobalAveragePool': {
    kind: 'kernel',
    dtypes: { types: { T: Q8, F: ['float32'] }, inputs: ['T', 'F', 'T', 'F', 'T'], outputs: ['T'] },
    check: (node: Node) => (attrInt(node, 'channels_last', 0) ? 'channels_last is not supported' : undefined),
    generate: generateQLinearGlobalAveragePool,
  },
};
