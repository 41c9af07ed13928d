// The model as ONNX text (printModel, weights elided), following the shown step; with Diff on,
// the step's before and after side by side.
import { useCallback, useMemo, useState } from 'react';
import type { Model } from '../../ir/types.ts';
import { printModel } from '../../ir/text/print.ts';
import { describeError } from '../commands/describe-error.ts';
import { currentModel, previousModel } from '../store/selectors.ts';
import { useKiln } from '../store/store.ts';
import { DiffView, type DiffTexts } from './DiffView.tsx';
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
  const { monaco, failure } = useMonaco();
  const diff = diffOn && !!before;
  const text = useMemo(() => (model ? printSafely(model) : undefined), [model]);
  const texts = useMemo<DiffTexts | undefined>(() => (diff && before && text !== undefined ? { before: printSafely(before), after: text } : undefined), [diff, before, text]);
  const [shown, setShown] = useState<unknown>();
  const onShown = useCallback((what: unknown) => setShown(what), []);

  const wanted = diff ? texts : text;
  const status = failure ? 'error' : wanted !== undefined && shown === wanted ? 'ready' : 'running';
  return (
    <section className="text-pane panel" data-testid="text-pane" data-status={status} data-mode={diff ? 'diff' : 'text'}>
      <header className="panel__title">
        Text <span className="muted">ONNX text syntax{model ? ` · ${model.graph.name}` : ''}{diff ? ' · before | after this step' : ''}</span>
        <button type="button" className={`toggle${diffOn ? ' toggle--on' : ''}`} data-testid="diff-toggle" aria-pressed={diffOn} disabled={!before && !diffOn} title={before ? 'Show what the shown step changed in the text' : 'Pick a step to diff it'} onClick={() => setDiff(!diffOn)}>
          Diff
        </button>
      </header>
      {failure && <p className="panel__error">{failure}</p>}
      {monaco && texts && <DiffView monaco={monaco} texts={texts} onShown={onShown} />}
      {monaco && !texts && text !== undefined && <TextView monaco={monaco} text={text} onShown={onShown} />}
    </section>
  );
}
