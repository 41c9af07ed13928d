// Typed attribute accessors with defaults, so op code reads `attrInt(node, 'axis', 1)`.
import type { Attribute, Graph, Node, Tensor } from './types.ts';

export function getAttribute(n: Pick<Node, 'attributes'>, name: string): Attribute | undefined {
  return n.attributes.find((a) => a.name === name);
}

function mismatch(n: Pick<Node, 'attributes'> & { id?: string }, a: Attribute, want: string): Error {
  return new Error(`attribute '${a.name}' of node '${n.id ?? '?'}' is ${a.type}, expected ${want}`);
}

export function attrInt(n: Pick<Node, 'attributes'>, name: string, fallback: number): number;
export function attrInt(n: Pick<Node, 'attributes'>, name: string): number | undefined;
export function attrInt(n: Pick<Node, 'attributes'>, name: string, fallback?: number): number | undefined {
  const a = getAttribute(n, name);
  if (!a) return fallback;
  if (a.type !== 'int') throw mismatch(n, a, 'int');
  return a.value;
}

export function attrFloat(n: Pick<Node, 'attributes'>, name: string, fallback: number): number;
export function attrFloat(n: Pick<Node, 'attributes'>, name: string): number | undefined;
export function attrFloat(n: Pick<Node, 'attributes'>, name: string, fallback?: number): number | undefined {
  const a = getAttribute(n, name);
  if (!a) return fallback;
  if (a.type === 'int') return a.value;
  if (a.type !== 'float') throw mismatch(n, a, 'float');
  return a.value;
}

export function attrString(n: Pick<Node, 'attributes'>, name: string, fallback: string): string;
export function attrString(n: Pick<Node, 'attributes'>, name: string): string | undefined;
export function attrString(n: Pick<Node, 'attributes'>, name: string, fallback?: string): string | undefined {
  const a = getAttribute(n, name);
  if (!a) return fallback;
  if (a.type !== 'string') throw mismatch(n, a, 'string');
  return a.value;
}

export function attrInts(n: Pick<Node, 'attributes'>, name: string, fallback: readonly number[]): readonly number[];
export function attrInts(n: Pick<Node, 'attributes'>, name: string): readonly number[] | undefined;
export function attrInts(n: Pick<Node, 'attributes'>, name: string, fallback?: readonly number[]): readonly number[] | undefined {
  const a = getAttribute(n, name);
  if (!a) return fallback;
  if (a.type === 'int') return [a.value];
  if (a.type !== 'ints') throw mismatch(n, a, 'ints');
  return a.value;
}

export function attrFloats(n: Pick<Node, 'attributes'>, name: string): readonly number[] | undefined {
  const a = getAttribute(n, name);
  if (!a) return undefined;
  if (a.type !== 'floats') throw mismatch(n, a, 'floats');
  return a.value;
}

export function attrStrings(n: Pick<Node, 'attributes'>, name: string): readonly string[] | undefined {
  const a = getAttribute(n, name);
  if (!a) return undefined;
  if (a.type !== 'strings') throw mismatch(n, a, 'strings');
  return a.value;
}

export function attrTensor(n: Pick<Node, 'attributes'>, name: string): Tensor | undefined {
  const a = getAttribute(n, name);
  if (!a) return undefined;
  if (a.type !== 'tensor') throw mismatch(n, a, 'tensor');
  return a.value;
}

export function attrGraph(n: Pick<Node, 'attributes'>, name: string): Graph | undefined {
  const a = getAttribute(n, name);
  if (!a) return undefined;
  if (a.type !== 'graph') throw mismatch(n, a, 'graph');
  return a.value;
}
