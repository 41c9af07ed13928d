// Kiln tensors <-> onnxruntime tensors (the same API in onnxruntime-node and onnxruntime-web).
import type { Tensor as OrtTensor } from 'onnxruntime-common';
import type { DType } from '../ir/dtype.ts';
import { tensorData } from '../ir/tensor.ts';
import type { Tensor } from '../ir/types.ts';

export type OrtTensorConstructor = new (type: string, data: unknown, dims: readonly number[]) => OrtTensor;

const ORT_TYPES: Partial<Record<DType, string>> = {
  float32: 'float32', float16: 'float16', float64: 'float64', bfloat16: 'bfloat16',
  int8: 'int8', uint8: 'uint8', int16: 'int16', uint16: 'uint16', int32: 'int32', uint32: 'uint32',
  int64: 'int64', uint64: 'uint64', bool: 'bool', string: 'string', int4: 'int4', uint4: 'uint4',
};

export function toOrtTensor(Ctor: OrtTensorConstructor, t: Tensor): OrtTensor {
  const type = ORT_TYPES[t.dtype];
  if (!type) throw new Error(`onnxruntime has no tensor type for ${t.dtype} (input '${t.name}')`);
  if (t.data.kind === 'strings') {
    const dec = new TextDecoder();
    return new Ctor('string', t.data.values.map((v) => dec.decode(v)), t.dims);
  }
  return new Ctor(type, tensorData(t), t.dims);
}

export function fromOrtTensor(name: string, t: OrtTensor): Tensor {
  const dtype = (Object.keys(ORT_TYPES) as DType[]).find((k) => ORT_TYPES[k] === t.type);
  if (!dtype) throw new Error(`unsupported onnxruntime tensor type ${t.type} for '${name}'`);
  const dims = [...t.dims].map(Number);
  if (dtype === 'string') {
    const enc = new TextEncoder();
    return { name, dtype, dims, data: { kind: 'strings', values: (t.data as string[]).map((s) => enc.encode(s)) } };
  }
  const data = t.data as ArrayBufferView;
  // Copy: onnxruntime may reuse or free its output buffers after the session call returns.
  const bytes = new Uint8Array(data.byteLength);
  bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return { name, dtype, dims, data: { kind: 'raw', bytes } };
}
