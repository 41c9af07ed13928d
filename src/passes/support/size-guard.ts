// The guard that keeps constant folding from growing a model: a result larger than the constant
// inputs it comes from, and larger than a small allowance, stays a node. ConstantOfShape, Expand,
// Tile and Range exist to keep big tensors small on disk, so their allowance is tiny: folding
// them saves a fill at run time, never worth the bytes (the light CNNs store every weight so).
import { dtypeSize } from '../../ir/dtype.ts';
import { numElements, tensorByteLength, tensorData } from '../../ir/tensor.ts';
import type { Node, Tensor } from '../../ir/types.ts';
import { getAttribute } from '../../ir/attributes.ts';

/** Results up to this many bytes always fold (shape vectors, scalars, small tables). */
export const FOLD_SIZE_LIMIT = 1024;
/** The allowance for the ops that materialize tensors: shape vectors and scalars only. */
export const MATERIALIZE_SIZE_LIMIT = 64;

const MATERIALIZING_OPS: ReadonlySet<string> = new Set(['ConstantOfShape', 'Expand', 'Tile', 'Range']);

export function sizeAllowance(opType: string): number {
  return MATERIALIZING_OPS.has(opType) ? MATERIALIZE_SIZE_LIMIT : FOLD_SIZE_LIMIT;
}

/** True when a result of `resultBytes` from `sourceBytes` of constants would grow the model too much. */
export function exceedsGuard(opType: string, resultBytes: number, sourceBytes: number): boolean {
  return resultBytes > sourceBytes && resultBytes > sizeAllowance(opType);
}

export function inputBytes(inputs: readonly (Tensor | undefined)[]): number {
  const distinct = new Set(inputs.filter((t): t is Tensor => t !== undefined));
  let sum = 0;
  for (const t of distinct) sum += tensorByteLength(t);
  return sum;
}

function ints(t: Tensor | undefined): number[] | undefined {
  if (!t || t.data.kind !== 'raw' || (t.dtype !== 'int64' && t.dtype !== 'int32')) return undefined;
  return Array.from(tensorData(t), Number);
}

function scalar(t: Tensor | undefined): number | undefined {
  if (!t || t.data.kind !== 'raw' || numElements(t.dims) !== 1 || t.dtype === 'string') return undefined;
  return Number(tensorData(t)[0]);
}

/**
 * The result size of the ops that materialize big tensors from small inputs, known before
 * evaluating them (so a 4 GiB ConstantOfShape is never allocated); undefined for other ops.
 */
export function predictedResultBytes(node: Node, inputs: readonly (Tensor | undefined)[]): number | undefined {
  const [a, b] = inputs;
  switch (node.opType) {
    case 'ConstantOfShape': {
      const dims = ints(a);
      const value = getAttribute(node, 'value');
      const size = value?.type === 'tensor' ? dtypeSize(value.value.dtype) : 4;
      return dims && numElements(dims) * size;
    }
    case 'Expand': {
      const shape = ints(b);
      if (!a || !shape) return undefined;
      const rank = Math.max(a.dims.length, shape.length);
      let n = 1;
      for (let i = 0; i < rank; i++) {
        const x = a.dims[a.dims.length - rank + i] ?? 1;
        const y = shape[shape.length - rank + i] ?? 1;
        n *= Math.max(x, y);
      }
      return n * dtypeSize(a.dtype);
    }
    case 'Tile': {
      const repeats = ints(b);
      return a && repeats ? numElements(a.dims.map((d, i) => d * (repeats[i] ?? 1))) * dtypeSize(a.dtype) : undefined;
    }
    case 'Range': {
      const [start, limit, delta] = [scalar(a), scalar(b), scalar(inputs[2])];
      if (start === undefined || limit === undefined || !delta || !a) return undefined;
      return Math.max(0, Math.ceil((limit - start) / delta)) * dtypeSize(a.dtype);
    }
    default:
      return undefined;
  }
}
