// ←/→ step back and forth, Home/End go to the original and the last step — unless the focus is in
// an editor or a form field, where those keys already mean something.
import { useEffect } from 'react';
import { useKiln } from '../store/store.ts';
import { viewAfterKey, visibleViews, type StepKey } from './step-nav.ts';

const KEYS: ReadonlySet<string> = new Set(['ArrowLeft', 'ArrowRight', 'Home', 'End']);

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest('.monaco-editor, .monaco-diff-editor')) return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useStepKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!KEYS.has(e.key) || e.altKey || e.ctrlKey || e.metaKey || typingIn(e.target)) return;
      const s = useKiln.getState();
      if (s.workspace !== 'steps' || s.steps.length === 0) return;
      e.preventDefault();
      s.showStep(viewAfterKey(e.key as StepKey, s.view, visibleViews(s.steps, s.hideUnchanged)));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
