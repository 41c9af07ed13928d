// Syntax colouring for the ONNX text syntax as plain data: a Monaco Monarch grammar and the
// language settings (comments, brackets). The UI registers these with Monaco; nothing in src/ir
// imports Monaco. Token names follow Monaco's themes (type, keyword, number, string, comment), operators are 'function'.
import { FLOAT_WORDS, PRIMITIVE_TYPE_NAMES, TYPE_KEYWORDS } from './names.ts';

export const ONNX_TEXT_LANGUAGE_ID = 'onnx-text';

/** Fields of the model and function headers (`<ir_version: 8, ...>`). */
const HEADER_KEYS = ['ir_version', 'opset_import', 'producer_name', 'producer_version', 'domain', 'model_version', 'doc_string', 'metadata_props', 'overload'];

/** The written types of attributes (`pads: ints = []`). */
const ATTRIBUTE_TYPES = ['int', 'ints', 'floats', 'strings', 'tensor', 'tensors', 'graph', 'graphs', 'type_proto', 'type_protos', 'sparse_tensors'];

/** The shapes of Monaco's IMonarchLanguage, written out so this file needs no Monaco import. */
type MonarchAction = string | string[] | { token: string; next?: string } | { cases: Record<string, string> };
type MonarchRule = [RegExp, MonarchAction];

export interface MonarchGrammar {
  defaultToken: string;
  tokenPostfix: string;
  keywords: string[];
  typeKeywords: string[];
  floatWords: string[];
  brackets: { open: string; close: string; token: string }[];
  tokenizer: Record<string, MonarchRule[]>;
}

export const onnxTextMonarch: MonarchGrammar = {
  defaultToken: 'invalid',
  tokenPostfix: '.onnx',
  keywords: HEADER_KEYS,
  typeKeywords: [...PRIMITIVE_TYPE_NAMES, ...TYPE_KEYWORDS, ...ATTRIBUTE_TYPES],
  floatWords: [...FLOAT_WORDS],
  brackets: [
    { open: '{', close: '}', token: 'delimiter.curly' },
    { open: '[', close: ']', token: 'delimiter.square' },
    { open: '(', close: ')', token: 'delimiter.parenthesis' },
    { open: '<', close: '>', token: 'delimiter.angle' },
  ],
  tokenizer: {
    root: [
      [/\s+/, 'white'],
      [/#.*$/, 'comment'],
      [/"/, { token: 'string.quote', next: '@string' }],
      // The operator of a node: `= Conv <`, `= com.microsoft.FusedConv (`, `= Mul:fast (`.
      [/(=)(\s*)([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(?=\s*(?::\s*\w+\s*)?[<(])/, ['delimiter', 'white', 'function']],
      [/@[A-Za-z_]\w*/, 'variable'],
      [/=>/, 'delimiter.arrow'],
      [/\.\.\./, 'keyword.elided'],
      [/-?(?:\d+\.\d*(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+)/, 'number.float'],
      [/-?\d+/, 'number'],
      [/-(?:nan|inf|infinity)\b/i, 'number.float'],
      [/[A-Za-z_]\w*/, { cases: { '@typeKeywords': 'type', '@keywords': 'keyword', '@floatWords': 'number.float', '@default': 'identifier' } }],
      [/[{}()[\]<>]/, '@brackets'],
      [/[=,:.?]/, 'delimiter'],
    ],
    string: [
      [/[^\\"]+/, 'string'],
      [/\\./, 'string.escape'],
      [/"/, { token: 'string.quote', next: '@pop' }],
    ],
  },
};

/** Monaco's LanguageConfiguration for the same language. */
export const onnxTextLanguageConfiguration = {
  comments: { lineComment: '#' },
  brackets: [['{', '}'], ['[', ']'], ['(', ')'], ['<', '>']],
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"', notIn: ['string'] },
  ],
  surroundingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"' },
  ],
} as const;
