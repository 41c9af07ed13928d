// Keys that say when two nodes compute the same thing, and when two constants hold the same
// tensor. Tensors are compared by dtype, dims and bytes: a sample of the bytes is hashed only
// when another tensor of the same dtype and dims exists, and equal hashes are confirmed in full.
import { subgraphsOf } from '../../ir/graph.ts';
import type { Attribute, Node, Tensor } from '../../ir/types.ts';

/** Ops whose result is not a function of their inputs, or that may train. */
const NOT_PURE: ReadonlySet<string> = new Set(['RandomNormal', 'RandomUniform', 'RandomNormalLike', 'RandomUniformLike', 'Multinomial', 'Bernoulli', 'Dropout']);

/** Two-input ops whose inputs commute exactly (a+b = b+a bit for bit). */
const COMMUTATIVE: ReadonlySet<string> = new Set(['Add', 'Mul', 'Max', 'Min', 'Equal', 'And', 'Or', 'Xor', 'BitwiseAnd', 'BitwiseOr', 'BitwiseXor']);

export function bytesOfTensor(t: Tensor): Uint8Array | undefined {
  return t.data.kind === 'raw' ? t.data.bytes : undefined;
}

/** Words of the bytes when they are 4-byte aligned (comparisons and hashes go 4× faster). */
function words(bytes: Uint8Array): Int32Array | undefined {
  return bytes.byteOffset % 4 === 0 && bytes.byteLength % 4 === 0 ? new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4) : undefined;
}

/** Words sampled into a hash: enough to tell apart tensors that differ, cheap for big weights. */
const SAMPLES = 1024;

/** FNV-1a over the length and up to SAMPLES evenly spaced elements; equal hashes are then confirmed by sameBytes. */
export function hashBytes(bytes: Uint8Array): number {
  const data: ArrayLike<number> = words(bytes) ?? bytes;
  let h = Math.imul(0x811c9dc5 ^ bytes.byteLength, 0x01000193);
  const step = Math.max(1, Math.floor(data.length / SAMPLES));
  for (let i = 0; i < data.length; i += step) h = Math.imul(h ^ data[i]!, 0x01000193);
  return h >>> 0;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const [wa, wb] = [words(a), words(b)];
  const x: ArrayLike<number> = wa && wb ? wa : a;
  const y: ArrayLike<number> = wa && wb ? wb : b;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** dtype and dims: tensors can only be equal within one such bucket. */
export const tensorBucket = (t: Tensor): string => `${t.dtype}[${t.dims.join(',')}]`;

/** Finds, among earlier tensors, one identical to `t`. */
export class TensorTable<V> {
  private readonly buckets = new Map<string, { t: Tensor; value: V; hash?: number }[]>();

  /** The value stored with an identical tensor, or stores `value` with `t` and returns undefined. */
  findOrAdd(t: Tensor, value: V): V | undefined {
    const bytes = bytesOfTensor(t);
    if (!bytes) return undefined;
    const key = tensorBucket(t);
    const bucket = this.buckets.get(key);
    if (!bucket) {
      this.buckets.set(key, [{ t, value }]);
      return undefined;
    }
    const hash = hashBytes(bytes);
    for (const e of bucket) {
      e.hash ??= hashBytes(bytesOfTensor(e.t)!);
      if (e.hash === hash && sameBytes(bytesOfTensor(e.t)!, bytes)) return e.value;
    }
    bucket.push({ t, value, hash });
    return undefined;
  }
}

function attributeKey(a: Attribute, tensorIds: (t: Tensor) => string): string | undefined {
  switch (a.type) {
    case 'tensor':
      return `${a.name}:t=${tensorIds(a.value)}`;
    case 'graph':
    case 'graphs':
    case 'tensors':
    case 'sparse_tensor':
    case 'sparse_tensors':
    case 'type_proto':
    case 'type_protos':
      return undefined;
    default:
      return `${a.name}:${a.type}=${JSON.stringify(a.value)}`;
  }
}

/**
 * What identifies the computation of a node whose inputs are the given (canonical) values;
 * undefined when the node must never be merged (random, training, subgraphs, no outputs).
 */
export function nodeKey(n: Node, inputs: readonly string[], tensorIds: (t: Tensor) => string): string | undefined {
  if (!n.outputs.some((o) => o) || subgraphsOf(n).length || NOT_PURE.has(n.opType)) return undefined;
  if (n.domain !== '' && n.domain !== 'ai.onnx' && n.domain !== 'kiln') return undefined;
  const attrs: string[] = [];
  for (const a of [...n.attributes].sort((x, y) => (x.name < y.name ? -1 : 1))) {
    const k = attributeKey(a, tensorIds);
    if (k === undefined) return undefined;
    attrs.push(k);
  }
  const ordered = COMMUTATIVE.has(n.opType) && inputs.length === 2 ? [...inputs].sort() : inputs;
  const outputs = n.outputs.map((o) => (o ? 1 : 0)).join('');
  return JSON.stringify([n.domain === 'ai.onnx' ? '' : n.domain, n.opType, n.overload ?? '', attrs, ordered, outputs]);
}
