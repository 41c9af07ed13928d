// Constant nodes: the value a Constant node holds, from whichever attribute the file used.
import { tensorFromNumbers } from '../ir/tensor.ts';
import type { Node, Tensor } from '../ir/types.ts';

/** The tensor of a Constant node, or a reason it cannot be used. */
export function constantValue(node: Node): Tensor | { readonly reason: string } {
  const name = node.outputs[0] ?? node.id;
  const [a] = node.attributes;
  if (!a || node.attributes.length !== 1) return { reason: 'a Constant needs exactly one value attribute' };
  switch (a.name) {
    case 'value':
      if (a.type !== 'tensor') break;
      if (a.value.data.kind !== 'raw') return { reason: `its tensor holds ${a.value.data.kind} data` };
      return { ...a.value, name };
    case 'value_float':
      if (a.type === 'float' || a.type === 'int') return tensorFromNumbers(name, 'float32', [], [a.value]);
      break;
    case 'value_floats':
      if (a.type === 'floats' || a.type === 'ints') return tensorFromNumbers(name, 'float32', [a.value.length], a.value);
      break;
    case 'value_int':
      if (a.type === 'int') return tensorFromNumbers(name, 'int64', [], [a.value]);
      break;
    case 'value_ints':
      if (a.type === 'ints') return tensorFromNumbers(name, 'int64', [a.value.length], a.value);
      break;
    default:
      return { reason: `Constant attribute '${a.name}' is not supported` };
  }
  return { reason: `Constant attribute '${a.name}' has type ${a.type}` };
}

export function isTensor(x: Tensor | { readonly reason: string }): x is Tensor {
  return !('reason' in x);
}
