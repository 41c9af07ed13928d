// `npm run bench:kernels [-- --rounds N] [--only name,...]`: the kernel experiments behind
// docs/perf-notes.md, each in one process on Dawn (SwiftShader here): Kiln's kernels as lowering
// makes them today beside earlier versions rebuilt from git, timed alone between timestamps,
// interleaved round by round (src/bench/node/kernel-timer.ts). Prints one Markdown table per
// experiment: median and min per variant, and each median over the first variant's.
import { parseArgs } from 'node:util';
import { GraphBuilder, makeModel } from '../src/ir/builder.ts';
import { runtimeInputs } from '../src/ir/graph.ts';
import { numElements } from '../src/ir/tensor.ts';
import type { Model } from '../src/ir/types.ts';
import { createNodeGpu, type NodeGpu } from '../src/node/dawn.ts';
import { oneNodeModel, type OperandSpec } from '../src/node/kernel-check.ts';
import { fuseBiasActivation } from '../src/passes/fusion/fuse-bias-activation.ts';
import { fuseElementwise } from '../src/passes/fusion/fuse-elementwise.ts';
import { COPY_PER_THREAD, COPY_WORKGROUP, copyWgsl } from '../src/bench/micro-wgsl.ts';
import { rawFromLowered, timeKernels, type KernelTime, type RawKernel } from '../src/bench/node/kernel-timer.ts';
import { WeightFactory } from '../src/models/weights.ts';
import { detectProfile, type AdapterKind } from '../src/webgpu-backend/adapter-profile.ts';
import { lowerModel, type LoweredModel } from '../src/webgpu-backend/lower.ts';
import { broadcastStrides, offsetsFunction } from '../src/webgpu-backend/wgsl/indexing.ts';
import { linearEntryPoint, linearWorkgroups } from '../src/webgpu-backend/wgsl/dispatch.ts';
import { ParamWriter } from '../src/webgpu-backend/wgsl/params.ts';
import { assembleShader, kernelSource } from '../src/webgpu-backend/wgsl/shader.ts';

const { values } = parseArgs({ args: process.argv.slice(2), options: { rounds: { type: 'string' }, only: { type: 'string' } } });
const ROUNDS = Number(values.rounds ?? 15);
const only = values.only?.split(',');

/** Static shapes of the graph inputs (the models here are built with them). */
function inputShapes(model: Model): Record<string, number[]> {
  return Object.fromEntries(runtimeInputs(model.graph).map((v) => [v.name, v.type?.kind === 'tensor' && v.type.shape ? v.type.shape.map(Number) : []]));
}

function lower(gpu: NodeGpu, model: Model, kind?: AdapterKind): LoweredModel {
  const shapes = inputShapes(model);
  const options = { inputShapes: shapes, wgslLanguageFeatures: gpu.wgslLanguageFeatures, ...(kind ? { adapter: { kind } } : {}) };
  return lowerModel(model, options, detectProfile(gpu.device, gpu.wgslLanguageFeatures, options.adapter));
}

function oneNode(gpu: NodeGpu, op: string, operands: (OperandSpec | '')[], attrs = {}, kind?: AdapterKind, outputs?: Parameters<typeof oneNodeModel>[5]): LoweredModel {
  return lower(gpu, oneNodeModel(op, operands, attrs, 1, [-1, 1], outputs).model, kind);
}

/** A vec4 copy of `bytes` (read and written once each): the bandwidth streaming kernels are held to. */
function copyKernel(bytes: number): RawKernel {
  const vec4s = Math.ceil(bytes / 16 / (COPY_WORKGROUP * COPY_PER_THREAD)) * COPY_WORKGROUP * COPY_PER_THREAD;
  return { label: 'vec4 copy', wgsl: copyWgsl(), params: new Uint32Array(4), layout: ['read-only-storage', 'storage', 'uniform'], bindingBytes: [vec4s * 16, vec4s * 16], workgroups: [vec4s / (COPY_WORKGROUP * COPY_PER_THREAD), 1, 1] };
}

/**
 * The broadcasting Add/Mul kernel before e2fffbc (git show e2fffbc^:src/webgpu-backend/kernels/binary.ts):
 * per element, the output coordinates are walked and each input read through its broadcast strides.
 */
function stridedBinary(gpu: NodeGpu, op: 'Add' | 'Mul', a: number[], b: number[], now: LoweredModel): RawKernel {
  const count = numElements(a);
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32s('shape', a);
  params.u32s('a_strides', broadcastStrides(a, a));
  params.u32s('b_strides', broadcastStrides(b, a));
  const body = `
${offsetsFunction('inputOffsets', a.length, 'shape', ['a_strides', 'b_strides'])}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let offsets = inputOffsets(index);
  let a = A[offsets.x];
  let b = B[offsets.y];
  C[index] = ${op === 'Add' ? 'a + b' : 'a * b'};
}`;
  const source = kernelSource({ variant: 'binary-broadcast (strided, before e2fffbc)', inputs: [{ name: 'A', elem: 'f32' }, { name: 'B', elem: 'f32' }], output: { name: 'C', elem: 'f32' }, params, body, workgroups: linearWorkgroups(count, gpu.device.limits.maxComputeWorkgroupsPerDimension), inPlace: [{ input: 0, output: 0 }] });
  // The same binding plan as today's kernel: A in an activation buffer, overwritten in place; B a weight.
  const inPlace = now.kernels[0]!.info.inPlace ? { inPlace: { input: 0, output: 0 } } : {};
  const shader = assembleShader(source, { writable: new Set([0]), ...inPlace });
  const bytes = shader.layout.slice(0, -1).map((_, i) => 4 * numElements(inPlace.inPlace ? (i === 0 ? b : a) : [a, b, a][i]!));
  return { label: source.variant, wgsl: shader.wgsl, params: shader.params, layout: shader.layout, bindingBytes: bytes, workgroups: source.workgroups };
}

/** The int8 readers before 7a5b6c5: unpack the whole word to a vec4, then index it with the run-time lane. */
function laneIndexedReaders(k: RawKernel): RawKernel {
  const re = /fn (\w+)\(i: u32\) -> (i32|u32) \{ return extractBits\((?:bitcast<i32>\()?(\w+)\[i >> 2u\]\)?, \(i & 3u\) \* 8u, 8u\); \}/g;
  const wgsl = k.wgsl.replace(re, (_m, name: string, type: string, buffer: string) => `fn ${name}(i: u32) -> ${type} { return ${type === 'i32' ? 'unpackI8' : 'unpackU8'}(${buffer}[i / 4u])[i % 4u]; }`);
  if (wgsl === k.wgsl) throw new Error(`no int8 reader to rewrite in ${k.label}`);
  return { ...k, label: `${k.label} (vec4 unpack + lane index, before 7a5b6c5)`, wgsl };
}

/** Conv + bias → Add(residual) → Relu, as the bundled CNN's residual block ends. */
function residualBlock(channels: number, size: number): Model {
  const w = new WeightFactory(3);
  const b = new GraphBuilder('block');
  const x = b.input('x', 'float32', [1, channels, size, size]);
  const r = b.input('r', 'float32', [1, channels, size, size]);
  const c = b.node('Conv', [x, b.initializer(w.he('w', [channels, channels, 3, 3], channels * 9)), b.initializer(w.uniform('b', [channels], -0.1, 0.1))], { attrs: { pads: [1, 1, 1, 1] } });
  b.node('Relu', [b.node('Add', [c, r])], { outputs: ['y'] });
  b.output('y', 'float32');
  return makeModel(b.build(), { opsetImports: [{ domain: '', version: 17 }, { domain: 'com.microsoft', version: 1 }] });
}

type Experiment = (gpu: NodeGpu) => Promise<{ title: string; rows: KernelTime[]; notes?: string[] }[]>;

const EXPERIMENTS: Record<string, Experiment> = {
  async 'broadcast-binary'(gpu) {
    const cases: ['Add' | 'Mul', number[], number[]][] = [
      ['Add', [1, 64, 56, 56], [1, 64, 1, 1]],
      ['Add', [256, 1024], [1024]],
      ['Mul', [1, 96, 12, 24], [1, 96, 1, 1]],
    ];
    const out = [];
    for (const [op, a, b] of cases) {
      const now = oneNode(gpu, op, [{ dims: a }, { dims: b, constant: true }]);
      const bytes = 4 * (2 * numElements(a) + numElements(b));
      const rows = await timeKernels(gpu.device, [stridedBinary(gpu, op, a, b, now), rawFromLowered(now), copyKernel(4 * numElements(a))], ROUNDS);
      const copyGbs = (8 * numElements(a)) / (rows[2]!.medianMs * 1e6);
      const share = (r: KernelTime) => `${((bytes / (r.medianMs * 1e6) / copyGbs) * 100).toFixed(0)}% of copy bandwidth`;
      out.push({ title: `${op} [${a}] with [${b}]`, rows, notes: [`strided: ${share(rows[0]!)}; shared elementwise kernel: ${share(rows[1]!)}`] });
    }
    return out;
  },

  async 'int8-reader'(gpu) {
    const dq = rawFromLowered(oneNode(gpu, 'DequantizeLinear', [{ dims: [1, 64, 56, 56], dtype: 'int8' }, { dims: [64], constant: true }, { dims: [64], constant: true, dtype: 'int8', values: Array(64).fill(3) }], { axis: 1 }));
    const mm = rawFromLowered(oneNode(gpu, 'MatMulInteger', [{ dims: [64, 256], dtype: 'uint8' }, { dims: [256, 256], dtype: 'int8', constant: true }], {}, undefined, ['int32']));
    return [
      { title: 'DequantizeLinear int8 [1,64,56,56], per channel', rows: await timeKernels(gpu.device, [laneIndexedReaders(dq), dq], ROUNDS) },
      { title: 'MatMulInteger uint8 [64,256] × int8 [256,256]', rows: await timeKernels(gpu.device, [laneIndexedReaders(mm), mm], ROUNDS) },
    ];
  },

  async 'matmul-variants'(gpu) {
    const mm = (m: number, k: number, n: number, kind: AdapterKind) => {
      const lowered = oneNode(gpu, 'MatMul', [{ dims: [m, k] }, { dims: [k, n], constant: true }], {}, kind);
      return rawFromLowered(lowered, 0, `${lowered.kernels[0]!.info.variant} (${kind} profile)`);
    };
    return [
      { title: 'MatMul [256,256] × [256,256]', rows: await timeKernels(gpu.device, [mm(256, 256, 256, 'gpu'), mm(256, 256, 256, 'cpu')], ROUNDS) },
      { title: 'MatMul [255,255] × [255,255] (rows not 16-byte aligned: no vec4 loads)', rows: await timeKernels(gpu.device, [mm(255, 255, 255, 'gpu'), mm(255, 255, 255, 'cpu')], ROUNDS) },
      { title: 'MatMul [1,784] × [784,128] (the MLP\'s first layer)', rows: await timeKernels(gpu.device, [mm(1, 784, 128, 'gpu'), mm(1, 784, 128, 'cpu')], ROUNDS) },
    ];
  },

  async 'conv-variants'(gpu) {
    const conv = (x: number[], w: number[], attrs: object, kind: AdapterKind) => {
      const lowered = oneNode(gpu, 'Conv', [{ dims: x }, { dims: w, constant: true }, { dims: [w[0]!], constant: true }], attrs, kind);
      return rawFromLowered(lowered, 0, `${lowered.kernels[0]!.info.variant} (${kind} profile)`);
    };
    return [
      { title: 'Conv 3×3, 32→32 channels, [1,32,64,64]', rows: await timeKernels(gpu.device, [conv([1, 32, 64, 64], [32, 32, 3, 3], { pads: [1, 1, 1, 1] }, 'gpu'), conv([1, 32, 64, 64], [32, 32, 3, 3], { pads: [1, 1, 1, 1] }, 'cpu')], ROUNDS) },
      { title: 'Conv 1×1, 64→64 channels, [1,64,32,32]', rows: await timeKernels(gpu.device, [conv([1, 64, 32, 32], [64, 64, 1, 1], {}, 'gpu'), conv([1, 64, 32, 32], [64, 64, 1, 1], {}, 'cpu')], ROUNDS) },
    ];
  },

  async 'conv-residual'(gpu) {
    const out = [];
    for (const [channels, size] of [[16, 32], [32, 64]] as const) {
      const model = residualBlock(channels, size);
      const before = lower(gpu, fuseElementwise.run(model).model);
      const after = lower(gpu, fuseBiasActivation.run(model).model);
      const kernels = [...before.kernels.map((_, i) => rawFromLowered(before, i, `before: ${before.kernels[i]!.info.variant}`)), rawFromLowered(after, 0, `after: ${after.kernels[0]!.info.variant} + Z${after.kernels[0]!.info.inPlace ? ' (in place)' : ''}`)];
      const rows = await timeKernels(gpu.device, kernels, ROUNDS);
      const sum = rows.slice(0, -1).reduce((s, r) => s + r.medianMs, 0);
      out.push({ title: `Conv 3×3 + residual Add + Relu, ${channels} channels, ${size}×${size}`, rows, notes: [`before: ${before.kernels.length} kernels, ${sum.toFixed(3)} ms summed, activations ${before.memory.peakActivationBytes} B; after: 1 kernel, ${rows.at(-1)!.medianMs.toFixed(3)} ms (${(rows.at(-1)!.medianMs / sum).toFixed(2)}× the sum), activations ${after.memory.peakActivationBytes} B`] });
    }
    return out;
  },
};

const gpu = await createNodeGpu();
console.log(`# kernel experiments — ${gpu.adapterInfo.vendor} ${gpu.adapterInfo.architecture} ${gpu.adapterInfo.description}; ${ROUNDS} interleaved rounds; ${new Date().toISOString().slice(0, 16)}\n`);
for (const [name, run] of Object.entries(EXPERIMENTS)) {
  if (only && !only.includes(name)) continue;
  for (const { title, rows, notes } of await run(gpu)) {
    console.log(`## ${name}: ${title}\n`);
    console.log('| variant | median | min | median / first |');
    console.log('|---|---:|---:|---:|');
    for (const r of rows) console.log(`| ${r.label} | ${(r.medianMs * 1000).toFixed(0)} µs | ${(r.minMs * 1000).toFixed(0)} µs | ${(r.medianMs / rows[0]!.medianMs).toFixed(2)} |`);
    for (const n of notes ?? []) console.log(`\n${n}`);
    console.log('');
  }
}
process.exit(0);
