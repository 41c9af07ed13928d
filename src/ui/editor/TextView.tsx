// Read-only text in a Monaco editor: the model's text form (default), or a kernel's WGSL.
import { useEffect, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { EDITOR_OPTIONS, type MonacoModule } from './use-monaco.ts';

interface TextViewProps {
  readonly monaco: MonacoModule;
  readonly text: string;
  readonly onShown: (text: string) => void;
  /** Monaco language id (default: Kiln's ONNX text syntax). */
  readonly language?: string;
  readonly testId?: string;
}

export function TextView({ monaco, text, onShown, language, testId = 'text-editor' }: TextViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<Monaco.editor.IStandaloneCodeEditor>();

  useEffect(() => {
    if (!host.current) return;
    const created = monaco.monaco.editor.create(host.current, { ...EDITOR_OPTIONS, language: language ?? monaco.ONNX_TEXT_LANGUAGE, theme: 'kiln-light' });
    setEditor(created);
    return () => created.dispose();
  }, [monaco]);

  useEffect(() => {
    if (!editor) return;
    editor.setValue(text);
    onShown(text);
  }, [editor, text, onShown]);

  return <div className="text-pane__editor" data-testid={testId} ref={host} />;
}
