// Monaco, bundled locally (no CDN): the core editor plus find and folding, its worker through
// Vite's `?worker`, Kiln's text syntax and Monaco's WGSL highlighting. Loaded lazily: it is the
// largest part of the app.
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/editor/contrib/folding/browser/folding';
import 'monaco-editor/languages/definitions/wgsl/register';
import * as monaco from 'monaco-editor/editor/editor.api';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { registerOnnxText, ONNX_TEXT_LANGUAGE } from './onnx-text-language.ts';

(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

registerOnnxText(monaco);

monaco.editor.defineTheme('kiln-light', {
  base: 'vs',
  inherit: true,
  rules: [
    { token: 'type', foreground: '2f7d95' },
    { token: 'keyword', foreground: '7a5aa6' },
    { token: 'function', foreground: 'b2603a', fontStyle: 'bold' },
    { token: 'number', foreground: '3f8a5a' },
    { token: 'comment', foreground: '8c8c8c', fontStyle: 'italic' },
  ],
  colors: { 'editor.background': '#fbfbfc', 'editorLineNumber.foreground': '#b4b9c1' },
});

export { monaco, ONNX_TEXT_LANGUAGE };
