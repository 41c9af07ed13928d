// The benchmark chart as an SVG document: per model, one bar per engine for the median wall
// time per inference, a whisker from p10 to p90, on a log axis (engines differ by 100× here).
// Pure string building; bench-models renders it in Chromium and screenshots it to a PNG.

export interface ChartBar {
  readonly engine: string;
  /** The label drawn left of the bar (engine, with the Kiln pipeline). */
  readonly label: string;
  readonly median?: number;
  readonly p10?: number;
  readonly p90?: number;
  /** Shown instead of a bar when there is no time (an engine that failed). */
  readonly note?: string;
}

export interface ChartGroup {
  readonly title: string;
  readonly bars: readonly ChartBar[];
}

const COLORS: Record<string, string> = { kiln: '#b2603a', 'ort-webgpu': '#3b6ea8', 'ort-jsep': '#7aa6d9', 'ort-wasm': '#8c8c8c' };
const BAR = 16;
const GAP = 4;
const GROUP_HEAD = 26;
const LEFT = 230;
const RIGHT = 150;
const WIDTH = 1000;

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function fmt(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : ms < 100 ? `${ms.toFixed(ms < 10 ? 2 : 1)} ms` : `${ms.toFixed(0)} ms`;
}

function tickLabel(ms: number): string {
  return ms < 1 ? `${Math.round(ms * 1000)} µs` : ms < 1000 ? `${ms} ms` : `${ms / 1000} s`;
}

/** Ticks covering [lo, hi]: 1-2-5 per decade over a short range, powers of ten over a long one. */
function ticks(lo: number, hi: number): number[] {
  const out: number[] = [];
  const steps = Math.log10(hi / lo) > 3 ? [1] : [1, 2, 5];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of steps) {
      const t = m * 10 ** e;
      if (t >= lo && t <= hi) out.push(t);
    }
  }
  return out;
}

export function benchChartSvg(groups: readonly ChartGroup[], title: string, subtitle: string): string {
  const values = groups.flatMap((g) => g.bars.flatMap((b) => [b.p10, b.median, b.p90])).filter((v): v is number => v !== undefined && v > 0);
  const lo = values.length ? Math.min(...values) / 1.5 : 0.1;
  const hi = values.length ? Math.max(...values) * 1.5 : 100;
  const plot = WIDTH - LEFT - RIGHT;
  const x = (v: number) => LEFT + (plot * (Math.log(v) - Math.log(lo))) / (Math.log(hi) - Math.log(lo));
  const top = 64;
  const height = top + groups.reduce((h, g) => h + GROUP_HEAD + g.bars.length * (BAR + GAP), 0) + 40;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="24" font-size="16" font-weight="bold">${escape(title)}</text>`,
    `<text x="16" y="44" fill="#555">${escape(subtitle)}</text>`,
  ];
  const axisBottom = height - 32;
  for (const t of ticks(lo, hi)) {
    parts.push(`<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${top}" y2="${axisBottom}" stroke="#e4e4e4"/>`);
    parts.push(`<text x="${x(t).toFixed(1)}" y="${axisBottom + 14}" text-anchor="middle" fill="#555">${tickLabel(Number(t.toPrecision(3)))}</text>`);
  }
  parts.push(`<text x="${LEFT + plot / 2}" y="${axisBottom + 28}" text-anchor="middle" fill="#555">median wall time per inference (log scale), whiskers p10–p90</text>`);
  let y = top;
  for (const g of groups) {
    parts.push(`<text x="16" y="${y + 17}" font-weight="bold">${escape(g.title)}</text>`);
    y += GROUP_HEAD;
    for (const b of g.bars) {
      const color = COLORS[b.engine.startsWith('kiln') ? 'kiln' : b.engine] ?? '#999';
      parts.push(`<text x="${LEFT - 8}" y="${y + BAR - 4}" text-anchor="end">${escape(b.label)}</text>`);
      if (b.median !== undefined && b.median > 0) {
        parts.push(`<rect x="${LEFT}" y="${y}" width="${Math.max(1, x(b.median) - LEFT).toFixed(1)}" height="${BAR}" fill="${color}"/>`);
        if (b.p10 !== undefined && b.p90 !== undefined && b.p10 > 0) {
          const mid = y + BAR / 2;
          parts.push(`<line x1="${x(b.p10).toFixed(1)}" x2="${x(b.p90).toFixed(1)}" y1="${mid}" y2="${mid}" stroke="#222" stroke-width="1.2"/>`);
          for (const v of [b.p10, b.p90]) parts.push(`<line x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="${mid - 4}" y2="${mid + 4}" stroke="#222" stroke-width="1.2"/>`);
        }
        parts.push(`<text x="${(Math.max(x(b.median), x(b.p90 ?? b.median)) + 6).toFixed(1)}" y="${y + BAR - 4}" fill="#222">${fmt(b.median)}</text>`);
      } else {
        parts.push(`<text x="${LEFT + 4}" y="${y + BAR - 4}" fill="#a33">${escape(b.note ?? 'no result')}</text>`);
      }
      y += BAR + GAP;
    }
  }
  parts.push('</svg>');
  return parts.join('\n');
}
