// The model as ONNX text (printModel), read-only, following the shown model and step.
import { useEffect, useMemo, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor/editor/editor.api';
import type { Model } from '../../ir/types.ts';
import { printModel } from '../../ir/text/print.ts';
import { describeError } from '../commands/describe-error.ts';
import { currentModel } from '../store/selectors.ts';
import { useKiln } from '../store/store.ts';

function printSafely(model: Model): string {
  try {
    return printModel(model, { weights: 'elide' });
  } catch (e) {
    return `# ${describeError(e, 'Cannot print this model')}`;
  }
}

export function TextPane() {
  const model = useKiln(currentModel);
  const text = useMemo(() => (model ? printSafely(model) : undefined), [model]);
  const host = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<Monaco.editor.IStandaloneCodeEditor>();
  const [shown, setShown] = useState<string>();
  const [failure, setFailure] = useState<string>();

  useEffect(() => {
    let disposed = false;
    let created: Monaco.editor.IStandaloneCodeEditor | undefined;
    import('./monaco-setup.ts').then(
      ({ monaco, ONNX_TEXT_LANGUAGE }) => {
        if (disposed || !host.current) return;
        created = monaco.editor.create(host.current, {
          language: ONNX_TEXT_LANGUAGE,
          theme: 'kiln-light',
          readOnly: true,
          automaticLayout: true,
          minimap: { enabled: false },
          fontSize: 12,
          lineNumbersMinChars: 3,
          scrollBeyondLastLine: false,
          renderLineHighlight: 'none',
        });
        setEditor(created);
      },
      (e: unknown) => setFailure(describeError(e, 'The text editor failed to load')),
    );
    return () => {
      disposed = true;
      created?.dispose();
    };
  }, []);

  useEffect(() => {
    if (!editor || text === undefined) return;
    editor.setValue(text);
    setShown(text);
  }, [editor, text]);

  const status = failure ? 'error' : text !== undefined && shown === text ? 'ready' : 'running';
  return (
    <section className="text-pane panel" data-testid="text-pane" data-status={status}>
      <header className="panel__title">Text <span className="muted">ONNX text syntax{model ? ` · ${model.graph.name}` : ''}</span></header>
      {failure && <p className="panel__error">{failure}</p>}
      <div className="text-pane__editor" ref={host} />
    </section>
  );
}
