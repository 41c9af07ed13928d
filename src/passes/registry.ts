// Every pass by id, and how a pipeline named on a command line or in the app becomes passes.
import { InputError } from '../ir/errors.ts';
import { CLEANUP_PASSES } from './cleanup/index.ts';
import { FUSION_PASSES } from './fusion/index.ts';
import { fuseEpilogue } from './fusion/fuse-epilogue.ts';
import { fuseInjective } from './fusion/fuse-injective.ts';
import { LAYOUT_PASSES } from './layout/index.ts';
import type { Pass } from './pass.ts';
import { PIPELINES } from './pipelines.ts';
import { PRESET_PASSES } from './presets/index.ts';
import { QUANTIZATION_PASSES } from './quantization/index.ts';

/** Every pass, by family (each family's index.ts lists its passes). */
export const PASS_FAMILIES: Readonly<Record<string, readonly Pass[]>> = {
  cleanup: CLEANUP_PASSES,
  // fuse-epilogue and fuse-injective run after fuse-elementwise (they take in the groups that pass makes).
  fusion: [...FUSION_PASSES, fuseEpilogue, fuseInjective],
  layout: LAYOUT_PASSES,
  quantization: QUANTIZATION_PASSES,
  presets: PRESET_PASSES,
};

export const PASSES: Readonly<Record<string, Pass>> = Object.fromEntries(Object.values(PASS_FAMILIES).flat().map((p) => [p.id, p]));

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
