// Attribute values as short readable text for the inspector. Large lists and tensors are
// summarized; subgraphs are described by their size, not printed.
import { numElements } from '../../ir/tensor.ts';
import type { Attribute, Graph, Tensor } from '../../ir/types.ts';
import { formatDims, formatNumber, formatType, plural } from './values.ts';

const MAX_LIST = 16;

function list(values: readonly string[]): string {
  if (values.length <= MAX_LIST) return `[${values.join(', ')}]`;
  return `[${values.slice(0, MAX_LIST).join(', ')}, … ${values.length - MAX_LIST} more]`;
}

function describeTensor(t: Tensor): string {
  const n = numElements(t.dims);
  return `tensor ${t.dtype} ⟨${formatDims(t.dims)}⟩${n === 1 ? '' : ` (${plural(n, 'element')})`}`;
}

export function describeGraph(g: Graph): string {
  return `graph '${g.name}': ${plural(g.nodes.length, 'node')}, ${plural(g.inputs.length, 'input')}, ${plural(g.outputs.length, 'output')}`;
}

export function formatAttribute(a: Attribute): string {
  if (a.refAttrName) return `→ caller's ${a.refAttrName}`;
  switch (a.type) {
    case 'float':
      return formatNumber(a.value);
    case 'int':
      return String(a.value);
    case 'string':
      return JSON.stringify(a.value);
    case 'floats':
      return list(a.value.map(formatNumber));
    case 'ints':
      return list(a.value.map(String));
    case 'strings':
      return list(a.value.map((s) => JSON.stringify(s)));
    case 'tensor':
      return describeTensor(a.value);
    case 'tensors':
      return list(a.value.map(describeTensor));
    case 'graph':
      return describeGraph(a.value);
    case 'graphs':
      return list(a.value.map(describeGraph));
    case 'type_proto':
      return formatType(a.value);
    case 'type_protos':
      return list(a.value.map(formatType));
    case 'sparse_tensor':
      return `sparse tensor (${a.value.byteLength} bytes encoded)`;
    case 'sparse_tensors':
      return `${plural(a.value.length, 'sparse tensor')}`;
    case 'undefined':
      return 'undefined';
  }
}
