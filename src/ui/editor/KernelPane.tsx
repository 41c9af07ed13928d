// The WGSL of the selected node's kernel in a read-only Monaco editor; with a pipeline picked, a
// diff against the same node's kernel under that pipeline, saying when it was grouped differently,
// folded or removed there.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { planOtherPipeline, planShownModel } from '../commands/backend-facts.ts';
import { kernelLabel } from '../run/kernel-breakdown.ts';
import { currentOrigins } from '../store/selectors.ts';
import { useKiln } from '../store/store.ts';
import { DiffView, type DiffTexts } from './DiffView.tsx';
import { matchOtherKernel, type OtherKernel } from './kernel-match.ts';
import { TextView } from './TextView.tsx';
import type { MonacoModule } from './use-monaco.ts';
import { useKernelChoice } from './use-kernel-choice.ts';

const WGSL = 'wgsl';

export function KernelPane({ monaco }: { monaco: MonacoModule | undefined }) {
  const choice = useKernelChoice();
  const preset = useKiln((s) => s.otherPreset);
  const other = useKiln((s) => s.otherPlan);
  const docKey = useKiln((s) => s.document?.key);
  const origins = useKiln(currentOrigins);
  const [shown, setShown] = useState<unknown>();
  const onShown = useCallback((what: unknown) => setShown(what), []);

  useEffect(() => {
    if (preset) void planOtherPipeline(preset);
  }, [preset, docKey]);

  const otherFor = preset && other?.preset === preset && other.docKey === docKey ? other : undefined;
  const nodeId = choice.kind === 'kernel' ? choice.nodeId : undefined;
  const kernel = choice.kind === 'kernel' ? choice.kernel : undefined;
  const result = otherFor?.result;
  const match: OtherKernel | undefined = useMemo(
    () => (nodeId && kernel && result && origins ? matchOtherKernel(nodeId, kernel, origins, result, preset) : undefined),
    [nodeId, kernel, result, origins, preset],
  );
  const otherKernel = match?.kind === 'kernels' ? match.kernels[0] : undefined;
  // One texts object per pair of kernels: the diff editor reports which texts it has drawn.
  const before = kernel?.wgsl;
  const after = otherKernel?.wgsl;
  const texts = useMemo<DiffTexts | undefined>(() => (before !== undefined && after !== undefined ? { before, after } : undefined), [before, after]);

  if (choice.kind !== 'kernel') {
    return (
      <div className="kernel-pane" data-testid="wgsl-pane" data-status={choice.kind === 'waiting' ? 'running' : choice.kind === 'error' ? 'error' : 'ready'}>
        <p className={choice.kind === 'error' ? 'panel__error' : 'muted kernel-pane__empty'} data-testid="wgsl-message">
          {choice.message}
          {choice.kind === 'error' && (
            <button type="button" className="link kernel-pane__retry" onClick={() => void planShownModel(true)}>
              Try again
            </button>
          )}
        </p>
      </div>
    );
  }
  const shownKernel = choice.kernel;
  const wanted = texts ?? shownKernel.wgsl;
  const diffState = !preset ? 'off' : !otherFor || otherFor.status === 'running' ? 'running' : otherFor.status === 'error' ? 'error' : (match?.kind ?? 'running');
  return (
    <div
      className="kernel-pane"
      data-testid="wgsl-pane"
      data-status={monaco && shown === wanted ? 'ready' : 'running'}
      data-kernel-id={shownKernel.id}
      data-variant={shownKernel.variant}
      data-diff={diffState}
      data-same-group={match?.kind === 'kernels' ? String(match.sameGroup) : undefined}
    >
      <div className="kernel-pane__facts">
        <b>{kernelLabel(shownKernel)}</b> <span className="mono">kernel {choice.index} '{shownKernel.id}'</span> · nodes <span className="mono">{shownKernel.nodeIds.join(', ')}</span> · workgroups{' '}
        {shownKernel.workgroups.join('×')} ·{' '}
        <span className="muted">{choice.source}</span>
        {choice.alternatives.length > 1 && (
          <span className="kernel-pane__alts">
            {' '}· {choice.alternatives.length} kernels:{' '}
            {choice.alternatives.map((k) => (
              <button key={k.id} type="button" className={`link${k.id === shownKernel.id ? ' link--on' : ''}`} onClick={() => useKiln.getState().focusKernel(k.id, k.nodeIds)}>
                {k.id}
              </button>
            ))}
          </span>
        )}
      </div>
      {preset && (
        <p className={`kernel-pane__note${diffState === 'error' ? ' panel__error' : ''}`} data-testid="kernel-diff-note">
          {diffState === 'running' && `Running the '${preset}' pipeline on the opened model and lowering its result…`}
          {diffState === 'error' && (
            <>
              {otherFor?.message}
              <button type="button" className="link kernel-pane__retry" onClick={() => void planOtherPipeline(preset, true)}>
                Try again
              </button>
            </>
          )}
          {match && match.kind !== 'kernels' && match.note}
          {match?.kind === 'kernels' && otherKernel && (
            <>
              Left: this kernel · right: '{preset}' kernel '{otherKernel.id}' ({kernelLabel(otherKernel)}). {match.note || 'Same nodes, same grouping.'}
            </>
          )}
        </p>
      )}
      {monaco && texts && <DiffView monaco={monaco} texts={texts} onShown={onShown} language={WGSL} testId="wgsl-diff-editor" />}
      {monaco && !texts && <TextView monaco={monaco} text={shownKernel.wgsl} onShown={onShown} language={WGSL} testId="wgsl-editor" />}
    </div>
  );
}
