// Cancel: a compile cannot be interrupted from outside, so the GPU worker is stopped (terminated)
// and the next request starts a fresh one with a fresh device. Everything else keeps working.
import { cancelGpuWork } from '../../workers/client.ts';
import { useKiln, type KilnState } from '../store/store.ts';

/** Whether anything is waiting on the GPU worker: a run, or a plan for the WGSL pane or the diff. */
export function gpuBusy(s: Pick<KilnState, 'run' | 'shownPlan' | 'otherPlan'>): boolean {
  return s.run.status === 'running' || s.shownPlan?.status === 'running' || s.otherPlan?.status === 'running';
}

const STOPPED = 'Cancelled: the GPU worker was stopped.';

/** Stops the GPU worker; what was waiting on it says "cancelled" (and is asked again only on request). */
export function cancelGpu(): void {
  cancelGpuWork();
  useKiln.setState((s) => ({
    run: s.run.status === 'running' ? { ...s.run, status: 'cancelled', phase: undefined, message: `${STOPPED} Press Run to start again on a fresh one.` } : s.run,
    shownPlan: s.shownPlan?.status === 'running' ? { ...s.shownPlan, status: 'error', message: STOPPED } : s.shownPlan,
    otherPlan: s.otherPlan?.status === 'running' ? { ...s.otherPlan, status: 'error', message: STOPPED } : s.otherPlan,
  }));
}
