// Every pass by id, and how a pipeline named on a command line or in the app becomes passes.
import { InputError } from '../ir/errors.ts';
import { eliminateDeadCode } from './cleanup/eliminate-dead-code.ts';
import { foldConstants } from './cleanup/fold-constants.ts';
import type { Pass } from './pass.ts';
import { PIPELINES } from './pipelines.ts';

export const PASSES: Readonly<Record<string, Pass>> = Object.fromEntries([foldConstants, eliminateDeadCode].map((p) => [p.id, p]));

/** A named pipeline (`cleanup`) or a comma list of pass ids (`fold-constants,eliminate-dead-code`). */
export function resolvePipeline(nameOrList: string): Pass[] {
  const spec = nameOrList.trim();
  const named = Object.hasOwn(PIPELINES, spec) ? PIPELINES[spec] : undefined;
  if (named) return [...named.passes];
  const ids = spec.split(',').map((s) => s.trim()).filter((s) => s);
  return ids.map((id) => {
    if (!Object.hasOwn(PASSES, id)) {
      throw new InputError(`unknown pass or pipeline '${id}'; pipelines: ${Object.keys(PIPELINES).join(', ')}; passes: ${Object.keys(PASSES).join(', ')}`);
    }
    return PASSES[id]!;
  });
}
