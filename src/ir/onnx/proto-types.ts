// Shapes of decoded ONNX protobuf messages, as protobufjs produces them (camelCase fields).
// Only what import/export touch is typed; int64 fields are LongLike.
import type { LongLike } from './long.ts';

export interface PStringEntry { key?: string; value?: string }
export interface POpset { domain?: string; version?: LongLike }
export interface PDimension { dimValue?: LongLike | null; dimParam?: string | null; denotation?: string }
export interface PShape { dim?: PDimension[] }
export interface PType {
  tensorType?: { elemType?: number; shape?: PShape | null } | null;
  sequenceType?: { elemType?: PType | null } | null;
  mapType?: { keyType?: number; valueType?: PType | null } | null;
  optionalType?: { elemType?: PType | null } | null;
  sparseTensorType?: { elemType?: number; shape?: PShape | null } | null;
  opaqueType?: Uint8Array | null;
  denotation?: string;
}
export interface PValueInfo { name?: string; type?: PType | null; docString?: string; metadataProps?: PStringEntry[] }
export interface PTensor {
  dims?: LongLike[];
  dataType?: number;
  segment?: unknown;
  floatData?: number[];
  int32Data?: number[];
  stringData?: Uint8Array[];
  int64Data?: LongLike[];
  name?: string;
  docString?: string;
  rawData?: Uint8Array;
  externalData?: PStringEntry[];
  dataLocation?: number;
  doubleData?: number[];
  uint64Data?: LongLike[];
  metadataProps?: PStringEntry[];
}
export interface PAttribute {
  name?: string;
  refAttrName?: string;
  docString?: string;
  type?: number;
  f?: number;
  i?: LongLike;
  s?: Uint8Array;
  t?: PTensor | null;
  g?: PGraph | null;
  sparseTensor?: Uint8Array | null;
  tp?: PType | null;
  floats?: number[];
  ints?: LongLike[];
  strings?: Uint8Array[];
  tensors?: PTensor[];
  graphs?: PGraph[];
  sparseTensors?: Uint8Array[];
  typeProtos?: PType[];
}
export interface PNode {
  input?: string[];
  output?: string[];
  name?: string;
  opType?: string;
  domain?: string;
  overload?: string;
  attribute?: PAttribute[];
  docString?: string;
  metadataProps?: PStringEntry[];
  deviceConfigurations?: Uint8Array[];
}
export interface PTensorAnnotation { tensorName?: string; quantParameterTensorNames?: PStringEntry[] }
export interface PGraph {
  node?: PNode[];
  name?: string;
  initializer?: PTensor[];
  sparseInitializer?: Uint8Array[];
  docString?: string;
  input?: PValueInfo[];
  output?: PValueInfo[];
  valueInfo?: PValueInfo[];
  quantizationAnnotation?: PTensorAnnotation[];
  metadataProps?: PStringEntry[];
}
export interface PFunction {
  name?: string;
  input?: string[];
  output?: string[];
  attribute?: string[];
  attributeProto?: PAttribute[];
  node?: PNode[];
  docString?: string;
  opsetImport?: POpset[];
  domain?: string;
  overload?: string;
  valueInfo?: PValueInfo[];
  metadataProps?: PStringEntry[];
}
export interface PModel {
  irVersion?: LongLike;
  opsetImport?: POpset[];
  producerName?: string;
  producerVersion?: string;
  domain?: string;
  modelVersion?: LongLike;
  docString?: string;
  graph?: PGraph | null;
  metadataProps?: PStringEntry[];
  trainingInfo?: Uint8Array[];
  functions?: PFunction[];
  configuration?: Uint8Array[];
}
export interface PSequence { name?: string; elemType?: number; tensorValues?: PTensor[] }
export interface POptional { name?: string; elemType?: number; tensorValue?: PTensor | null }
