// Resolves --pipeline: a named pipeline (kiln pipelines) or a comma list of pass ids.
import type { Pass } from '../passes/pass.ts';
import { resolvePipeline } from '../passes/registry.ts';

export function resolvePipelineOption(name: string | undefined): { name: string; passes: readonly Pass[] } {
  const key = name ?? 'none';
  return { name: key, passes: resolvePipeline(key) };
}
