// How quantization code runs a model without knowing the runtime: the CLI injects onnxruntime-node,
// the app onnxruntime-web in a worker, tests a cached onnxruntime-node session. Passes stay pure
// and synchronous; only calibration and accuracy reports (async APIs, not passes) take a Runner.
import type { Tensor } from '../../ir/types.ts';

/**
 * Runs an ONNX model on one set of inputs (matched to graph inputs by tensor name) and returns
 * the requested outputs in the order asked (all graph outputs when `outputNames` is omitted).
 */
export type Runner = (modelBytes: Uint8Array, inputs: Tensor[], outputNames?: string[]) => Promise<Tensor[]>;
