// How close a step's outputs must stay to the original's: float32 rewrites should be exact up to
// rounding, fp16 loses about three decimal digits, int8 more. A preset may declare its own bound.
import { PIPELINES, type PipelineDef } from '../../passes/pipelines.ts';
import type { PipelineSpec } from '../../workers/protocol.ts';

export type PrecisionKind = 'float32' | 'fp16' | 'int8';

export const TOLERANCES: Readonly<Record<PrecisionKind, number>> = { float32: 1e-4, fp16: 1e-2, int8: 5e-2 };

/** What a name says about precision: `int8`/`quantize` pipelines are int8, `fp16`/`float16`/`half` ones fp16. */
export function precisionOf(names: readonly string[]): PrecisionKind {
  const text = names.join(' ').toLowerCase();
  if (/int8|quantiz|qdq|qlinear/.test(text)) return 'int8';
  if (/fp16|float16|half|mixed/.test(text)) return 'fp16';
  return 'float32';
}

function declaredTolerance(def: PipelineDef | undefined): number | undefined {
  const t = (def as { tolerance?: unknown } | undefined)?.tolerance;
  return typeof t === 'number' && t > 0 ? t : undefined;
}

/** The rel L2 bound a pipeline's steps are checked against. */
export function toleranceFor(spec: PipelineSpec, pipelines: Readonly<Record<string, PipelineDef>> = PIPELINES): { tolerance: number; kind: PrecisionKind } {
  if (spec.kind === 'preset') {
    const def = Object.hasOwn(pipelines, spec.id) ? pipelines[spec.id] : undefined;
    const kind = def?.prepare ? 'int8' : precisionOf([spec.id, ...(def?.passes.map((p) => p.id) ?? [])]);
    return { tolerance: declaredTolerance(def) ?? TOLERANCES[kind], kind };
  }
  const kind = precisionOf(spec.passIds);
  return { tolerance: TOLERANCES[kind], kind };
}
