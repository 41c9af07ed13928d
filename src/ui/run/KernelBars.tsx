// Per-kernel time: one horizontal bar per kernel, slowest first, each the median over the timed
// runs, labelled with the kernel's op, variant and nodes. Clicking a bar selects those nodes in
// the graph (and moves the camera to them) and shows the kernel's WGSL.
import { useMemo } from 'react';
import type { KernelPlan, RunTiming } from '../../webgpu-backend/compile.ts';
import { formatShare } from '../graph/heatmap.ts';
import { useKiln } from '../store/store.ts';
import { formatKernelMs, kernelBreakdown, kernelLabel } from './kernel-breakdown.ts';

interface KernelBarsProps {
  readonly plan: KernelPlan;
  readonly runs: readonly (readonly number[])[];
  readonly source: RunTiming['source'] | undefined;
}

export function KernelBars({ plan, runs, source }: KernelBarsProps) {
  const rows = useMemo(() => kernelBreakdown(plan.kernels, runs), [plan, runs]);
  const selectedIds = useKiln((s) => s.selectedIds);
  const focus = useKiln((s) => s.kernelFocus);
  const selected = new Set(selectedIds);
  if (rows.length === 0) {
    const why = source === 'cpu' ? 'This adapter has no GPU timestamps: only the total time per run is known.' : `${plan.kernels.length} kernels compiled; their times arrive with the first timed run.`;
    return <p className="muted run-chart__empty" data-testid="kernel-bars-empty">{why}</p>;
  }
  const slowest = rows[0]!.ms || 1;
  return (
    <ol className="kernel-bars" data-testid="kernel-bars" data-count={rows.length} data-runs={runs.length}>
      {rows.map(({ kernel, ms, share, index }) => {
        const isSelected = focus === kernel.id ? kernel.nodeIds.some((id) => selected.has(id)) : kernel.nodeIds.length > 0 && kernel.nodeIds.every((id) => selected.has(id));
        return (
          <li key={kernel.id}>
            <button
              type="button"
              className="kernel-bar"
              data-testid="kernel-bar"
              data-kernel-id={kernel.id}
              data-kernel-index={index}
              data-node-ids={kernel.nodeIds.join(' ')}
              data-ms={ms}
              data-selected={isSelected ? 'true' : undefined}
              title={`kernel ${index} '${kernel.id}' · ${kernelLabel(kernel)}\nnodes: ${kernel.nodeIds.join(', ')}\nworkgroups ${kernel.workgroups.join('×')}\nmedian ${ms.toFixed(4)} ms (${formatShare(share)} of kernel time)`}
              onClick={() => useKiln.getState().focusKernel(kernel.id, kernel.nodeIds)}
            >
              <span className="kernel-bar__fill" style={{ width: `${Math.max(0.5, (ms / slowest) * 100)}%` }} />
              <span className="kernel-bar__label">{kernelLabel(kernel)}</span>
              <span className="kernel-bar__nodes">{kernel.nodeIds.join(', ')}</span>
              <span className="kernel-bar__ms">
                {formatKernelMs(ms)} · {formatShare(share)}
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
