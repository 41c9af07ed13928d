// STUB (being replaced by the text-syntax work). Signature fixed.
import { InputError } from '../errors.ts';
import type { Model, Tensor } from '../types.ts';

export interface ParseOptions {
  /** Values for initializers the text elided, by name. */
  readonly weights?: ReadonlyMap<string, Tensor>;
}

export function parseModel(_text: string, _options: ParseOptions = {}): Model {
  throw new InputError('the text parser is not written yet');
}
