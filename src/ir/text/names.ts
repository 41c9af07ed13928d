// Names in the ONNX text syntax. A bare identifier is [A-Za-z_][A-Za-z0-9_]*; any other name
// (`fc1.weight`, `conv/Relu:0`, '') is written as a quoted string, as onnx's printer does. Words the
// parser reads as something else in a name position (type names, `nan`, `inf`) are quoted too.
import { DTYPES, dtypeTextName } from '../dtype.ts';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const TYPE_KEYWORDS = ['seq', 'map', 'optional', 'sparse_tensor', 'opaque'] as const;

export const PRIMITIVE_TYPE_NAMES: readonly string[] = DTYPES.map(dtypeTextName);

/** Words that read as float literals wherever a value may stand. */
export const FLOAT_WORDS = ['nan', 'inf', 'infinity'] as const;

const RESERVED = new Set<string>([...PRIMITIVE_TYPE_NAMES, ...TYPE_KEYWORDS]);

export function isIdentifier(s: string): boolean {
  return IDENTIFIER.test(s);
}

export function isFloatWord(s: string): boolean {
  const lower = s.toLowerCase();
  return lower === 'nan' || lower === 'inf' || lower === 'infinity';
}

/** A name as the parser reads it back: bare when that is unambiguous, else quoted. */
export function printName(s: string): string {
  return isIdentifier(s) && !RESERVED.has(s) && !isFloatWord(s) ? s : quote(s);
}

/** onnx's string escape: a backslash before `"` and `\`; every other character is literal. */
export function quote(s: string): string {
  let out = '"';
  for (const ch of s) out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
  return `${out}"`;
}

/** `com.microsoft.FusedConv`, or the quoted form when a part is not an identifier. */
export function printOpRef(domain: string, opType: string): string {
  const dotted = domain ? `${domain}.${opType}` : opType;
  if (dotted.split('.').every(isIdentifier)) return dotted;
  return domain ? `${quote(domain)}.${quote(opType)}` : quote(opType);
}
