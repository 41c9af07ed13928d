// int64 fields arrive from protobufjs as Long objects (or numbers when small and already plain).
import Long from 'long';

export type LongLike = number | Long | { low: number; high: number; unsigned?: boolean };

export function longToNumber(x: LongLike | null | undefined): number {
  if (x === null || x === undefined) return 0;
  if (typeof x === 'number') return x;
  return Long.fromBits(x.low, x.high, x.unsigned ?? false).toNumber();
}

export function longToBigInt(x: LongLike): bigint {
  if (typeof x === 'number') return BigInt(x);
  const l = Long.fromBits(x.low, x.high, x.unsigned ?? false);
  return BigInt(l.toString());
}

/** Numbers beyond ±2^53 lost their low bits on import; clamp into int64 range on the way out. */
export function numberToLong(x: number): Long {
  return Long.fromNumber(x);
}
