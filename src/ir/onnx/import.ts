// ONNX bytes -> Model. Decoding is protobufjs's; this file maps messages onto Kiln's IR, gives
// every node a stable unique id, and turns decoder failures into one-line InputErrors.
import { InputError } from '../errors.ts';
import { assignNodeIds } from '../node-ids.ts';
import type { Attribute, FunctionDef, Graph, Model, Node, OpsetImport, ValueInfo } from '../types.ts';
import { longToNumber } from './long.ts';
import { ModelProto } from './proto.ts';
import type { PAttribute, PFunction, PGraph, PModel, PNode, POpset, PValueInfo } from './proto-types.ts';
import { entriesFromProto, tensorFromProto, type ExternalDataResolver } from './tensor-proto.ts';
import { typeFromProto } from './type-proto.ts';

export interface ImportOptions {
  /** Supplies the bytes of tensors stored as ONNX external data (the CLI reads them from disk). */
  resolveExternal?: ExternalDataResolver;
}

const utf8 = new TextDecoder();

/** protobufjs gives an empty plain array (not a Uint8Array) for an absent or empty bytes field. */
function text(bytes: Uint8Array | readonly number[] | undefined | null): string {
  return bytes && bytes.length ? utf8.decode(bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes)) : '';
}

class Importer {
  constructor(private readonly options: ImportOptions) {}

  valueInfo(p: PValueInfo): ValueInfo {
    const type = typeFromProto(p.type);
    return {
      name: p.name ?? '',
      ...(type ? { type } : {}),
      ...(p.docString ? { docString: p.docString } : {}),
      ...(p.metadataProps?.length ? { metadata: entriesFromProto(p.metadataProps) } : {}),
    };
  }

  attribute(p: PAttribute): Attribute {
    const base = {
      name: p.name ?? '',
      ...(p.docString ? { docString: p.docString } : {}),
      ...(p.refAttrName ? { refAttrName: p.refAttrName } : {}),
    };
    const type = p.type || guessAttributeType(p);
    switch (type) {
      case 1: return { ...base, type: 'float', value: p.f ?? 0 };
      case 2: return { ...base, type: 'int', value: longToNumber(p.i) };
      case 3: return { ...base, type: 'string', value: text(p.s) };
      case 4: return { ...base, type: 'tensor', value: tensorFromProto(p.t ?? {}, this.options.resolveExternal) };
      case 5: return { ...base, type: 'graph', value: this.graph(p.g ?? {}) };
      case 6: return { ...base, type: 'floats', value: [...(p.floats ?? [])] };
      case 7: return { ...base, type: 'ints', value: (p.ints ?? []).map(longToNumber) };
      case 8: return { ...base, type: 'strings', value: (p.strings ?? []).map(text) };
      case 9: return { ...base, type: 'tensors', value: (p.tensors ?? []).map((t) => tensorFromProto(t, this.options.resolveExternal)) };
      case 10: return { ...base, type: 'graphs', value: (p.graphs ?? []).map((g) => this.graph(g)) };
      case 11: return { ...base, type: 'sparse_tensor', value: p.sparseTensor ?? new Uint8Array() };
      case 12: return { ...base, type: 'sparse_tensors', value: [...(p.sparseTensors ?? [])] };
      case 13: return { ...base, type: 'type_proto', value: typeFromProto(p.tp) };
      case 14: return { ...base, type: 'type_protos', value: (p.typeProtos ?? []).map((t) => typeFromProto(t)) };
      case 0: return { ...base, type: 'undefined', value: null };
      default:
        throw new InputError(`attribute '${base.name}' has unknown type code ${type}`);
    }
  }

  node(p: PNode): Node {
    const name = p.name ?? '';
    const opType = p.opType ?? '';
    return {
      id: '', // assigned for the whole model at the end (node-ids.ts)
      name,
      opType,
      domain: p.domain === 'ai.onnx' ? '' : (p.domain ?? ''),
      ...(p.overload ? { overload: p.overload } : {}),
      inputs: [...(p.input ?? [])],
      outputs: [...(p.output ?? [])],
      attributes: (p.attribute ?? []).map((a) => this.attribute(a)),
      ...(p.docString ? { docString: p.docString } : {}),
      ...(p.metadataProps?.length ? { metadata: entriesFromProto(p.metadataProps) } : {}),
      ...(p.deviceConfigurations?.length ? { deviceConfigurations: [...p.deviceConfigurations] } : {}),
    };
  }

  graph(p: PGraph): Graph {
    return {
      name: p.name ?? '',
      ...(p.docString ? { docString: p.docString } : {}),
      nodes: (p.node ?? []).map((n) => this.node(n)),
      inputs: (p.input ?? []).map((v) => this.valueInfo(v)),
      outputs: (p.output ?? []).map((v) => this.valueInfo(v)),
      valueInfo: (p.valueInfo ?? []).map((v) => this.valueInfo(v)),
      initializers: (p.initializer ?? []).map((t) => tensorFromProto(t, this.options.resolveExternal)),
      ...(p.sparseInitializer?.length ? { sparseInitializers: [...p.sparseInitializer] } : {}),
      ...(p.quantizationAnnotation?.length
        ? {
            quantizationAnnotations: p.quantizationAnnotation.map((q) => ({
              tensorName: q.tensorName ?? '',
              params: entriesFromProto(q.quantParameterTensorNames),
            })),
          }
        : {}),
      ...(p.metadataProps?.length ? { metadata: entriesFromProto(p.metadataProps) } : {}),
    };
  }

  function(p: PFunction): FunctionDef {
    return {
      name: p.name ?? '',
      domain: p.domain ?? '',
      ...(p.overload ? { overload: p.overload } : {}),
      inputs: [...(p.input ?? [])],
      outputs: [...(p.output ?? [])],
      attributes: [...(p.attribute ?? [])],
      attributeDefaults: (p.attributeProto ?? []).map((a) => this.attribute(a)),
      nodes: (p.node ?? []).map((n) => this.node(n)),
      opsetImports: opsets(p.opsetImport),
      valueInfo: (p.valueInfo ?? []).map((v) => this.valueInfo(v)),
      ...(p.docString ? { docString: p.docString } : {}),
      ...(p.metadataProps?.length ? { metadata: entriesFromProto(p.metadataProps) } : {}),
    };
  }
}

/** IR version 1 files have no attribute type field: infer it from the field that is set. */
function guessAttributeType(p: PAttribute): number {
  if (p.g) return 5;
  if (p.t) return 4;
  if (p.graphs?.length) return 10;
  if (p.tensors?.length) return 9;
  if (p.strings?.length) return 8;
  if (p.ints?.length) return 7;
  if (p.floats?.length) return 6;
  if (p.s && p.s.length) return 3;
  if (p.i !== undefined && Object.prototype.hasOwnProperty.call(p, 'i')) return 2;
  if (p.f !== undefined && Object.prototype.hasOwnProperty.call(p, 'f')) return 1;
  return 0;
}

function opsets(list: POpset[] | undefined): OpsetImport[] {
  return (list ?? []).map((o) => ({
    domain: o.domain === 'ai.onnx' ? '' : (o.domain ?? ''),
    version: longToNumber(o.version),
  }));
}

function decodeModelProto(bytes: Uint8Array): PModel {
  if (bytes.byteLength === 0) throw new InputError('the file is empty');
  try {
    return ModelProto.decode(bytes) as unknown as PModel;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new InputError(`not a valid ONNX model: the file is truncated or corrupt (${reason})`);
  }
}

/** Decodes an ONNX model. Weights stay views into `bytes`: keep it alive as long as the model. */
export function importModel(bytes: Uint8Array, options: ImportOptions = {}): Model {
  const p = decodeModelProto(bytes);
  if (!p.graph) throw new InputError('not an ONNX model: the file has no graph');
  if (!p.opsetImport?.length && !longToNumber(p.irVersion)) {
    throw new InputError('not an ONNX model: no IR version and no operator set imports');
  }
  const importer = new Importer(options);
  try {
    return assignNodeIds({
      irVersion: longToNumber(p.irVersion),
      opsetImports: opsets(p.opsetImport),
      producerName: p.producerName ?? '',
      producerVersion: p.producerVersion ?? '',
      domain: p.domain ?? '',
      modelVersion: longToNumber(p.modelVersion),
      docString: p.docString ?? '',
      metadata: entriesFromProto(p.metadataProps),
      graph: importer.graph(p.graph),
      functions: (p.functions ?? []).map((f) => importer.function(f)),
      ...(p.trainingInfo?.length ? { trainingInfo: [...p.trainingInfo] } : {}),
      ...(p.configuration?.length ? { configuration: [...p.configuration] } : {}),
    });
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`not a valid ONNX model: ${e instanceof Error ? e.message : String(e)}`);
  }
}
