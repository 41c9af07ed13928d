// How the CLI reports failure: bad input or usage -> exit 2 with one line on stderr; anything
// else is a Kiln bug -> exit 1. Stacks only with --debug.
import { isInputError } from '../ir/errors.ts';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** node:util parseArgs reports unknown or malformed options as TypeErrors with an ERR_PARSE_ARGS code. */
function isArgumentError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

export function exitCodeFor(e: unknown): number {
  return isInputError(e) || isArgumentError(e) || (e instanceof Error && e.name === 'UsageError') ? 2 : 1;
}

export function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]!.trim();
}
