// Shared option parsing helpers for the commands.
import { UsageError } from './errors.ts';

/** `--dim batch=2 --dim seq=16` -> { batch: 2, seq: 16 }. */
export function parseDims(values: readonly string[] | undefined): Record<string, number> {
  const dims: Record<string, number> = {};
  for (const v of values ?? []) {
    const m = /^([^=]+)=(\d+)$/.exec(v);
    if (!m) throw new UsageError(`--dim expects name=N (e.g. --dim batch=2), got '${v}'`);
    dims[m[1]!] = Number(m[2]);
  }
  return dims;
}

/** `--shape x=1,3,224,224` -> { x: [1,3,224,224] }. */
export function parseShapes(values: readonly string[] | undefined): Record<string, number[]> {
  const shapes: Record<string, number[]> = {};
  for (const v of values ?? []) {
    const m = /^([^=]+)=(\d+(?:,\d+)*)?$/.exec(v);
    if (!m) throw new UsageError(`--shape expects name=d1,d2,... (e.g. --shape x=1,3,224,224), got '${v}'`);
    shapes[m[1]!] = m[2] ? m[2].split(',').map(Number) : [];
  }
  return shapes;
}

export function parseInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--${name} expects an integer, got '${value}'`);
  return Number(value);
}

export function requireOne(name: string, value: string | undefined, choices?: readonly string[]): string {
  if (value === undefined) throw new UsageError(`missing --${name}${choices ? ` (${choices.join('|')})` : ''}`);
  if (choices && !choices.includes(value)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}; got '${value}'`);
  return value;
}
