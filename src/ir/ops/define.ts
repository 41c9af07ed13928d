// The one way schema tables are written: `op('Conv', 'conv', [2, 3])` reads as the op, its
// category, and its input (then output) arity with optional trailing inputs counted in the max.
import type { OpCategory, OpSchema } from './schema.ts';

export const INF = Infinity;

export function op(opType: string, category: OpCategory, inputs: [number, number], outputs: [number, number] = [1, 1], summary?: string): OpSchema {
  return { opType, domain: '', category, inputs, outputs, ...(summary ? { summary } : {}) };
}

/** The same schemas in another domain (com.microsoft, ai.onnx.ml, ...). */
export function inDomain(domain: string, schemas: readonly OpSchema[]): OpSchema[] {
  return schemas.map((s) => ({ ...s, domain }));
}

/** Several ops sharing one category and arity. */
export function ops(opTypes: readonly string[], category: OpCategory, inputs: [number, number], outputs: [number, number] = [1, 1]): OpSchema[] {
  return opTypes.map((t) => op(t, category, inputs, outputs));
}
