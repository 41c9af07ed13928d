// The model's text in a read-only Monaco editor.
import { useEffect, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { EDITOR_OPTIONS, type MonacoModule } from './use-monaco.ts';

export function TextView({ monaco, text, onShown }: { monaco: MonacoModule; text: string; onShown: (text: string) => void }) {
  const host = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<Monaco.editor.IStandaloneCodeEditor>();

  useEffect(() => {
    if (!host.current) return;
    const created = monaco.monaco.editor.create(host.current, { ...EDITOR_OPTIONS, language: monaco.ONNX_TEXT_LANGUAGE, theme: 'kiln-light' });
    setEditor(created);
    return () => created.dispose();
  }, [monaco]);

  useEffect(() => {
    if (!editor) return;
    editor.setValue(text);
    onShown(text);
  }, [editor, text, onShown]);

  return <div className="text-pane__editor" data-testid="text-editor" ref={host} />;
}
