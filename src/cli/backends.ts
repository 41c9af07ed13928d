// The two ways the CLI runs a model: onnxruntime-node (the oracle) and Kiln's WebGPU backend on
// Dawn. Both take Kiln tensors in graph-input order and return outputs in graph-output order.
import { runtimeInputs } from '../ir/graph.ts';
import { exportModel } from '../ir/onnx/export.ts';
import type { Model, Tensor } from '../ir/types.ts';
import { runOrt } from '../reference/ort-node.ts';

export const BACKENDS = ['ort', 'webgpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface BackendRun {
  readonly outputs: Tensor[];
  /** Milliseconds per timed run (after warm-up), in run order. */
  readonly runMs: number[];
  readonly notes: string[];
}

/** `inputValues` (WebGPU only): graph inputs fixed at compile time, e.g. axes fed as inputs. */
export async function runOnBackend(backend: BackendName, model: Model, inputs: readonly Tensor[], runs = 1, inputValues?: Readonly<Record<string, Tensor>>): Promise<BackendRun> {
  if (backend === 'ort') {
    const bytes = exportModel(model);
    const runMs: number[] = [];
    let outputs: Tensor[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      outputs = await runOrt(bytes, inputs);
      runMs.push(performance.now() - t0);
    }
    return { outputs, runMs, notes: ['onnxruntime-node (CPU); times include session creation'] };
  }
  const { runOnWebGpu } = await import('./webgpu-run.ts');
  return runOnWebGpu(model, inputs, runs, inputValues);
}

export function inputShapesOf(model: Model, inputs: readonly Tensor[]): Record<string, number[]> {
  const names = runtimeInputs(model.graph).map((v) => v.name);
  return Object.fromEntries(inputs.map((t, i) => [names[i] ?? t.name, [...t.dims]]));
}
