// Runs the reference kernels of micro-wgsl.ts on a device and reports their medians: the copy at
// two sizes (one that fits a CPU cache, one that does not: software adapters are CPUs) and the
// matmul. Times come from timestamp queries when the device has them, like Kiln's kernel times.
import { median } from './stats.ts';
import { COPY_PER_THREAD, COPY_WORKGROUP, copyWgsl, matmulWgsl } from './micro-wgsl.ts';

export interface CopyFigure {
  /** Bytes read plus bytes written per run. */
  readonly bytes: number;
  readonly medianMs: number;
  readonly gbPerS: number;
}

export interface MicroResult {
  readonly copies: readonly CopyFigure[];
  /** The best copy bandwidth: what streaming kernels are measured against. */
  readonly copyGbPerS: number;
  readonly matmul: { readonly m: number; readonly n: number; readonly k: number; readonly medianMs: number; readonly gflopPerS: number };
  readonly timing: 'gpu-timestamps' | 'cpu';
  readonly reps: number;
}

const COPY_SIZES = [1 << 20, 16 << 20]; // bytes per buffer
const MATMUL = 512;

/** Median time of `reps` runs of one dispatch, by timestamps when possible. */
async function timeDispatch(device: GPUDevice, pipeline: GPUComputePipeline, group: GPUBindGroup, workgroups: [number, number, number], reps: number): Promise<{ ms: number; source: MicroResult['timing'] }> {
  const stamps = device.features.has('timestamp-query');
  const querySet = stamps ? device.createQuerySet({ type: 'timestamp', count: 2 }) : undefined;
  const resolve = stamps ? device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC }) : undefined;
  const readback = stamps ? device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }) : undefined;
  const times: number[] = [];
  try {
    for (let r = 0; r < reps + 1; r++) {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass(querySet ? { timestampWrites: { querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } } : {});
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, group);
      pass.dispatchWorkgroups(...workgroups);
      pass.end();
      if (querySet && resolve && readback) {
        encoder.resolveQuerySet(querySet, 0, 2, resolve, 0);
        encoder.copyBufferToBuffer(resolve, 0, readback, 0, 16);
      }
      const t0 = performance.now();
      device.queue.submit([encoder.finish()]);
      let ms: number;
      if (readback) {
        await readback.mapAsync(GPUMapMode.READ);
        const ns = new BigInt64Array(readback.getMappedRange().slice(0));
        readback.unmap();
        ms = Math.max(0, Number(ns[1]! - ns[0]!) / 1e6);
      } else {
        await device.queue.onSubmittedWorkDone();
        ms = performance.now() - t0;
      }
      if (r > 0) times.push(ms); // the first run compiles and pages memory in
    }
  } finally {
    querySet?.destroy();
    resolve?.destroy();
    readback?.destroy();
  }
  return { ms: median(times), source: stamps ? 'gpu-timestamps' : 'cpu' };
}

function storage(device: GPUDevice, bytes: number, fill: boolean): GPUBuffer {
  const buffer = device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
  if (fill) {
    const values = new Float32Array(bytes / 4);
    for (let i = 0; i < values.length; i++) values[i] = ((i * 2654435761) % 1000) / 1000 - 0.5;
    device.queue.writeBuffer(buffer, 0, values);
  }
  return buffer;
}

export async function runMicrobenchmarks(device: GPUDevice, reps = 9): Promise<MicroResult> {
  const made: GPUBuffer[] = [];
  const buffer = (bytes: number, fill: boolean) => {
    const b = storage(device, bytes, fill);
    made.push(b);
    return b;
  };
  try {
    let source: MicroResult['timing'] = 'cpu';
    const copyPipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module: device.createShaderModule({ code: copyWgsl() }), entryPoint: 'main' } });
    const copies: CopyFigure[] = [];
    for (const size of COPY_SIZES) {
      const src = buffer(size, true);
      const dst = buffer(size, false);
      const group = device.createBindGroup({ layout: copyPipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: src } }, { binding: 1, resource: { buffer: dst } }] });
      const workgroups = size / 16 / (COPY_WORKGROUP * COPY_PER_THREAD);
      const t = await timeDispatch(device, copyPipeline, group, [workgroups, 1, 1], reps);
      source = t.source;
      copies.push({ bytes: 2 * size, medianMs: t.ms, gbPerS: (2 * size) / (t.ms * 1e6) });
    }
    const n = MATMUL;
    const mm = await device.createComputePipelineAsync({ layout: 'auto', compute: { module: device.createShaderModule({ code: matmulWgsl(n, n, n) }), entryPoint: 'main' } });
    const [a, b, c] = [buffer(n * n * 4, true), buffer(n * n * 4, true), buffer(n * n * 4, false)];
    const group = device.createBindGroup({ layout: mm.getBindGroupLayout(0), entries: [a, b, c].map((x, i) => ({ binding: i, resource: { buffer: x } })) });
    const t = await timeDispatch(device, mm, group, [n / 4 / 8, n / 4 / 8, 1], reps);
    return {
      copies,
      copyGbPerS: Math.max(...copies.map((c) => c.gbPerS)),
      matmul: { m: n, n, k: n, medianMs: t.ms, gflopPerS: (2 * n * n * n) / (t.ms * 1e6) },
      timing: source,
      reps,
    };
  } finally {
    made.forEach((b) => b.destroy());
  }
}

/** The better of two measurements of the same kernels, figure by figure: a peak is the best the device did. */
export function bestOf(a: MicroResult, b: MicroResult): MicroResult {
  const copies = a.copies.map((c, i) => {
    const other = b.copies[i];
    return other && other.gbPerS > c.gbPerS ? other : c;
  });
  return {
    copies,
    copyGbPerS: Math.max(...copies.map((c) => c.gbPerS)),
    matmul: b.matmul.gflopPerS > a.matmul.gflopPerS ? b.matmul : a.matmul,
    timing: a.timing,
    reps: a.reps + b.reps,
  };
}
