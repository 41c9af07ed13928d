// Test support (Node only): a Runner backed by onnxruntime-node that keeps one session per model
// bytes object, so calibration and accuracy reports over many samples load each model once.
import ort from 'onnxruntime-node';
import { createOrtSession, runOrtSession } from '../../../reference/ort-node.ts';
import type { Runner } from '../runner.ts';

export interface OrtRunner extends Runner {
  /** Releases every cached session. */
  release(): Promise<void>;
}

/** onnxruntime-node as a Runner; 'disabled' runs the graph exactly as written (no fusions of its own). */
export function ortRunner(graphOptimizationLevel: 'disabled' | 'all' = 'disabled'): OrtRunner {
  const sessions = new Map<Uint8Array, Promise<ort.InferenceSession>>();
  const run = (async (bytes, inputs, outputNames) => {
    let s = sessions.get(bytes);
    if (!s) sessions.set(bytes, (s = createOrtSession(bytes, { graphOptimizationLevel })));
    return runOrtSession(await s, inputs, outputNames);
  }) as OrtRunner;
  run.release = async () => {
    // A model that failed to load left a rejected promise: nothing to release for it.
    for (const s of sessions.values()) await s.then((session) => session.release(), () => undefined);
    sessions.clear();
  };
  return run;
}
