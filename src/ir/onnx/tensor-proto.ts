// TensorProto <-> Tensor. Every numeric tensor becomes raw little-endian bytes: raw_data stays a
// view into the file; the typed fields (float_data, int32_data, ...) are converted once.
import { dtypeCode, dtypeFromCode, dtypeSize, type DType } from '../dtype.ts';
import { numElements, bytesOf } from '../tensor.ts';
import type { Tensor, MetadataEntry } from '../types.ts';
import { longToBigInt, longToNumber, type LongLike } from './long.ts';
import { TensorProto } from './proto.ts';
import type { PStringEntry, PTensor } from './proto-types.ts';

/** Loads the bytes of an external-data tensor; returns undefined when they are not available. */
export type ExternalDataResolver = (location: string, offset: number, length: number | undefined) => Uint8Array | undefined;

export function entriesFromProto(entries: PStringEntry[] | undefined): MetadataEntry[] {
  return (entries ?? []).map((e) => ({ key: e.key ?? '', value: e.value ?? '' }));
}

function optionalMeta(entries: PStringEntry[] | undefined): { metadata?: MetadataEntry[] } {
  return entries && entries.length ? { metadata: entriesFromProto(entries) } : {};
}

function bytesFromInt32Field(dtype: DType, values: number[], count: number): Uint8Array {
  const size = dtypeSize(dtype);
  if (size === 4) return bytesOf(Int32Array.from(values));
  if (size === 2) return bytesOf(Uint16Array.from(values, (v) => v & 0xffff));
  if (size === 1) return Uint8Array.from(values, (v) => v & 0xff);
  // Sub-byte types: int32_data holds one value per element; pack them low bits first.
  const bits = size * 8;
  const perByte = 8 / bits;
  const out = new Uint8Array(Math.ceil(count / perByte));
  const mask = (1 << bits) - 1;
  values.forEach((v, i) => (out[Math.floor(i / perByte)]! |= (v & mask) << ((i % perByte) * bits)));
  return out;
}

function typedFieldBytes(p: PTensor, dtype: DType, count: number): Uint8Array | undefined {
  if (p.floatData?.length) return bytesOf(Float32Array.from(p.floatData));
  if (p.doubleData?.length) return bytesOf(Float64Array.from(p.doubleData));
  if (p.int32Data?.length) return bytesFromInt32Field(dtype, p.int32Data, count);
  if (p.int64Data?.length) return bytesOf(BigInt64Array.from(p.int64Data, (v) => longToBigInt(v)));
  if (p.uint64Data?.length) {
    const big = BigUint64Array.from(p.uint64Data, (v) => BigInt.asUintN(64, longToBigInt(v)));
    if (dtype === 'uint32') return bytesOf(Uint32Array.from(big, (v) => Number(v)));
    return bytesOf(big);
  }
  return undefined;
}

export function tensorFromProto(p: PTensor, resolveExternal?: ExternalDataResolver): Tensor {
  const name = p.name ?? '';
  const dtype = dtypeFromCode(p.dataType ?? 0);
  const dims = (p.dims ?? []).map((d: LongLike) => longToNumber(d));
  const base = { name, dtype, dims, ...(p.docString ? { docString: p.docString } : {}), ...optionalMeta(p.metadataProps) };
  if (p.segment) throw new Error(`tensor '${name}' is segmented, which Kiln does not support`);
  if (p.dataLocation === 1) {
    const entries = entriesFromProto(p.externalData);
    const get = (k: string) => entries.find((e) => e.key === k)?.value;
    const location = get('location') ?? '';
    const offset = Number(get('offset') ?? 0);
    const lengthText = get('length');
    const bytes = resolveExternal?.(location, offset, lengthText === undefined ? undefined : Number(lengthText));
    if (bytes) return { ...base, data: { kind: 'raw', bytes } };
    return { ...base, data: { kind: 'external', entries } };
  }
  if (dtype === 'string') return { ...base, data: { kind: 'strings', values: p.stringData ?? [] } };
  const count = numElements(dims);
  if (p.rawData && p.rawData.length) return { ...base, data: { kind: 'raw', bytes: p.rawData } };
  const bytes = typedFieldBytes(p, dtype, count) ?? new Uint8Array(Math.ceil(count * dtypeSize(dtype)));
  return { ...base, data: { kind: 'raw', bytes } };
}

export function tensorToProto(t: Tensor): PTensor {
  const p: PTensor = { name: t.name, dataType: dtypeCode(t.dtype), dims: t.dims as number[] };
  if (t.docString) p.docString = t.docString;
  if (t.metadata?.length) p.metadataProps = t.metadata.map((e) => ({ ...e }));
  switch (t.data.kind) {
    case 'raw':
      p.rawData = t.data.bytes;
      break;
    case 'strings':
      p.stringData = [...t.data.values];
      break;
    case 'external':
      p.dataLocation = 1;
      p.externalData = t.data.entries.map((e) => ({ ...e }));
      break;
  }
  return p;
}

/** Decodes one serialized TensorProto (an `input_K.pb` / `output_K.pb` file). */
export function decodeTensor(bytes: Uint8Array): Tensor {
  return tensorFromProto(TensorProto.decode(bytes) as unknown as PTensor);
}

export function encodeTensor(t: Tensor): Uint8Array {
  return TensorProto.encode(tensorToProto(t) as never).finish();
}

