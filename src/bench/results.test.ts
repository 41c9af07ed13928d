import { describe, expect, it } from 'vitest';
import type { Tensor } from '../ir/types.ts';
import type { KernelPlan } from '../webgpu-backend/compile.ts';
import { evaluateGoals } from './goals.ts';
import { kernelCosts, kernelKind } from './kernel-costs.ts';
import type { MicroResult } from './micro.ts';
import { judgeOutputs } from './output-check.ts';
import { bestKiln, engineEntry, kernelFigures, peerRatios, type EngineEntry, type EngineRecord } from './results.ts';
import type { Model } from '../ir/types.ts';

const f32 = (name: string, values: number[]): Tensor => ({ name, dtype: 'float32', dims: [values.length], data: { kind: 'raw', bytes: new Uint8Array(new Float32Array(values).buffer) } });

const micro: MicroResult = { copies: [{ bytes: 2e6, medianMs: 1, gbPerS: 2 }], copyGbPerS: 2, matmul: { m: 512, n: 512, k: 512, medianMs: 100, gflopPerS: 4 }, timing: 'gpu-timestamps', reps: 9 };

function record(key: string, ms: number[], extra: Partial<EngineRecord> = {}): EngineRecord {
  return {
    key,
    tolerance: 1e-3,
    ready: { description: key, initMs: 1 },
    samples: ms.map((m) => ({ ms: m, dispatches: 3 })),
    devices: [],
    memory: { liveBytes: 10, peakBytes: 200, windowPeakBytes: 100, buffersCreated: 2, buffersDestroyed: 0 },
    ...extra,
  };
}

describe('bench results', () => {
  it('summarizes an engine: order statistics, dispatches, memory and its error against WASM', () => {
    const ref = [f32('y', [1, 2, 3])];
    const e = engineEntry(record('kiln', [5, 1, 3, 2, 4], { outputs: [f32('y', [1, 2, 3.0001])] }), ref);
    expect(e).toMatchObject({ median_ms: 3, runs: 5, dispatches: 3, peak_gpu_bytes: 100, peak_gpu_bytes_overall: 200, matches_wasm: true });
    expect('spread_ms' in e && e.spread_ms).toBeCloseTo(3.2);
    const wrong = engineEntry(record('fast', [1], { outputs: [f32('y', [3, 2, 1])] }), ref);
    expect(wrong).toMatchObject({ matches_wasm: false });
  });

  it('records a failed engine as its error', () => {
    expect(engineEntry({ ...record('ort-jsep', []), error: 'MaxPool ceil_mode' }, undefined)).toEqual({ error: 'MaxPool ceil_mode' });
  });

  it('reports Kiln/peer ratios and null where a side failed', () => {
    const kiln = engineEntry(record('kiln', [2]), undefined);
    const peer = engineEntry(record('ort-webgpu', [8]), undefined);
    expect(peerRatios(kiln, peer)).toEqual({ latency: 0.25, dispatches: 1, peak_gpu_bytes: 1 });
    expect(peerRatios(kiln, { error: 'x' })).toEqual({ latency: null, dispatches: null, peak_gpu_bytes: null });
  });

  it('picks the fastest Kiln pipeline whose outputs match WASM', () => {
    const entry = (ms: number, relL2: number | null, matches: boolean) => ({ ...(engineEntry(record('k', [ms]), undefined) as object), rel_l2_vs_wasm: relL2, matches_wasm: matches }) as EngineEntry;
    const engines: Record<string, EngineEntry> = { 'kiln:none': entry(3, 1e-7, true), 'kiln:fast-wrong': entry(1, 0.5, false), 'kiln:tvm': entry(2, 1e-7, true) };
    expect(bestKiln(engines, Object.keys(engines))).toBe('kiln:tvm');
    // Without a WASM reference nothing is known to be wrong: the fastest wins.
    const unchecked = { 'kiln:none': entry(3, null, false), 'kiln:tvm': entry(2, null, false) };
    expect(bestKiln(unchecked, Object.keys(unchecked))).toBe('kiln:tvm');
  });

  it('takes the worst output and names shape problems', () => {
    expect(judgeOutputs([f32('a', [1, 1]), f32('b', [2])], [f32('a', [1, 1]), f32('b', [1])]).relL2).toBeCloseTo(1);
    expect(judgeOutputs([f32('a', [1])], [f32('a', [1, 2])]).problem).toMatch(/shape/);
  });

  it('judges a saturated Sigmoid output by its largest absolute error', () => {
    // A probability map of ~1e-10 where the reference flushes to 0: rel L2 1, max abs 1e-10.
    const ref = [f32('map', [0, 0, 1e-10, 2e-10])];
    const got = [f32('map', [1e-10, 2e-10, 0, 2e-10])];
    expect(engineEntry(record('kiln', [1], { outputs: got }), ref)).toMatchObject({ matches_wasm: false });
    const e = engineEntry(record('kiln', [1], { outputs: got }), ref, ['max-abs']);
    expect(e).toMatchObject({ matches_wasm: true });
    expect('max_abs_vs_wasm' in e && e.max_abs_vs_wasm).toBeCloseTo(2e-10);
    const far = engineEntry(record('kiln', [1], { outputs: [f32('map', [0, 0, 0, 0.4])] }), ref, ['max-abs']);
    expect(far).toMatchObject({ matches_wasm: false });
  });

  it('rates kernels against the copy and the matmul from their median time', () => {
    const costs = [
      { id: 'mm', opType: 'MatMul', variant: 'v', nodes: 1, bytes: 1e6, flops: 4e6, kind: 'compute' as const },
      { id: 'add', opType: 'Add', variant: 'v', nodes: 1, bytes: 2e6, flops: 0, kind: 'streaming' as const },
    ];
    const [mm, add] = kernelFigures(costs, [[1, 2], [1, 1], [NaN, 1.5]], micro);
    expect(mm).toMatchObject({ median_us: 1000, gflop_per_s: 4, fraction_of_matmul: 1 });
    expect(add!.median_us).toBeCloseTo(1500);
    expect(add!.fraction_of_copy).toBeCloseTo(2 / 1.5 / 2);
    expect(add!.fraction_of_matmul).toBeNull();
  });
});

describe('kernelCosts', () => {
  it('counts each distinct value read and written once, weights and views included', () => {
    const plan = {
      kernels: [
        { id: 'k0', nodeIds: ['mm'], opType: 'MatMul', variant: 'matmul', inputs: ['x', 'w'], output: 'y', outputs: ['y'] },
        { id: 'k1', nodeIds: ['add'], opType: 'Add', variant: 'add', inputs: ['yv', 'yv'], output: 'z', outputs: ['z'] },
      ],
      assignments: [
        { value: 'x', bytes: 32 },
        { value: 'y', bytes: 16 },
        { value: 'z', bytes: 16 },
      ],
      weights: [{ name: 'w', bytes: 64 }],
      aliases: { yv: 'y' },
      shapes: { x: [2, 4], w: [4, 2], y: [2, 2], yv: [4], z: [4] },
    } as unknown as KernelPlan;
    const model = {
      graph: { nodes: [{ id: 'mm', opType: 'MatMul', domain: '', inputs: ['x', 'w'], outputs: ['y'], attributes: [] }, { id: 'add', opType: 'Add', domain: '', inputs: ['yv', 'yv'], outputs: ['z'], attributes: [] }] },
      functions: [],
    } as unknown as Model;
    const [mm, add] = kernelCosts(plan, model);
    expect(mm).toMatchObject({ bytes: 32 + 64 + 16, flops: 2 * 4 * 4, kind: 'compute' });
    expect(add).toMatchObject({ bytes: 16 + 16, flops: 4, kind: 'streaming' });
  });

  it('estimates an NHWC convolution like the NCHW one it replaced', () => {
    const kernel = (id: string, op: string, x: string, w: string, y: string) => ({ id, nodeIds: [id], opType: op, variant: 'v', inputs: [x, w], output: y, outputs: [y] });
    const plan = {
      kernels: [kernel('c', 'Conv', 'x', 'w', 'y'), kernel('n', 'NhwcConv', 'xh', 'wh', 'yh')],
      assignments: [],
      weights: [],
      aliases: {},
      shapes: { x: [1, 4, 8, 8], w: [6, 4, 3, 3], y: [1, 6, 8, 8], xh: [1, 8, 8, 4], wh: [3, 3, 4, 6], yh: [1, 8, 8, 6] },
    } as unknown as KernelPlan;
    const node = (id: string, opType: string, domain: string, inputs: string[], output: string) => ({ id, opType, domain, inputs, outputs: [output], attributes: [] });
    const model = { graph: { nodes: [node('c', 'Conv', '', ['x', 'w'], 'y'), node('n', 'NhwcConv', 'kiln', ['xh', 'wh'], 'yh')] }, functions: [] } as unknown as Model;
    const [conv, nhwc] = kernelCosts(plan, model);
    expect(conv!.flops).toBe(2 * 6 * 64 * 36);
    expect(nhwc!.flops).toBe(conv!.flops);
    expect(nhwc!.kind).toBe('compute');
  });

  it('estimates a conv with a fused epilogue as the conv plus one operation per expression call per element', () => {
    const kernel = (id: string, op: string, inputs: string[], y: string) => ({ id, nodeIds: [id], opType: op, variant: 'v', inputs, output: y, outputs: [y] });
    const plan = {
      kernels: [kernel('c', 'Conv', ['x', 'w'], 'y'), kernel('e', 'kiln.FusedConvEpilogue', ['x', 'w', '', 's'], 'ye')],
      assignments: [],
      weights: [],
      aliases: {},
      shapes: { x: [1, 4, 8, 8], w: [6, 4, 3, 3], y: [1, 6, 8, 8], s: [1, 6, 1, 1], ye: [1, 6, 8, 8] },
    } as unknown as KernelPlan;
    const expression = { name: 'expression', type: 'string', value: 'relu(mul(x0, x1))' };
    const model = {
      graph: {
        nodes: [
          { id: 'c', opType: 'Conv', domain: '', inputs: ['x', 'w'], outputs: ['y'], attributes: [] },
          { id: 'e', opType: 'FusedConvEpilogue', domain: 'kiln', inputs: ['x', 'w', '', 's'], outputs: ['ye'], attributes: [expression] },
        ],
      },
      functions: [],
    } as unknown as Model;
    const [conv, fused] = kernelCosts(plan, model);
    expect(fused!.flops).toBe(conv!.flops + 2 * 6 * 64);
    expect(fused!.kind).toBe('compute');
  });

  it('classes contractions as compute whatever their domain', () => {
    expect(kernelKind('com.microsoft.FusedConv')).toBe('compute');
    expect(kernelKind('kiln.FusedElementwise')).toBe('streaming');
  });
});

describe('evaluateGoals', () => {
  it('judges the best pipeline against ort-webgpu and names another pipeline that meets a missed goal', () => {
    const fig = (median: number, dispatches: number, peak: number) => ({ ...(engineEntry(record('k', [median]), undefined) as object), dispatches, peak_gpu_bytes: peak, rel_l2_vs_wasm: 1e-7, matches_wasm: true }) as EngineEntry;
    const result = {
      model: 'cnn',
      best_pipeline: 'tvm',
      engines: { 'kiln:tvm': fig(10, 8, 240), 'kiln:int8': fig(200, 16, 90), 'ort-webgpu': fig(100, 11, 300) },
    } as unknown as Parameters<typeof evaluateGoals>[0];
    const g = evaluateGoals(result);
    expect(g.kiln).toBe('kiln:tvm');
    expect(g.verdicts.latency).toEqual({ ratio: 0.1, met: true });
    expect(g.verdicts.dispatches.met).toBe(false);
    expect(g.verdicts.peak_gpu_bytes).toEqual({ ratio: 0.8, met: false });
    expect(g.elsewhere).toEqual([{ goal: 'peak_gpu_bytes', kiln: 'kiln:int8', ratio: 0.3 }]);
  });
});
