// Test support: runs every pipeline on one matrix case (one shared output cache, so the original
// and identical exports run once), checks every cell and logs the row for docs/pipelines.md.
import { it } from 'vitest';
import { exportModel } from '../../../ir/onnx/export.ts';
import { PIPELINES } from '../../pipelines.ts';
import { formatCell, type MatrixRow } from '../format.ts';
import { OutputCache } from '../output-cache.ts';
import { verifyPipelines } from '../verify-pipeline.ts';
import { expectCell, unboundedBecause, type CellPolicy } from './expectations.ts';
import { sessionRunner, type CaseSpec } from './matrix-cases.ts';

export function matrixTests(cases: readonly CaseSpec[], rows: MatrixRow[], policy: CellPolicy): void {
  it.each(cases.map((c) => [c.id, c] as const))('every pipeline on %s matches the original', async (id, spec) => {
    const c = spec.load();
    const runner = sessionRunner();
    const t0 = performance.now();
    try {
      const cache = new OutputCache(runner.run, c.inputs);
      const reference = await cache.outputs(exportModel(c.model));
      const results = await verifyPipelines(c.model, Object.keys(PIPELINES), c.inputs, runner.run, { cache, samples: c.samples, seed: 1000 });
      const reported = new Set(results.filter((r) => unboundedBecause(r, reference, policy, id)).map((r) => r.pipeline));
      rows.push({ model: c.variant ? `${id} (logits)` : id, results, reported });
      const ms = performance.now() - t0;
      const cell = (r: (typeof results)[number]) => `${r.pipeline} ${formatCell(r, reported.has(r.pipeline))}`;
      console.log(`matrix ${id}: ${results.map(cell).join(' | ')} (${cache.runs} onnxruntime runs, ${cache.hits} reused, ${ms.toFixed(0)} ms)`);
      for (const r of results) expectCell(id, r, reference, policy);
    } finally {
      await runner.release();
    }
  });
}
