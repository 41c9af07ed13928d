// DynamicQuantizeLinear: y = saturate(round(x / scale) + zp) into uint8 with scale and zero point
// from x's own range (extended to include 0), as onnxruntime computes them: scale = (max - min) /
// 255 (1 when max = min), zp = round(clamp(-min / scale, 0, 255)). Two kernels: one workgroup
// finds the range (each invocation scans a strided share, vec4 where the count allows, then a
// tree in workgroup memory) and writes the scale and zero point outputs; the second quantizes,
// one output word per invocation, reading them back.
import { numElements } from '../../../ir/tensor.ts';
import type { KernelSequence } from '../../kernel-sequence.ts';
import { inputInfo, outputInfo, wgslElem, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { int8Helpers, int8Variant } from '../../wgsl/int8.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource } from '../../wgsl/shader.ts';
import { LANES, packWord, quantizeFunction } from './quant-wgsl.ts';

const GROUP = 64;

function generateDynamicQuantize(ctx: OpContext): KernelSequence {
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx, 0)];
  const count = numElements(x.dims);
  const vec4 = count % 4 === 0 && count > 0;
  const rangeParams = new ParamWriter();
  rangeParams.u32('count', vec4 ? count / 4 : count);
  // A run-time 255: a literal divisor may be compiled to a multiplication by its reciprocal,
  // which rounds differently from onnxruntime's division.
  rangeParams.f32('levels', 255);
  const fold = (op: string, v: string) => (vec4 ? `${op}(${op}(${v}.x, ${v}.y), ${op}(${v}.z, ${v}.w))` : v);
  const range = kernelSource({
    variant: `dynamic-quantize-range${vec4 ? '-vec4' : ''}`,
    inputs: [{ name: 'X', elem: wgslElem(x, vec4) }],
    outputs: [{ name: 'Scale', elem: 'f32', index: 0 }, { name: 'Zero', elem: 'u32', index: 1 }],
    params: rangeParams,
    body: `
${int8Helpers(ctx.profile)}
var<workgroup> lo: array<f32, ${GROUP}>;
var<workgroup> hi: array<f32, ${GROUP}>;

@compute @workgroup_size(${GROUP})
fn main(@builtin(local_invocation_index) lid: u32) {
  let n = param(P_COUNT);
  // 0 belongs to every range, so it also starts both folds.
  var a = 0.0;
  var b = 0.0;
  for (var i = lid; i < n; i += ${GROUP}u) {
    let v = ${vec4 ? 'vec4<f32>' : 'f32'}(X[i]);
    a = min(a, ${fold('min', 'v')});
    b = max(b, ${fold('max', 'v')});
  }
  lo[lid] = a;
  hi[lid] = b;
  workgroupBarrier();
  for (var s = ${GROUP / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) {
      lo[lid] = min(lo[lid], lo[lid + s]);
      hi[lid] = max(hi[lid], hi[lid + s]);
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    let scale = select((hi[0] - lo[0]) / paramF(P_LEVELS), 1.0, hi[0] == lo[0]);
    Scale[0] = scale;
    Zero[0] = packU8(vec4<u32>(u32(round(clamp(0.0 - lo[0] / scale, 0.0, 255.0))), 0u, 0u, 0u));
  }
}`,
    workgroups: [1, 1, 1],
    workgroupStorageBytes: 2 * GROUP * 4,
  });
  const words = Math.ceil(count / 4);
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32('words', words);
  const lane = (l: number) => `select(0.0, quantize(f32(X[min(e + ${l}u, n - 1u)]), scale, zp), e + ${l}u < n)`;
  const quantize = kernelSource({
    variant: `dynamic-quantize-uint8${int8Variant(ctx.profile)}`,
    inputs: [{ name: 'X', elem: wgslElem(x) }, { name: 'Scale', elem: 'f32' }, { name: 'Zero', elem: 'u32' }],
    output: { name: 'Y', elem: 'u32' },
    params,
    body: `
${int8Helpers(ctx.profile)}
${quantizeFunction(false)}

${linearEntryPoint()}
  if (index >= param(P_WORDS)) { return; }
  let n = param(P_COUNT);
  let e = index * 4u;
  let scale = Scale[0];
  let zp = f32(unpackU8(Zero[0]).x);
  Y[index] = ${packWord(false, LANES.map(lane))};
}`,
    workgroups: linearWorkgroups(words, ctx.profile.limits),
  });
  if (y.dtype !== 'uint8') throw new Error('DynamicQuantizeLinear writes uint8');
  return {
    kind: 'sequence',
    scratch: [],
    steps: [
      { source: range, reads: [{ input: 0 }], writes: [{ output: 1 }, { output: 2 }] },
      { source: quantize, reads: [{ input: 0 }, { output: 1 }, { output: 2 }], writes: [{ output: 0 }] },
    ],
  };
}

export const DYNAMIC_QUANTIZE_OPS: Record<string, OpDef> = {
  DynamicQuantizeLinear: {
    kind: 'kernel',
    dtypes: { types: { T1: ['float32'], T2: ['uint8'], F: ['float32'] }, inputs: ['T1'], outputs: ['T2', 'F', 'T2'] },
    generate: generateDynamicQuantize,
  },
};
