// Errors that describe a problem with the user's input (a file, a graph, an option) rather than a
// bug in Kiln. The CLI turns them into exit code 2 with one line on stderr; the app shows the
// message and keeps its previous state.

export class InputError extends Error {
  /** The node the problem is about, when there is one (validation names it). */
  readonly nodeId: string | undefined;
  constructor(message: string, nodeId?: string) {
    super(message);
    this.name = 'InputError';
    this.nodeId = nodeId;
  }
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof Error && e.name === 'InputError';
}
