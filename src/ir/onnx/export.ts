// Model -> ONNX bytes: the inverse of import.ts. Weights are written from their views as-is.
import type { Attribute, FunctionDef, Graph, Model, Node, OpsetImport, ValueInfo } from '../types.ts';
import { numberToLong } from './long.ts';
import { ModelProto } from './proto.ts';
import type { PAttribute, PFunction, PGraph, PModel, PNode, POpset, PValueInfo } from './proto-types.ts';
import { tensorToProto } from './tensor-proto.ts';
import { typeToProto } from './type-proto.ts';

const utf8 = new TextEncoder();

const ATTRIBUTE_CODES: Record<Attribute['type'], number> = {
  undefined: 0,
  float: 1,
  int: 2,
  string: 3,
  tensor: 4,
  graph: 5,
  floats: 6,
  ints: 7,
  strings: 8,
  tensors: 9,
  graphs: 10,
  sparse_tensor: 11,
  sparse_tensors: 12,
  type_proto: 13,
  type_protos: 14,
};

function valueInfoToProto(v: ValueInfo): PValueInfo {
  const p: PValueInfo = { name: v.name };
  const type = typeToProto(v.type);
  if (type) p.type = type;
  if (v.docString) p.docString = v.docString;
  if (v.metadata?.length) p.metadataProps = v.metadata.map((e) => ({ ...e }));
  return p;
}

export function attributeToProto(a: Attribute): PAttribute {
  const p: PAttribute = { name: a.name, type: ATTRIBUTE_CODES[a.type] };
  if (a.docString) p.docString = a.docString;
  if (a.refAttrName) p.refAttrName = a.refAttrName;
  switch (a.type) {
    case 'float': p.f = a.value; break;
    case 'int': p.i = numberToLong(a.value); break;
    case 'string': p.s = utf8.encode(a.value); break;
    case 'tensor': p.t = tensorToProto(a.value); break;
    case 'graph': p.g = graphToProto(a.value); break;
    case 'type_proto': p.tp = typeToProto(a.value) ?? null; break;
    case 'floats': p.floats = [...a.value]; break;
    case 'ints': p.ints = a.value.map(numberToLong); break;
    case 'strings': p.strings = a.value.map((s) => utf8.encode(s)); break;
    case 'tensors': p.tensors = a.value.map(tensorToProto); break;
    case 'graphs': p.graphs = a.value.map(graphToProto); break;
    case 'type_protos': p.typeProtos = a.value.map((t) => typeToProto(t) ?? {}); break;
    case 'sparse_tensor': p.sparseTensor = a.value; break;
    case 'sparse_tensors': p.sparseTensors = [...a.value]; break;
    case 'undefined': break;
  }
  return p;
}

function nodeToProto(n: Node): PNode {
  const p: PNode = {
    input: [...n.inputs],
    output: [...n.outputs],
    name: n.name,
    opType: n.opType,
    attribute: n.attributes.map(attributeToProto),
  };
  if (n.domain) p.domain = n.domain;
  if (n.overload) p.overload = n.overload;
  if (n.docString) p.docString = n.docString;
  if (n.metadata?.length) p.metadataProps = n.metadata.map((e) => ({ ...e }));
  if (n.deviceConfigurations?.length) p.deviceConfigurations = [...n.deviceConfigurations];
  return p;
}

export function graphToProto(g: Graph): PGraph {
  const p: PGraph = {
    name: g.name,
    node: g.nodes.map(nodeToProto),
    initializer: g.initializers.map(tensorToProto),
    input: g.inputs.map(valueInfoToProto),
    output: g.outputs.map(valueInfoToProto),
    valueInfo: g.valueInfo.map(valueInfoToProto),
  };
  if (g.docString) p.docString = g.docString;
  if (g.sparseInitializers?.length) p.sparseInitializer = [...g.sparseInitializers];
  if (g.quantizationAnnotations?.length) {
    p.quantizationAnnotation = g.quantizationAnnotations.map((q) => ({
      tensorName: q.tensorName,
      quantParameterTensorNames: q.params.map((e) => ({ ...e })),
    }));
  }
  if (g.metadata?.length) p.metadataProps = g.metadata.map((e) => ({ ...e }));
  return p;
}

function opsetsToProto(list: readonly OpsetImport[]): POpset[] {
  return list.map((o) => ({ domain: o.domain, version: numberToLong(o.version) }));
}

function functionToProto(f: FunctionDef): PFunction {
  const p: PFunction = {
    name: f.name,
    domain: f.domain,
    input: [...f.inputs],
    output: [...f.outputs],
    attribute: [...f.attributes],
    attributeProto: f.attributeDefaults.map(attributeToProto),
    node: f.nodes.map(nodeToProto),
    opsetImport: opsetsToProto(f.opsetImports),
    valueInfo: f.valueInfo.map(valueInfoToProto),
  };
  if (f.overload) p.overload = f.overload;
  if (f.docString) p.docString = f.docString;
  if (f.metadata?.length) p.metadataProps = f.metadata.map((e) => ({ ...e }));
  return p;
}

export function modelToProto(m: Model): PModel {
  const p: PModel = {
    irVersion: numberToLong(m.irVersion),
    opsetImport: opsetsToProto(m.opsetImports),
    producerName: m.producerName,
    producerVersion: m.producerVersion,
    domain: m.domain,
    modelVersion: numberToLong(m.modelVersion),
    docString: m.docString,
    graph: graphToProto(m.graph),
    metadataProps: m.metadata.map((e) => ({ ...e })),
    functions: m.functions.map(functionToProto),
  };
  if (m.trainingInfo?.length) p.trainingInfo = [...m.trainingInfo];
  if (m.configuration?.length) p.configuration = [...m.configuration];
  return p;
}

export function exportModel(m: Model): Uint8Array {
  return ModelProto.encode(modelToProto(m) as never).finish();
}
