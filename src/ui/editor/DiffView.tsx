// The shown step as a text diff: the model before it (left) and after it (right), in Monaco's diff
// editor, with long unchanged stretches folded away.
import { useEffect, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { EDITOR_OPTIONS, type MonacoModule } from './use-monaco.ts';

export interface DiffTexts {
  readonly before: string;
  readonly after: string;
}

export function DiffView({ monaco, texts, onShown }: { monaco: MonacoModule; texts: DiffTexts; onShown: (texts: DiffTexts) => void }) {
  const host = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<Monaco.editor.IStandaloneDiffEditor>();

  useEffect(() => {
    if (!host.current) return;
    const created = monaco.monaco.editor.createDiffEditor(host.current, {
      ...EDITOR_OPTIONS,
      theme: 'kiln-light',
      originalEditable: false,
      renderSideBySide: true,
      useInlineViewWhenSpaceIsLimited: false,
      hideUnchangedRegions: { enabled: true, contextLineCount: 2, minimumLineCount: 4 },
      renderOverviewRuler: false,
    });
    setEditor(created);
    return () => {
      const models = created.getModel();
      created.dispose();
      models?.original.dispose();
      models?.modified.dispose();
    };
  }, [monaco]);

  useEffect(() => {
    if (!editor) return;
    const { editor: api, ONNX_TEXT_LANGUAGE } = { editor: monaco.monaco.editor, ONNX_TEXT_LANGUAGE: monaco.ONNX_TEXT_LANGUAGE };
    const old = editor.getModel();
    editor.setModel({ original: api.createModel(texts.before, ONNX_TEXT_LANGUAGE), modified: api.createModel(texts.after, ONNX_TEXT_LANGUAGE) });
    old?.original.dispose();
    old?.modified.dispose();
    // The diff is computed in Monaco's worker; the pane is ready once it is drawn.
    const done = editor.onDidUpdateDiff(() => onShown(texts));
    return () => done.dispose();
  }, [editor, texts, monaco, onShown]);

  return <div className="text-pane__editor text-pane__editor--diff" data-testid="diff-editor" ref={host} />;
}
