// Concatenating constant weights of siblings, byte for byte (any fixed-size dtype): along axis 0
// (Conv weights [Cout, Cin, kh, kw] and biases) the tensors' bytes simply follow each other;
// along the last axis of 2-D MatMul weights [K, N] every row is the rows of the parts in turn.
import { dtypeSize } from '../../ir/dtype.ts';
import { InputError } from '../../ir/errors.ts';
import { numElements } from '../../ir/tensor.ts';
import type { Tensor } from '../../ir/types.ts';

function rawBytes(t: Tensor): Uint8Array {
  if (t.data.kind !== 'raw') throw new InputError(`weight ${t.name} holds ${t.data.kind} data`);
  if (!Number.isInteger(dtypeSize(t.dtype)) || dtypeSize(t.dtype) < 1) throw new InputError(`weight ${t.name} is ${t.dtype}, which is not byte-addressable`);
  return t.data.bytes;
}

/** Tensors with equal dims after the first, stacked along axis 0. */
export function concatAxis0(name: string, parts: readonly Tensor[]): Tensor {
  const first = parts[0]!;
  const bytes = new Uint8Array(parts.reduce((s, t) => s + rawBytes(t).byteLength, 0));
  let at = 0;
  for (const t of parts) {
    bytes.set(rawBytes(t), at);
    at += rawBytes(t).byteLength;
  }
  const dims = [parts.reduce((s, t) => s + t.dims[0]!, 0), ...first.dims.slice(1)];
  return { name, dtype: first.dtype, dims, data: { kind: 'raw', bytes } };
}

/** 2-D tensors [K, Ni] side by side: [K, ΣNi]. */
export function concatColumns(name: string, parts: readonly Tensor[]): Tensor {
  const first = parts[0]!;
  const size = dtypeSize(first.dtype);
  const rows = first.dims[0]!;
  const total = parts.reduce((s, t) => s + t.dims[1]!, 0);
  const bytes = new Uint8Array(rows * total * size);
  let column = 0;
  for (const t of parts) {
    const src = rawBytes(t);
    const width = t.dims[1]! * size;
    for (let r = 0; r < rows; r++) bytes.set(src.subarray(r * width, (r + 1) * width), (r * total + column) * size);
    column += t.dims[1]!;
  }
  return { name, dtype: first.dtype, dims: [rows, total], data: { kind: 'raw', bytes } };
}

/** A zero tensor of the dtype (every fixed-size dtype's zero is all-zero bytes). */
export function zeros(name: string, dtype: Tensor['dtype'], dims: readonly number[]): Tensor {
  return { name, dtype, dims: [...dims], data: { kind: 'raw', bytes: new Uint8Array(numElements(dims) * dtypeSize(dtype)) } };
}
