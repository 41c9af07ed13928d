// float16 two ways. With 'shader-f16' (real GPUs) tensors are f16 in GPU memory: SwiftShader has
// no such feature, so that WGSL is checked as text — the f16 kernel is the f32 one with f16
// element types and an `enable f16;` line, MatMul still accumulating in f32. Without it (here)
// float16 tensors live as f32 on the GPU and are rounded to float16 on read-back: those numerics
// run on Dawn against onnxruntime's float16 kernels. Tolerance: rel L2 <= 1e-3 (float16 keeps 11
// significant bits, ~4.9e-4 relative rounding per value).
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../ir/builder.ts';
import type { DType } from '../ir/dtype.ts';
import { tensorFromNumbers } from '../ir/tensor.ts';
import { checkOnGpu, oneNodeModel } from '../node/kernel-check.ts';
import { randomInputs } from '../reference/random-inputs.ts';
import { lowerModel } from './lower.ts';

const REL_L2 = 1e-3;

function wgslOf(op: string, dtype: DType, dims: number[], shaderF16: boolean, operands = 1): string {
  const { model } = oneNodeModel(op, Array.from({ length: operands }, () => ({ dims, dtype })), {}, 1, [-1, 1], [dtype]);
  const inputShapes = Object.fromEntries(Array.from({ length: operands }, (_, i) => [`in${i}`, dims]));
  return lowerModel(model, { inputShapes, adapter: { shaderF16, kind: 'cpu' } }).kernels[0]!.info.wgsl;
}

/** The f32 kernel with f16 element types: every f32 outside the params accessors becomes f16. */
function asF16(wgsl: string): string {
  const [first, ...rest] = wgsl.split('\n');
  const swapped = rest.map((line) => (line.startsWith('fn paramF') ? line : line.replace(/\bf32\b/g, 'f16')));
  return [first, 'enable f16;', ...swapped].join('\n');
}

describe('float16 with shader-f16: WGSL', () => {
  it.each([['Relu', 1, [8]], ['Sigmoid', 1, [3, 5]], ['Erf', 1, [7]], ['Add', 2, [2, 8]], ['Mul', 2, [5]]] as const)('%s is the f32 kernel with f16 types', (op, n, dims) => {
    const f32 = wgslOf(op, 'float32', [...dims], false, n);
    const f16 = wgslOf(op, 'float16', [...dims], true, n);
    expect(f16).toBe(asF16(f32));
    expect(f16).toContain(dims.reduce((a: number, b) => a * b, 1) % 4 ? 'array<f16>' : 'array<vec4<f16>>');
  });

  it('MatMul stores f16 and accumulates in f32', () => {
    const { model } = oneNodeModel('MatMul', [{ dims: [4, 8], dtype: 'float16' }, { dims: [8, 12], dtype: 'float16', constant: true }], {}, 1, [-1, 1], ['float16']);
    const wgsl = lowerModel(model, { inputShapes: { in0: [4, 8] }, adapter: { shaderF16: true, kind: 'cpu' } }).kernels[0]!.info.wgsl;
    expect(wgsl.split('\n')[1]).toBe('enable f16;');
    expect(wgsl).toContain('var<storage, read> B: array<vec4<f16>>;');
    expect(wgsl).toContain('var acc0 = vec4<f32>();');
    expect(wgsl).toContain('let a0 = vec4<f32>(A[a_start0 + k]);');
    expect(wgsl).toContain('Y[(out_base + (row + 0u) * N + col) / 4u] = vec4<f16>(value);');
  });

  it('without shader-f16 the same model lowers to plain f32 kernels', () => {
    expect(wgslOf('Relu', 'float16', [8], false)).toBe(wgslOf('Relu', 'float32', [8], false));
  });
});

describe('float16 without shader-f16: emulated in f32, rounded on read-back (rel L2 <= 1e-3)', () => {
  it.each([['Relu', 1], ['Sigmoid', 1], ['Tanh', 1], ['Add', 2], ['Div', 2]] as const)('%s on float16 tensors', async (op, n) => {
    const { model, inputs } = oneNodeModel(op, Array.from({ length: n }, () => ({ dims: [3, 7], dtype: 'float16' as const })), {}, 5, [0.5, 2], ['float16']);
    const check = await checkOnGpu(model, inputs);
    expect(check.result.outputs[0]!.dtype).toBe('float16');
    expect(check.comparisons[0]!.relL2).toBeLessThanOrEqual(REL_L2);
    check.compiled.destroy();
  });

  it('an f16 MLP layer: MatMul with f16 weights, Add, Relu', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float16', [4, 16]);
    const rand = (name: string, dims: number[]) => tensorFromNumbers(name, 'float16', dims, Array.from({ length: dims.reduce((p, d) => p * d) }, (_, i) => Math.sin(i * 1.7) * 0.5));
    const h = b.node('MatMul', [x, b.initializer(rand('w', [16, 8]))]);
    b.node('Relu', [b.node('Add', [h, b.initializer(rand('bias', [8]))])], { outputs: ['y'] });
    b.output('y', 'float16');
    const model = makeModel(b.build());
    const check = await checkOnGpu(model, randomInputs(model.graph, { seed: 6 }));
    expect(check.comparisons[0]!.relL2).toBeLessThanOrEqual(REL_L2);
    expect(check.compiled.plan.adapter.shaderF16).toBe(false);
    check.compiled.destroy();
  });
});
