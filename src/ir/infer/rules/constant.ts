// The value a Constant node holds, from whichever value_* attribute it uses.
import { getAttribute } from '../../attributes.ts';
import type { Node, Tensor, ValueType } from '../../types.ts';
import { tensorFromNumbers } from '../../tensor.ts';

/** The Constant's value as a tensor (numeric forms only; strings and sparse give undefined). */
export function constantTensor(node: Node): Tensor | undefined {
  for (const a of node.attributes) {
    switch (a.name) {
      case 'value':
        return a.type === 'tensor' ? a.value : undefined;
      case 'value_float':
        return a.type === 'float' || a.type === 'int' ? tensorFromNumbers('', 'float32', [], [a.value]) : undefined;
      case 'value_floats':
        return a.type === 'floats' || a.type === 'ints' ? tensorFromNumbers('', 'float32', [a.value.length], a.value) : undefined;
      case 'value_int':
        return a.type === 'int' ? tensorFromNumbers('', 'int64', [], [a.value]) : undefined;
      case 'value_ints':
        return a.type === 'ints' ? tensorFromNumbers('', 'int64', [a.value.length], a.value) : undefined;
    }
  }
  return undefined;
}

export function constantType(node: Node): ValueType | undefined {
  const t = constantTensor(node);
  if (t) return { kind: 'tensor', dtype: t.dtype, shape: t.dims };
  const s = getAttribute(node, 'value_string');
  if (s) return { kind: 'tensor', dtype: 'string', shape: [] };
  const ss = getAttribute(node, 'value_strings');
  if (ss?.type === 'strings') return { kind: 'tensor', dtype: 'string', shape: [ss.value.length] };
  return undefined;
}
