// Looks up operator schemas by domain and op type.
import type { OpSchema } from './schema.ts';
import { SCHEMAS } from './schemas.ts';

const byKey = new Map<string, OpSchema>(SCHEMAS.map((s) => [key(s.domain, s.opType), s]));

function key(domain: string, opType: string): string {
  return `${domain === 'ai.onnx' ? '' : domain}::${opType}`;
}

export function lookupOp(domain: string, opType: string): OpSchema | undefined {
  return byKey.get(key(domain, opType));
}

export function allOps(): readonly OpSchema[] {
  return SCHEMAS;
}
