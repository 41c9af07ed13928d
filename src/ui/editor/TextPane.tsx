// The text pane. "Text": the model as ONNX text (printModel, weights elided), following the shown
// step; with Diff on, the step's before and after side by side. "WGSL": the selected node's kernel.
import { useCallback, useMemo, useState } from 'react';
import type { Model } from '../../ir/types.ts';
import { printModel } from '../../ir/text/print.ts';
import { describeError } from '../commands/describe-error.ts';
import { currentModel, previousModel } from '../store/selectors.ts';
import { useKiln } from '../store/store.ts';
import { DiffView, type DiffTexts } from './DiffView.tsx';
import { KernelDiffPicker } from './KernelDiffPicker.tsx';
import { KernelPane } from './KernelPane.tsx';
import { TextModeTabs } from './TextModeTabs.tsx';
import { TextView } from './TextView.tsx';
import { useMonaco } from './use-monaco.ts';

const printed = new WeakMap<Model, string>();

function printSafely(model: Model): string {
  let text = printed.get(model);
  if (text === undefined) {
    try {
      text = printModel(model, { weights: 'elide' });
    } catch (e) {
      text = `# ${describeError(e, 'Cannot print this model')}`;
    }
    printed.set(model, text);
  }
  return text;
}

export function TextPane() {
  const model = useKiln(currentModel);
  const before = useKiln(previousModel);
  const diffOn = useKiln((s) => s.textDiff);
  const setDiff = useKiln((s) => s.setTextDiff);
  const mode = useKiln((s) => s.textMode);
  const { monaco, failure } = useMonaco();
  const diff = diffOn && !!before;
  const text = useMemo(() => (model ? printSafely(model) : undefined), [model]);
  const texts = useMemo<DiffTexts | undefined>(() => (diff && before && text !== undefined ? { before: printSafely(before), after: text } : undefined), [diff, before, text]);
  const [shown, setShown] = useState<unknown>();
  const onShown = useCallback((what: unknown) => setShown(what), []);

  const wanted = diff ? texts : text;
  const status = failure ? 'error' : wanted !== undefined && shown === wanted ? 'ready' : 'running';
  const wgsl = mode === 'wgsl';
  // The text editor unmounts under the WGSL tab: coming back, it is ready once it shows the text again.
  if (wgsl && shown !== undefined) setShown(undefined);
  return (
    <section className="text-pane panel" data-testid="text-pane" data-status={wgsl ? 'ready' : status} data-mode={wgsl ? 'wgsl' : diff ? 'diff' : 'text'}>
      <header className="panel__title">
        <TextModeTabs />
        {!wgsl && <span className="muted">ONNX text syntax{model ? ` · ${model.graph.name}` : ''}{diff ? ' · before | after this step' : ''}</span>}
        {!wgsl && (
          <button type="button" className={`toggle${diffOn ? ' toggle--on' : ''}`} data-testid="diff-toggle" aria-pressed={diffOn} disabled={!before && !diffOn} title={before ? 'Show what the shown step changed in the text' : 'Pick a step to diff it'} onClick={() => setDiff(!diffOn)}>
            Diff
          </button>
        )}
        {wgsl && <KernelDiffPicker />}
      </header>
      {failure && <p className="panel__error">{failure}</p>}
      {wgsl && <KernelPane monaco={monaco} />}
      {!wgsl && monaco && texts && <DiffView monaco={monaco} texts={texts} onShown={onShown} />}
      {!wgsl && monaco && !texts && text !== undefined && <TextView key="onnx" monaco={monaco} text={text} onShown={onShown} />}
    </section>
  );
}
