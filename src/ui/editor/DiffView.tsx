// Two texts side by side in Monaco's diff editor, long unchanged stretches folded away: the shown
// step's model before (left) and after it (right), or a kernel's WGSL under two pipelines.
import { useEffect, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { EDITOR_OPTIONS, type MonacoModule } from './use-monaco.ts';

export interface DiffTexts {
  readonly before: string;
  readonly after: string;
}

interface DiffViewProps {
  readonly monaco: MonacoModule;
  readonly texts: DiffTexts;
  readonly onShown: (texts: DiffTexts) => void;
  /** Monaco language id (default: Kiln's ONNX text syntax). */
  readonly language?: string;
  readonly testId?: string;
}

export function DiffView({ monaco, texts, onShown, language, testId = 'diff-editor' }: DiffViewProps) {
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
    const api = monaco.monaco.editor;
    const lang = language ?? monaco.ONNX_TEXT_LANGUAGE;
    const old = editor.getModel();
    editor.setModel({ original: api.createModel(texts.before, lang), modified: api.createModel(texts.after, lang) });
    old?.original.dispose();
    old?.modified.dispose();
    // The diff is computed in Monaco's worker; the pane is ready once it is drawn.
    const done = editor.onDidUpdateDiff(() => onShown(texts));
    return () => done.dispose();
  }, [editor, texts, monaco, onShown, language]);

  return <div className="text-pane__editor text-pane__editor--diff" data-testid={testId} ref={host} />;
}
