// A pipeline named by the page (a preset id or a list of pass ids) as passes. A preset with
// `prepare` (int8 calibration) comes in two parts: its own passes, then the passes `prepare`
// returns after running the model those passes produced.
import { InputError } from '../ir/errors.ts';
import type { Model } from '../ir/types.ts';
import type { Pass } from '../passes/pass.ts';
import { PIPELINES, type PrepareEnv } from '../passes/pipelines.ts';
import { PASSES } from '../passes/registry.ts';
import type { PipelineSpec } from './protocol.ts';

export interface ResolvedPipeline {
  readonly passes: readonly Pass[];
  /** Called with the model after `passes`; returns the passes to run after them. */
  readonly prepare?: (model: Model, env: PrepareEnv) => Promise<readonly Pass[]>;
}

export function describeSpec(spec: PipelineSpec): string {
  return spec.kind === 'preset' ? `the '${spec.id}' pipeline` : 'the custom pipeline';
}

export function resolveSpec(spec: PipelineSpec): ResolvedPipeline {
  if (spec.kind === 'custom') {
    return {
      passes: spec.passIds.map((id) => {
        const pass = Object.hasOwn(PASSES, id) ? PASSES[id] : undefined;
        if (!pass) throw new InputError(`unknown pass '${id}' (known: ${Object.keys(PASSES).join(', ')})`);
        return pass;
      }),
    };
  }
  const def = Object.hasOwn(PIPELINES, spec.id) ? PIPELINES[spec.id] : undefined;
  if (!def) throw new InputError(`the '${spec.id}' pipeline is not available (known: ${Object.keys(PIPELINES).join(', ')})`);
  return def.prepare ? { passes: def.passes, prepare: def.prepare } : { passes: def.passes };
}
