// Tensors as JSON for the job file: dtype, dims and the raw little-endian bytes in base64. The
// same code runs in Node (the CLI) and the page.
import type { DType } from '../ir/dtype.ts';
import type { Tensor } from '../ir/types.ts';

export interface WireTensor {
  readonly name: string;
  readonly dtype: DType;
  readonly dims: readonly number[];
  readonly base64: string;
}

const CHUNK = 0x8000;

export function toWire(t: Tensor): WireTensor {
  if (t.data.kind !== 'raw') throw new Error(`input '${t.name}' holds ${t.data.kind} data; bench feeds numeric tensors only`);
  const bytes = t.data.bytes;
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return { name: t.name, dtype: t.dtype, dims: [...t.dims], base64: btoa(binary) };
}

export function fromWire(w: WireTensor): Tensor {
  const binary = atob(w.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return { name: w.name, dtype: w.dtype, dims: [...w.dims], data: { kind: 'raw', bytes } };
}
