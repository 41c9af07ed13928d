// Wording shared by pass explanations, so every message states sizes, shapes and values alike.
import { numElements, tensorByteLength, tensorData } from '../../ir/tensor.ts';
import type { Attribute, Node, Tensor } from '../../ir/types.ts';
import { float16ToFloat32 } from '../../ir/float16.ts';
import { DTYPES } from '../../ir/dtype.ts';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(1)} GiB`;
}

export function formatShape(dims: readonly (number | string | null)[]): string {
  return `[${dims.map((d) => (d === null ? '?' : d)).join(',')}]`;
}

const PREVIEW_ELEMENTS = 8;

/** `name [4] = [1,16,4,16]`: the shape, and the values when there are only a few. */
export function describeTensor(t: Tensor): string {
  const base = `${t.name} ${formatShape(t.dims)}`;
  const n = numElements(t.dims);
  if (n > PREVIEW_ELEMENTS || t.data.kind !== 'raw' || !/^(u?int\d+|float16|float32|float64|bool)$/.test(t.dtype)) return base;
  const data = tensorData(t);
  const values = Array.from({ length: n }, (_, i) => {
    const v = data[i]!;
    if (typeof v === 'bigint' || t.dtype === 'float64' || !/^float/.test(t.dtype)) return String(v);
    return shortestFloat(t.dtype === 'float16' ? float16ToFloat32(v) : v, t.dtype === 'float16' ? 5 : 9);
  });
  return `${base} = ${t.dims.length ? `[${values.join(',')}]` : values[0]}`;
}

/** The shortest decimal that reads back as the same float32 (0.33333334, not 0.3333333432674408). */
function shortestFloat(x: number, maxDigits: number): string {
  if (!Number.isFinite(x) || Number.isInteger(x)) return String(x);
  for (let p = 1; p < maxDigits; p++) {
    const s = Number(x.toPrecision(p));
    if (Math.fround(s) === x) return String(s);
  }
  return String(Number(x.toPrecision(maxDigits)));
}

export function tensorBytes(t: Tensor): number {
  return tensorByteLength(t);
}

function describeAttribute(a: Attribute): string | undefined {
  // Cast's target reads better as a type name than as its ONNX enum code.
  if (a.name === 'to' && a.type === 'int' && DTYPES[a.value - 1]) return `to=${DTYPES[a.value - 1]}`;
  switch (a.type) {
    case 'int':
    case 'float':
      return `${a.name}=${a.value}`;
    case 'string':
      return `${a.name}=${JSON.stringify(a.value)}`;
    case 'ints':
    case 'floats':
      return a.value.length <= 8 ? `${a.name}=[${a.value.join(',')}]` : `${a.name}=[${a.value.length} values]`;
    default:
      return undefined;
  }
}

/** `(perm=[1,0])`, or '' when the node has no simple attributes worth quoting. */
export function describeAttributes(n: Node): string {
  const parts = n.attributes.map(describeAttribute).filter((s): s is string => s !== undefined);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** Joins a list for prose, eliding the middle of long ones. */
export function listOf(items: readonly string[], max = 4): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
