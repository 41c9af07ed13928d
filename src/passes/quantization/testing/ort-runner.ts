// Test support (Node only): a Runner backed by onnxruntime-node (reference/ort-session-runner.ts)
// that keeps one session per model bytes object, callable directly as the quantization APIs expect.
import { ortSessionRunner } from '../../../reference/ort-session-runner.ts';
import type { Runner } from '../runner.ts';

export interface OrtRunner extends Runner {
  /** Releases every cached session. */
  release(): Promise<void>;
}

/** onnxruntime-node as a Runner; 'disabled' runs the graph exactly as written (no fusions of its own). */
export function ortRunner(graphOptimizationLevel: 'disabled' | 'all' = 'disabled'): OrtRunner {
  const sessions = ortSessionRunner(graphOptimizationLevel);
  const run = ((bytes, inputs, outputNames) => sessions.run(bytes, inputs, outputNames)) as OrtRunner;
  run.release = sessions.release;
  return run;
}
