// The verification matrix as text: one row per model, one column per pipeline, each cell the
// worst rel L2 of the pipeline's outputs against the original's. ✗ marks a cell over its bound;
// † a cell reported rather than bounded (the caller says which and why).
import type { PipelineVerification } from './verify-pipeline.ts';

export interface MatrixRow {
  readonly model: string;
  readonly results: readonly PipelineVerification[];
  /** Pipelines whose figure on this model is reported, not held to a bound. */
  readonly reported?: ReadonlySet<string>;
}

/** `2.3e-7`, `0` for exact, `∞` for outputs that could not be compared. */
export function formatRelL2(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return '∞';
  return x.toExponential(1).replace('e+', 'e');
}

export function formatCell(r: PipelineVerification, reported = false): string {
  return `${formatRelL2(r.relL2)}${reported ? ' †' : r.ok ? '' : ' ✗'}`;
}

/** A Markdown table: models down, pipelines across (in the order of the first row). */
export function formatMatrix(rows: readonly MatrixRow[]): string {
  const pipelines = rows[0]?.results.map((r) => r.pipeline) ?? [];
  const lines = [`| model | ${pipelines.join(' | ')} |`, `|---|${pipelines.map(() => '---:').join('|')}|`];
  for (const row of rows) {
    const cells = pipelines.map((p) => {
      const r = row.results.find((x) => x.pipeline === p);
      return r ? formatCell(r, row.reported?.has(p)) : '';
    });
    lines.push(`| ${row.model} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
