// Resolves --pipeline: a named pipeline (kiln pipelines) or a comma list of pass ids.
import type { Pass } from '../passes/pass.ts';
import { PIPELINES } from '../passes/pipelines.ts';
import { UsageError } from './errors.ts';

export function resolvePipelineOption(name: string | undefined): { name: string; passes: readonly Pass[] } {
  const key = name ?? 'none';
  const def = PIPELINES[key];
  if (!def) throw new UsageError(`unknown pipeline '${key}'; known: ${Object.keys(PIPELINES).join(', ')}`);
  return { name: key, passes: def.passes };
}
