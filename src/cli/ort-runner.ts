// The model runner the CLI hands to calibration and verification: onnxruntime-node with graph
// optimizations off (the model runs exactly as written), one session per exported model, so
// calibration over several samples loads each model once.
import type ort from 'onnxruntime-node';
import type { ModelRunner } from '../passes/pipelines.ts';
import { createOrtSession, runOrtSession } from '../reference/ort-node.ts';

export interface CliRunner {
  readonly run: ModelRunner;
  release(): Promise<void>;
}

export function ortRunner(): CliRunner {
  const sessions = new Map<Uint8Array, Promise<ort.InferenceSession>>();
  const run: ModelRunner = async (bytes, inputs, outputNames) => {
    let s = sessions.get(bytes);
    if (!s) {
      sessions.set(bytes, (s = createOrtSession(bytes, { graphOptimizationLevel: 'disabled' })));
      s.catch(() => undefined);
    }
    return runOrtSession(await s, inputs, outputNames ? [...outputNames] : undefined);
  };
  const release = async () => {
    const all = [...sessions.values()];
    sessions.clear();
    for (const s of all) await s.then((x) => x.release()).catch(() => undefined);
  };
  return { run, release };
}
