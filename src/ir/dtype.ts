// Element types of tensors, with their ONNX enum codes (TensorProto.DataType) and byte sizes.

export const DTYPES = [
  'float32',
  'uint8',
  'int8',
  'uint16',
  'int16',
  'int32',
  'int64',
  'string',
  'bool',
  'float16',
  'float64',
  'uint32',
  'uint64',
  'complex64',
  'complex128',
  'bfloat16',
  'float8e4m3fn',
  'float8e4m3fnuz',
  'float8e5m2',
  'float8e5m2fnuz',
  'uint4',
  'int4',
  'float4e2m1',
  'float8e8m0',
  'uint2',
  'int2',
] as const;

export type DType = (typeof DTYPES)[number];

/** ONNX TensorProto.DataType code of each dtype; DTYPES[code - 1] is the reverse. */
export function dtypeCode(dtype: DType): number {
  return DTYPES.indexOf(dtype) + 1;
}

export function dtypeFromCode(code: number): DType {
  const dtype = DTYPES[code - 1];
  if (dtype === undefined) throw new Error(`unknown ONNX data type code ${code}`);
  return dtype;
}

/** Bytes per element; 4-bit types report 0.5, 2-bit types 0.25. Strings have no fixed size (0). */
export function dtypeSize(dtype: DType): number {
  switch (dtype) {
    case 'float64':
    case 'int64':
    case 'uint64':
    case 'complex64':
      return 8;
    case 'complex128':
      return 16;
    case 'float32':
    case 'int32':
    case 'uint32':
      return 4;
    case 'float16':
    case 'bfloat16':
    case 'int16':
    case 'uint16':
      return 2;
    case 'uint4':
    case 'int4':
    case 'float4e2m1':
      return 0.5;
    case 'uint2':
    case 'int2':
      return 0.25;
    case 'string':
      return 0;
    default:
      return 1;
  }
}

export function isFloatDType(dtype: DType): boolean {
  return (
    dtype === 'float32' ||
    dtype === 'float16' ||
    dtype === 'float64' ||
    dtype === 'bfloat16' ||
    dtype.startsWith('float8') ||
    dtype === 'float4e2m1'
  );
}

export function isIntegerDType(dtype: DType): boolean {
  return /^u?int\d+$/.test(dtype);
}

/** Names used by the ONNX text syntax (onnx/docs/Syntax.md) for each dtype. */
const TEXT_NAMES: Record<DType, string> = {
  float32: 'float',
  uint8: 'uint8',
  int8: 'int8',
  uint16: 'uint16',
  int16: 'int16',
  int32: 'int32',
  int64: 'int64',
  string: 'string',
  bool: 'bool',
  float16: 'float16',
  float64: 'double',
  uint32: 'uint32',
  uint64: 'uint64',
  complex64: 'complex64',
  complex128: 'complex128',
  bfloat16: 'bfloat16',
  float8e4m3fn: 'float8e4m3fn',
  float8e4m3fnuz: 'float8e4m3fnuz',
  float8e5m2: 'float8e5m2',
  float8e5m2fnuz: 'float8e5m2fnuz',
  uint4: 'uint4',
  int4: 'int4',
  float4e2m1: 'float4e2m1',
  float8e8m0: 'float8e8m0',
  uint2: 'uint2',
  int2: 'int2',
};

export function dtypeTextName(dtype: DType): string {
  return TEXT_NAMES[dtype];
}

export function dtypeFromTextName(name: string): DType | undefined {
  for (const dtype of DTYPES) if (TEXT_NAMES[dtype] === name) return dtype;
  return undefined;
}
