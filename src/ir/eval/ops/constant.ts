// Constant (every value_* attribute form) and ConstantOfShape.
import { getAttribute } from '../../attributes.ts';
import { numElements, tensorData, tensorFromNumbers, makeTensor, type TypedArray } from '../../tensor.ts';
import type { Tensor } from '../../types.ts';
import { required, outputName, type OpEvaluator } from '../kernel.ts';
import { evalError, intsOf } from '../values.ts';

const encoder = new TextEncoder();

export const evalConstant: OpEvaluator = (node) => {
  const name = outputName(node);
  const attr = node.attributes.find((a) => a.name.startsWith('value') || a.name === 'sparse_value');
  if (!attr) throw evalError(node, 'has no value attribute');
  switch (attr.name) {
    case 'value':
      if (attr.type !== 'tensor') break;
      return [{ ...attr.value, name }];
    case 'value_float':
      if (attr.type !== 'float' && attr.type !== 'int') break;
      return [tensorFromNumbers(name, 'float32', [], [attr.value])];
    case 'value_floats':
      if (attr.type !== 'floats' && attr.type !== 'ints') break;
      return [tensorFromNumbers(name, 'float32', [attr.value.length], attr.value)];
    case 'value_int':
      if (attr.type !== 'int') break;
      return [tensorFromNumbers(name, 'int64', [], [attr.value])];
    case 'value_ints':
      if (attr.type !== 'ints') break;
      return [tensorFromNumbers(name, 'int64', [attr.value.length], attr.value)];
    case 'value_string':
      if (attr.type !== 'string') break;
      return [{ name, dtype: 'string', dims: [], data: { kind: 'strings', values: [encoder.encode(attr.value)] } }];
    case 'value_strings':
      if (attr.type !== 'strings') break;
      return [{ name, dtype: 'string', dims: [attr.value.length], data: { kind: 'strings', values: attr.value.map((s) => encoder.encode(s)) } }];
    case 'sparse_value':
      throw evalError(node, 'sparse constants are not supported');
  }
  throw evalError(node, `attribute '${attr.name}' of type ${attr.type} is not a constant value`);
};

export const evalConstantOfShape: OpEvaluator = (node, inputs) => {
  const dims = intsOf(node, required(node, inputs, 0), 'shape');
  if (dims.some((d) => d < 0)) throw evalError(node, `shape [${dims}] has a negative dim`);
  const attr = getAttribute(node, 'value');
  const fill: Tensor = attr?.type === 'tensor' ? attr.value : tensorFromNumbers('', 'float32', [1], [0]);
  if (numElements(fill.dims) !== 1 || fill.data.kind !== 'raw') throw evalError(node, 'value must hold exactly one number');
  const one = tensorData(fill);
  const out = new (one.constructor as new (n: number) => TypedArray)(numElements(dims));
  out.fill(one[0] as never);
  return [makeTensor(outputName(node), fill.dtype, dims, out)];
};
