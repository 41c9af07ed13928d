// Any thrown value as one line for a banner or panel. Input errors are already written for people;
// anything else is a Kiln bug, so say which error it was.
import { isInputError } from '../../ir/errors.ts';

export function describeError(e: unknown, context?: string): string {
  let text: string;
  if (isInputError(e)) text = e.message;
  else if (e instanceof Error) text = `${context ? `${context}: ` : ''}${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`;
  else text = `${context ? `${context}: ` : ''}${String(e)}`;
  const line = text.split('\n')[0]!.trim();
  return line.length > 400 ? `${line.slice(0, 399)}…` : line;
}
