// MatMulInteger (A of rank >= 2 with its leading dims flattened into rows, 2-D B, per-tensor
// zero points): Y[m, n] = Σ_k (A[m, k] - a0) (B[k, n] - b0) in
// int32, one invocation per output element. With the WGSL packed_4x8 feature, equal signedness,
// no zero points and K % 4 == 0, four products at a time go through one dot4 builtin: A's row
// supplies whole packed words, B's column is gathered and packed. Otherwise the portable variant
// unpacks bytes and multiplies one k at a time. Both give exact int32 results.
import { numElements } from '../../ir/tensor.ts';
import { inputInfo, outputInfo, shapeError, type OpContext, type OpDef, type TensorInfo } from '../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../wgsl/dispatch.ts';
import { int8Helpers, int8Reader } from '../wgsl/int8.ts';
import { ParamWriter } from '../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../wgsl/shader.ts';

function zeroPoint(ctx: OpContext, i: number, of: TensorInfo): TensorInfo | undefined {
  const z = ctx.inputs[i];
  if (z && numElements(z.dims) !== 1) throw shapeError(ctx.node, `only per-tensor zero points are supported; input ${i} is [${z.dims}]`);
  if (z && z.dtype !== of.dtype) throw shapeError(ctx.node, `zero point ${i} is ${z.dtype}, its operand ${of.dtype}`);
  return z;
}

function generateMatMulInteger(ctx: OpContext): KernelSource {
  const [a, b, y] = [inputInfo(ctx, 0), inputInfo(ctx, 1), outputInfo(ctx)];
  if (a.dims.length < 2 || b.dims.length !== 2) throw shapeError(ctx.node, `only A of rank >= 2 times a 2-D B is supported, got [${a.dims}] and [${b.dims}]`);
  const K = a.dims[a.dims.length - 1]!;
  const M = numElements(a.dims) / K;
  const N = b.dims[1]!;
  const [za, zb] = [zeroPoint(ctx, 2, a), zeroPoint(ctx, 3, b)];
  const [sa, sb] = [a.dtype === 'int8', b.dtype === 'int8'];
  const dot4 = ctx.profile.packed4x8 && sa === sb && !za && !zb && K % 4 === 0;
  const params = new ParamWriter();
  params.u32('count', M * N);
  params.u32('n', N);
  params.u32('k', K);
  const loop = dot4
    ? `  for (var k = 0u; k < K; k += 4u) {
    let bw = pack${sb ? 'I' : 'U'}8(vec4<${sb ? 'i32' : 'u32'}>(readB(k * N + n), readB((k + 1u) * N + n), readB((k + 2u) * N + n), readB((k + 3u) * N + n)));
    acc += i32(dot${sa ? 'I' : 'U'}8(A[(m * K + k) / 4u], bw));
  }`
    : `  for (var k = 0u; k < K; k++) {
    acc += (i32(readA(m * K + k)) - ${za ? 'i32(readZA(0u))' : '0'}) * (i32(readB(k * N + n)) - ${zb ? 'i32(readZB(0u))' : '0'});
  }`;
  const body = `
${int8Helpers(ctx.profile)}
${int8Reader('readA', 'A', sa)}
${int8Reader('readB', 'B', sb)}
${za ? int8Reader('readZA', 'ZA', sa) : ''}
${zb ? int8Reader('readZB', 'ZB', sb) : ''}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let N = param(P_N);
  let K = param(P_K);
  let m = index / N;
  let n = index % N;
  var acc = 0;
${loop}
  Y[index] = acc;
}`;
  return kernelSource({
    variant: `matmul-integer${dot4 ? '-dot4' : '-unpack'}`,
    inputs: [
      { name: 'A', elem: 'u32' },
      { name: 'B', elem: 'u32' },
      ...(za ? [{ name: 'ZA', elem: 'u32', index: 2 }] : []),
      ...(zb ? [{ name: 'ZB', elem: 'u32', index: 3 }] : []),
    ],
    output: { name: 'Y', elem: 'i32' },
    params,
    body,
    workgroups: linearWorkgroups(numElements(y.dims), ctx.profile.limits),
  });
}

export const MATMUL_INTEGER_OPS: Record<string, OpDef> = {
  MatMulInteger: {
    kind: 'kernel',
    dtypes: { types: { T1: ['int8', 'uint8'], T2: ['int8', 'uint8'], T3: ['int32'] }, inputs: ['T1', 'T2', 'T1', 'T2'], outputs: ['T3'] },
    generate: generateMatMulInteger,
  },
};
