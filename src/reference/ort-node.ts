// The oracle in Node: run a model with onnxruntime-node (CPU) and get Kiln tensors back.
import ort from 'onnxruntime-node';

// Failures reach the caller as exceptions; onnxruntime's own stderr log would only repeat them.
ort.env.logLevel = 'fatal';
import { InputError } from '../ir/errors.ts';
import type { Tensor } from '../ir/types.ts';
import { fromOrtTensor, toOrtTensor, type OrtTensorConstructor } from './ort-tensor.ts';

export interface OrtRunOptions {
  /** Which outputs to fetch; default: all graph outputs. */
  outputNames?: string[];
  /** onnxruntime graph optimization level; 'disabled' runs the model exactly as written. */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
}

export async function createOrtSession(modelBytes: Uint8Array, options: OrtRunOptions = {}): Promise<ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(modelBytes, {
      graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
      logSeverityLevel: 4,
    });
  } catch (e) {
    throw new InputError(`onnxruntime cannot load the model: ${firstLine(e)}`);
  }
}

/** Runs the model; inputs are matched to graph inputs by tensor name. Returns outputs in order. */
export async function runOrt(modelBytes: Uint8Array, inputs: readonly Tensor[], options: OrtRunOptions = {}): Promise<Tensor[]> {
  const session = await createOrtSession(modelBytes, options);
  try {
    return await runOrtSession(session, inputs, options.outputNames);
  } finally {
    await session.release();
  }
}

/**
 * onnxruntime-node aborts or crashes the whole process (not a catchable error) when it hands a
 * sub-byte tensor, a sequence or an optional to JavaScript, so such outputs are refused up front.
 */
const UNRETURNABLE = new Set(['int4', 'uint4', 'int2', 'uint2', 'float4e2m1']);

function refuseSubByteOutputs(session: ort.InferenceSession, names: readonly string[]): void {
  for (const m of session.outputMetadata) {
    if (!names.includes(m.name)) continue;
    if (!m.isTensor) throw new InputError(`onnxruntime-node cannot return the non-tensor output '${m.name}' (a sequence, map or optional) to JavaScript`);
    const type = String(m.type);
    if (UNRETURNABLE.has(type) || /^(u?int[24]|float4)/.test(type)) {
      throw new InputError(`onnxruntime-node cannot return ${type} output '${m.name}' to JavaScript`);
    }
  }
}

export async function runOrtSession(session: ort.InferenceSession, inputs: readonly Tensor[], outputNames?: string[]): Promise<Tensor[]> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const t of inputs) feeds[t.name] = toOrtTensor(ort.Tensor as unknown as OrtTensorConstructor, t) as ort.Tensor;
  const names = outputNames ?? [...session.outputNames];
  refuseSubByteOutputs(session, names);
  let result: ort.InferenceSession.ReturnType;
  try {
    result = await session.run(feeds, names);
  } catch (e) {
    throw new InputError(`onnxruntime failed to run the model: ${firstLine(e)}`);
  }
  return names.map((n) => fromOrtTensor(n, result[n]!));
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.trim();
}
