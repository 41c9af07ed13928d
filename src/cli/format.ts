// Human-readable number formatting for CLI tables.
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024, i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}

export function formatCount(n: number): string {
  if (n < 1e3) return String(Math.round(n));
  const units = [['T', 1e12], ['G', 1e9], ['M', 1e6], ['K', 1e3]] as const;
  for (const [u, s] of units) if (n >= s) return `${(n / s).toFixed(n / s < 10 ? 2 : 1)} ${u}`;
  return String(n);
}

export function formatShape(shape: readonly (number | string)[] | null): string {
  return shape ? `[${shape.join(', ')}]` : '(unknown shape)';
}

export function formatMs(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : ms < 100 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(0)} ms`;
}
