// HannWindow, HammingWindow and BlackmanWindow: y[n] = a0 - a1·cos(2πn/N) + a2·cos(4πn/N), with
// N = size (periodic, the default) or size - 1 (symmetric). The size is the output's static length
// (shape inference knows it for a constant size; otherwise the model declares it), so the size
// input is never read. One invocation per element. The cosines are a polynomial of the angle in
// turns (n/N) folded into a quarter turn: accurate to ~1e-8, where WGSL's cos may be off by 2⁻¹¹.
import { attrInt } from '../../../ir/attributes.ts';
import { outputInfo, shapeError, wgslElem, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';

/** [a0, a1, a2] per window. */
const COEFFICIENTS: Record<string, [number, number, number]> = {
  HannWindow: [0.5, 0.5, 0],
  HammingWindow: [25 / 46, 21 / 46, 0],
  BlackmanWindow: [0.42, 0.5, 0.08],
};

/** cos(2π·u): u folded to [0, 1/4] turn (cos is even, and cos(π - x) = -cos x), then Taylor to x¹². */
const COS_TURNS_WGSL = `fn cosTurns(u: f32) -> f32 {
  let r = abs(u - round(u));
  let flip = r > 0.25;
  let x = 6.283185307179586 * select(r, 0.5 - r, flip);
  let x2 = x * x;
  let c = 1.0 - x2 / 2.0 * (1.0 - x2 / 12.0 * (1.0 - x2 / 30.0 * (1.0 - x2 / 56.0 * (1.0 - x2 / 90.0 * (1.0 - x2 / 132.0)))));
  return select(c, -c, flip);
}`;

function generateWindow(ctx: OpContext): KernelSource {
  const y = outputInfo(ctx);
  if (y.dims.length !== 1) throw shapeError(ctx.node, `output [${y.dims}] is not 1-D`);
  const size = y.dims[0]!;
  const periodic = attrInt(ctx.node, 'periodic', 1) !== 0;
  const [a0, a1, a2] = COEFFICIENTS[ctx.node.opType]!;
  const params = new ParamWriter();
  params.u32('count', size);
  params.f32('period', periodic ? size : size - 1);
  params.f32('a0', a0);
  params.f32('a1', a1);
  params.f32('a2', a2);
  const body = `
${COS_TURNS_WGSL}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let u = f32(index) / paramF(P_PERIOD);
  Y[index] = ${y.gpu.scalar}(paramF(P_A0) - paramF(P_A1) * cosTurns(u) + paramF(P_A2) * cosTurns(2.0 * u));
}`;
  return kernelSource({
    variant: ctx.node.opType.replace('Window', '').toLowerCase() + '-window',
    inputs: [],
    output: { name: 'Y', elem: wgslElem(y) },
    params, body,
    workgroups: linearWorkgroups(Math.max(size, 1), ctx.profile.limits),
  });
}

const windowOp: OpDef = {
  kind: 'kernel',
  // The size (int32 or int64) is never bound.
  dtypes: { types: { I: ['int32', 'int64'], T: ['float32', 'float16', 'int32', 'int64', 'uint32'] }, inputs: ['I'], outputs: ['T'] },
  generate: generateWindow,
};

export const WINDOW_OPS: Record<string, OpDef> = Object.fromEntries(Object.keys(COEFFICIENTS).map((op) => [op, windowOp]));
