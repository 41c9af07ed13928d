// Test support: what onnxruntime computes for a model's outputs, as 'dtype[dims]' strings, to
// compare with inferred types (formatType) in small hand-built graphs.
import ort from 'onnxruntime-node';
import { exportModel } from '../../onnx/export.ts';
import type { Model, Tensor, ValueType } from '../../types.ts';
import { createOrtSession } from '../../../reference/ort-node.ts';
import { toOrtTensor, type OrtTensorConstructor } from '../../../reference/ort-tensor.ts';
import { formatShape } from '../dims.ts';

export function formatType(t: ValueType | undefined): string {
  if (t?.kind !== 'tensor') return t ? t.kind : 'no type';
  return `${t.dtype}${t.shape ? formatShape(t.shape) : '[*]'}`;
}

export async function ortOutputTypes(model: Model, inputs: readonly Tensor[]): Promise<Record<string, string>> {
  const session = await createOrtSession(exportModel(model), { graphOptimizationLevel: 'disabled' });
  try {
    const feeds: Record<string, ort.Tensor> = {};
    for (const t of inputs) feeds[t.name] = toOrtTensor(ort.Tensor as unknown as OrtTensorConstructor, t) as ort.Tensor;
    const result = await session.run(feeds);
    const out: Record<string, string> = {};
    for (const [name, t] of Object.entries(result)) out[name] = `${t.type}${formatShape(t.dims.map(Number))}`;
    return out;
  } finally {
    await session.release();
  }
}
