// Kiln's graph IR: plain readonly data. Nothing here is mutated after creation; passes build new
// graphs that share unchanged nodes and weights with the old one (see edit.ts).
import type { DType } from './dtype.ts';

/** A dimension: a number when static, a name when symbolic (`batch`), null when unknown. */
export type Dim = number | string | null;
export type Shape = readonly Dim[];

export type ValueType =
  | { readonly kind: 'tensor'; readonly dtype: DType; readonly shape?: Shape }
  | { readonly kind: 'sparse_tensor'; readonly dtype: DType; readonly shape?: Shape }
  | { readonly kind: 'sequence'; readonly elem?: ValueType }
  | { readonly kind: 'optional'; readonly elem?: ValueType }
  | { readonly kind: 'map'; readonly key: DType; readonly value?: ValueType }
  | { readonly kind: 'opaque'; readonly proto: Uint8Array };

export type TensorType = Extract<ValueType, { kind: 'tensor' }>;

export interface MetadataEntry {
  readonly key: string;
  readonly value: string;
}

/** A named value of the graph (an edge): graph input, output, or annotated intermediate. */
export interface ValueInfo {
  readonly name: string;
  readonly type?: ValueType;
  readonly docString?: string;
  readonly metadata?: readonly MetadataEntry[];
}

export type TensorData =
  /** Little-endian element bytes; a view into the loaded file whenever the file had raw_data. */
  | { readonly kind: 'raw'; readonly bytes: Uint8Array }
  | { readonly kind: 'strings'; readonly values: readonly Uint8Array[] }
  /** Data kept in a file beside the model that was not loaded (ONNX external data). */
  | { readonly kind: 'external'; readonly entries: readonly MetadataEntry[] };

export interface Tensor {
  readonly name: string;
  readonly dtype: DType;
  readonly dims: readonly number[];
  readonly data: TensorData;
  readonly docString?: string;
  readonly metadata?: readonly MetadataEntry[];
}

interface AttributeBase {
  readonly name: string;
  readonly docString?: string;
  /** Inside a function body: the attribute takes the value of the caller's attribute of this name. */
  readonly refAttrName?: string;
}

export type AttributeValue =
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'tensor'; readonly value: Tensor }
  | { readonly type: 'graph'; readonly value: Graph }
  | { readonly type: 'type_proto'; readonly value: ValueType | undefined }
  | { readonly type: 'floats'; readonly value: readonly number[] }
  | { readonly type: 'ints'; readonly value: readonly number[] }
  | { readonly type: 'strings'; readonly value: readonly string[] }
  | { readonly type: 'tensors'; readonly value: readonly Tensor[] }
  | { readonly type: 'graphs'; readonly value: readonly Graph[] }
  | { readonly type: 'type_protos'; readonly value: readonly (ValueType | undefined)[] }
  /** Sparse tensors are carried as their encoded SparseTensorProto bytes. */
  | { readonly type: 'sparse_tensor'; readonly value: Uint8Array }
  | { readonly type: 'sparse_tensors'; readonly value: readonly Uint8Array[] }
  /** A function attribute reference whose type the file did not state. */
  | { readonly type: 'undefined'; readonly value: null };

export type Attribute = AttributeBase & AttributeValue;
export type AttributeType = Attribute['type'];

export interface Node {
  /** Stable identity: the ONNX node name, made unique (and generated where missing) at import. */
  readonly id: string;
  /** The name as written in the file ('' when it had none); export writes it back. */
  readonly name: string;
  readonly opType: string;
  /** '' is the default ONNX domain (ai.onnx). */
  readonly domain: string;
  readonly overload?: string;
  /** Value names; '' marks an omitted optional input or output. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: readonly Attribute[];
  readonly docString?: string;
  readonly metadata?: readonly MetadataEntry[];
  /** Encoded NodeDeviceConfigurationProto messages, carried through untouched. */
  readonly deviceConfigurations?: readonly Uint8Array[];
  /** Ids of the nodes this one was made from, set by passes (empty for nodes of the file). */
  readonly provenance?: readonly string[];
}

export interface QuantizationAnnotation {
  readonly tensorName: string;
  readonly params: readonly MetadataEntry[];
}

export interface Graph {
  readonly name: string;
  readonly docString?: string;
  readonly nodes: readonly Node[];
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  /** Types declared in the file for intermediate values (not inferred ones: see infer-shapes). */
  readonly valueInfo: readonly ValueInfo[];
  readonly initializers: readonly Tensor[];
  readonly sparseInitializers?: readonly Uint8Array[];
  readonly quantizationAnnotations?: readonly QuantizationAnnotation[];
  readonly metadata?: readonly MetadataEntry[];
}

export interface OpsetImport {
  /** '' (or 'ai.onnx') is the default domain. */
  readonly domain: string;
  readonly version: number;
}

/** A model-local function (FunctionProto): how Kiln-only fused ops stay portable. */
export interface FunctionDef {
  readonly name: string;
  readonly domain: string;
  readonly overload?: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Attribute parameters without default values. */
  readonly attributes: readonly string[];
  /** Attribute parameters with default values. */
  readonly attributeDefaults: readonly Attribute[];
  readonly nodes: readonly Node[];
  readonly opsetImports: readonly OpsetImport[];
  readonly valueInfo: readonly ValueInfo[];
  readonly docString?: string;
  readonly metadata?: readonly MetadataEntry[];
}

export interface Model {
  readonly irVersion: number;
  readonly opsetImports: readonly OpsetImport[];
  readonly producerName: string;
  readonly producerVersion: string;
  readonly domain: string;
  readonly modelVersion: number;
  readonly docString: string;
  readonly metadata: readonly MetadataEntry[];
  readonly graph: Graph;
  readonly functions: readonly FunctionDef[];
  /** Encoded TrainingInfoProto / DeviceConfigurationProto messages, carried through untouched. */
  readonly trainingInfo?: readonly Uint8Array[];
  readonly configuration?: readonly Uint8Array[];
}
