// What the graph marks from Kiln's WebGPU backend: "no kernel" badges from the support check
// (asked in the GPU worker whenever the shown model changes, without compiling) and, with the
// heatmap on, each node's share of the measured kernel time from the last run of this model.
import { useEffect, useMemo } from 'react';
import type { Model } from '../../ir/types.ts';
import { checkShownSupport } from '../commands/backend-facts.ts';
import { kernelMedians } from '../run/kernel-breakdown.ts';
import { nodeRoles } from '../run/node-kernels.ts';
import type { RunState } from '../store/run-slice.ts';
import { useKiln } from '../store/store.ts';
import { heatmapOf, type Heatmap } from './heatmap.ts';

export interface BackendMarks {
  /** Node id -> why the backend cannot run it. */
  readonly noKernel: ReadonlyMap<string, string>;
  readonly heat: Heatmap | undefined;
}

/** The run's heatmap for `model`, or why there is none. */
export function runHeatmap(run: RunState, model: Model | undefined): Heatmap | string {
  if (!model || run.model !== model || !run.plan) return 'Run the shown model to measure its kernels.';
  const medians = kernelMedians(run.plan.kernels.length, run.kernelMs ?? []);
  if (medians.length === 0) return run.timingSource === 'cpu' ? 'This adapter gives no per-kernel times (no GPU timestamps).' : 'Waiting for the first timed run.';
  return heatmapOf(nodeRoles(model.graph, run.plan), medians);
}

export function useBackendMarks(model: Model): BackendMarks {
  const support = useKiln((s) => s.support);
  const heatOn = useKiln((s) => s.heatmap);
  const run = useKiln((s) => s.run);

  useEffect(() => {
    if (support?.model !== model) void checkShownSupport();
  }, [model, support]);

  const noKernel = useMemo(() => new Map(support?.model === model ? support.nodes.map((n) => [n.nodeId, n.reason]) : []), [support, model]);
  const heat = useMemo(() => {
    if (!heatOn) return undefined;
    const h = runHeatmap(run, model);
    return typeof h === 'string' ? undefined : h;
  }, [heatOn, run.model, run.plan, run.kernelMs, run.timingSource, model]);
  return useMemo(() => ({ noKernel, heat }), [noKernel, heat]);
}
