// Test support (Node only): the models the verification matrix checks, each with the inputs it
// runs on (manifest shapes, seed 7) and its calibration samples (seeds 1000, 1001, ...), and an
// onnxruntime-node runner that keeps one session per exported model (calibration runs the same
// bytes once per sample).
import ort from 'onnxruntime-node';
import type { Model, Tensor } from '../../../ir/types.ts';
import { createOrtSession, runOrtSession } from '../../../reference/ort-node.ts';
import { randomInputs } from '../../../reference/random-inputs.ts';
import { bundledModels, lightModels, loadModel, type ModelCase } from '../../../test-support/models.ts';
import type { ModelRunner } from '../../pipelines.ts';
import { randomSamples } from '../../quantization/prepare-int8.ts';
import { withoutFinalOp } from '../variants.ts';

export interface MatrixCase {
  readonly id: string;
  readonly model: Model;
  readonly inputs: Tensor[];
  readonly samples: Tensor[][];
  /** How the checked model differs from the file, when it does. */
  readonly variant?: string;
}

function matrixCase(c: ModelCase, samples: number, drop?: 'Sigmoid' | 'Softmax'): MatrixCase {
  const file = loadModel(c.path);
  const variant = drop ? withoutFinalOp(file, drop) : undefined;
  if (drop && !variant) throw new Error(`${c.id} does not end in a ${drop}`);
  const model = variant ?? file;
  const shapes = c.entry?.inputs ? { inputs: c.entry.inputs } : {};
  return {
    id: c.id,
    model,
    inputs: randomInputs(model.graph, { seed: 7, ...shapes }),
    samples: randomSamples(model, samples, 1000, shapes),
    ...(variant ? { variant: `final ${drop} dropped: its input (the logits) is the output checked` } : {}),
  };
}

/** A case by id; the model loads when the test runs. */
export interface CaseSpec {
  readonly id: string;
  load(): MatrixCase;
}

/** The bundled models; PaddleOCR-det is checked on its logits (see variants.ts). */
export function bundledCases(): CaseSpec[] {
  return bundledModels().map((c) => ({ id: c.id, load: () => matrixCase(c, 8, c.id === 'paddleocr-det' ? 'Sigmoid' : undefined) }));
}

/**
 * The light classic CNNs, checked on the logits before their final Softmax (see variants.ts).
 * One calibration sample each: with constant weights every channel of a layer holds the same
 * values, so more samples would cost seconds of 224×224 inference and add no information.
 */
export function lightCases(): CaseSpec[] {
  return lightModels().map((c) => ({ id: c.id, load: () => matrixCase(c, 1, c.id === 'light_densenet121' ? undefined : 'Softmax') }));
}

/** onnxruntime-node with graph optimizations off (the model runs as written), one session per bytes object. */
export { ortSessionRunner as sessionRunner, type SessionRunner } from '../../../reference/ort-session-runner.ts';
