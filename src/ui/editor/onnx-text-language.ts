// Highlighting for the ONNX text syntax (`agraph (float[N,784] x) => (...) { y = Relu(x) }`).
import type * as Monaco from 'monaco-editor/editor/editor.api';

export const ONNX_TEXT_LANGUAGE = 'onnx-text';

const TYPES = [
  'float', 'double', 'float16', 'bfloat16', 'int4', 'int8', 'int16', 'int32', 'int64', 'uint4', 'uint8', 'uint16',
  'uint32', 'uint64', 'bool', 'string', 'complex64', 'complex128', 'float8e4m3fn', 'float8e4m3fnuz', 'float8e5m2',
  'float8e5m2fnuz', 'float4e2m1', 'float8e8m0', 'seq', 'map', 'optional', 'sparse_tensor',
];
const KEYWORDS = ['ir_version', 'opset_import', 'producer_name', 'producer_version', 'domain', 'model_version', 'doc_string', 'metadata_props', 'overload'];

export function registerOnnxText(monaco: typeof Monaco): void {
  if (monaco.languages.getLanguages().some((l) => l.id === ONNX_TEXT_LANGUAGE)) return;
  monaco.languages.register({ id: ONNX_TEXT_LANGUAGE });
  monaco.languages.setLanguageConfiguration(ONNX_TEXT_LANGUAGE, {
    comments: { lineComment: '#' },
    brackets: [['{', '}'], ['[', ']'], ['(', ')'], ['<', '>']],
  });
  monaco.languages.setMonarchTokensProvider(ONNX_TEXT_LANGUAGE, {
    types: TYPES,
    keywords: KEYWORDS,
    tokenizer: {
      root: [
        [/#.*$/, 'comment'],
        [/"([^"\\]|\\.)*"/, 'string'],
        [/[A-Za-z_][\w.]*(?=\s*[(<])/, { cases: { '@types': 'type', '@default': 'function' } }],
        [/[A-Za-z_][\w.]*/, { cases: { '@types': 'type', '@keywords': 'keyword', '@default': 'identifier' } }],
        [/-?\d+(\.\d+)?([eE][-+]?\d+)?/, 'number'],
        [/[{}()[\]<>]/, '@brackets'],
      ],
    },
  } as Monaco.languages.IMonarchLanguage);
}
