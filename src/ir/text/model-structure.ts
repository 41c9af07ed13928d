// The parts of a model that the text syntax carries, as plain data that `toEqual` can compare
// quickly (tensor bytes become a digest). Left out because the syntax has no place for them: doc
// strings of graphs, nodes, values, tensors and attributes; metadata of graphs, nodes, values,
// tensors and functions; quantization annotations; sparse initializers; node device
// configurations; training info and model configuration. Kept: everything else, node ids included.
import type { Attribute, FunctionDef, Graph, Model, Node, Tensor, ValueInfo, ValueType } from '../types.ts';

/** Length and two independent 32-bit hashes (FNV-1a and a multiplicative one): enough to tell bytes apart. */
function digest(bytes: Uint8Array): string {
  let a = 0x811c9dc5;
  let b = 0x12345678;
  for (let i = 0; i < bytes.length; i++) {
    const x = bytes[i]!;
    a = Math.imul(a ^ x, 0x01000193);
    b = Math.imul(b + x + 1, 0x9e3779b1) ^ (b >>> 15);
  }
  return `${bytes.byteLength}:${(a >>> 0).toString(16)}:${(b >>> 0).toString(16)}`;
}

function tensor(t: Tensor): unknown {
  const data =
    t.data.kind === 'raw' ? digest(t.data.bytes)
    : t.data.kind === 'strings' ? t.data.values.map(digest)
    : t.data.entries;
  return { name: t.name, dtype: t.dtype, dims: [...t.dims], data };
}

function type(t: ValueType | undefined): unknown {
  if (!t) return undefined;
  if (t.kind === 'opaque') return { kind: 'opaque', proto: digest(t.proto) };
  if (t.kind === 'sequence' || t.kind === 'optional') return { kind: t.kind, elem: type(t.elem) };
  if (t.kind === 'map') return { kind: 'map', key: t.key, value: type(t.value) };
  return t;
}

function valueInfo(v: ValueInfo): unknown {
  return { name: v.name, type: type(v.type) };
}

function attribute(a: Attribute): unknown {
  const base = { name: a.name, type: a.type, ref: a.refAttrName };
  switch (a.type) {
    case 'tensor': return { ...base, value: tensor(a.value) };
    case 'tensors': return { ...base, value: a.value.map(tensor) };
    case 'graph': return { ...base, value: graph(a.value) };
    case 'graphs': return { ...base, value: a.value.map(graph) };
    case 'type_proto': return { ...base, value: type(a.value) };
    case 'type_protos': return { ...base, value: a.value.map(type) };
    case 'sparse_tensor': return { ...base, value: digest(a.value) };
    case 'sparse_tensors': return { ...base, value: a.value.map(digest) };
    default: return { ...base, value: a.value };
  }
}

function node(n: Node): unknown {
  return {
    id: n.id, name: n.name, opType: n.opType, domain: n.domain, overload: n.overload ?? '',
    inputs: [...n.inputs], outputs: [...n.outputs], attributes: n.attributes.map(attribute),
  };
}

function graph(g: Graph): unknown {
  return {
    name: g.name,
    inputs: g.inputs.map(valueInfo),
    outputs: g.outputs.map(valueInfo),
    valueInfo: g.valueInfo.map(valueInfo),
    initializers: g.initializers.map(tensor),
    nodes: g.nodes.map(node),
  };
}

function func(f: FunctionDef): unknown {
  return {
    name: f.name, domain: f.domain, overload: f.overload ?? '', docString: f.docString ?? '',
    inputs: [...f.inputs], outputs: [...f.outputs], attributes: [...f.attributes],
    attributeDefaults: f.attributeDefaults.map(attribute), nodes: f.nodes.map(node),
    opsetImports: f.opsetImports, valueInfo: f.valueInfo.map(valueInfo),
  };
}

export function modelStructure(m: Model): unknown {
  return {
    irVersion: m.irVersion, opsetImports: m.opsetImports, producerName: m.producerName,
    producerVersion: m.producerVersion, domain: m.domain, modelVersion: m.modelVersion,
    docString: m.docString, metadata: m.metadata, graph: graph(m.graph), functions: m.functions.map(func),
  };
}
