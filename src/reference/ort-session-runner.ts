// onnxruntime-node as a model runner for calibration, verification and accuracy reports: graph
// optimizations off by default (the model runs exactly as written) and one session per model
// bytes object, so many samples through one model load it once.
import type ort from 'onnxruntime-node';
import type { Tensor } from '../ir/types.ts';
import { createOrtSession, runOrtSession } from './ort-node.ts';

export type BytesRunner = (modelBytes: Uint8Array, inputs: readonly Tensor[], outputNames?: readonly string[]) => Promise<Tensor[]>;

export interface SessionRunner {
  readonly run: BytesRunner;
  /** Releases every cached session (a model that failed to load has none to release). */
  release(): Promise<void>;
}

export function ortSessionRunner(graphOptimizationLevel: 'disabled' | 'all' = 'disabled'): SessionRunner {
  const sessions = new Map<Uint8Array, Promise<ort.InferenceSession>>();
  const run: BytesRunner = async (bytes, inputs, outputNames) => {
    let s = sessions.get(bytes);
    if (!s) {
      sessions.set(bytes, (s = createOrtSession(bytes, { graphOptimizationLevel })));
      s.catch(() => undefined); // awaited below; this only keeps Node from reporting it unhandled
    }
    return runOrtSession(await s, inputs, outputNames ? [...outputNames] : undefined);
  };
  const release = async () => {
    const all = [...sessions.values()];
    sessions.clear();
    for (const s of all) await s.then((x) => x.release(), () => undefined);
  };
  return { run, release };
}
