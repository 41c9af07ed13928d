// How the app writes shapes, types, sizes and numbers. One place, so the graph, the inspector and
// the status bar agree (and the e2e tests can compute the same strings).
import type { Shape, ValueType } from '../../ir/types.ts';

/** `1×784`, `batch×784`; `?` for an unknown dim; `scalar` for rank 0. */
export function formatDims(shape: Shape): string {
  if (shape.length === 0) return 'scalar';
  return shape.map((d) => (d === null ? '?' : String(d))).join('×');
}

/**
 * Dims for tight spaces (edge labels): exporters name dims like `p2o.DynamicDimension.0`, which
 * would make every label a sentence, so long names keep their first letter and last segment.
 */
export function formatDimsCompact(shape: Shape): string {
  if (shape.length === 0) return 'scalar';
  return shape.map((d) => (d === null ? '?' : typeof d === 'number' ? String(d) : abbreviateDim(d))).join('×');
}

export function abbreviateDim(name: string): string {
  if (name.length <= 8) return name;
  const last = name.split(/[._/:]/).filter(Boolean).pop() ?? '';
  return last && last.length <= 4 ? `${name[0]}…${last}` : `${name.slice(0, 6)}…`;
}

/** The shape part of a type, or undefined when the type has no (known) shape. */
export function formatShapeOf(type: ValueType | undefined, compact = false): string | undefined {
  if (!type || (type.kind !== 'tensor' && type.kind !== 'sparse_tensor') || !type.shape) return undefined;
  return compact ? formatDimsCompact(type.shape) : formatDims(type.shape);
}

/** `float32 ⟨1×784⟩`, `float32 ⟨?⟩` (rank unknown), `sequence<float32 ⟨3⟩>`. */
export function formatType(type: ValueType | undefined): string {
  if (!type) return 'unknown type';
  switch (type.kind) {
    case 'tensor':
    case 'sparse_tensor': {
      const prefix = type.kind === 'sparse_tensor' ? 'sparse ' : '';
      return `${prefix}${type.dtype} ⟨${type.shape ? formatDims(type.shape) : '?'}⟩`;
    }
    case 'sequence':
      return `sequence<${type.elem ? formatType(type.elem) : '?'}>`;
    case 'optional':
      return `optional<${type.elem ? formatType(type.elem) : '?'}>`;
    case 'map':
      return `map<${type.key}, ${type.value ? formatType(type.value) : '?'}>`;
    case 'opaque':
      return 'opaque';
  }
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 1536 -> `1.5 KiB`; binary units because buffers and limits are powers of two. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${Number(value.toFixed(digits))} ${BYTE_UNITS[unit]}`;
}

/** Compact number for stats: 4 significant digits, exponent form when very large or small. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(3);
  return String(Number(x.toPrecision(4)));
}

/** Milliseconds with precision that suits the magnitude. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}
