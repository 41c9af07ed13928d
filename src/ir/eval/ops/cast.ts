// Cast and CastLike between the numeric dtypes (float to integer truncates toward zero, as C does).
import { attrInt } from '../../attributes.ts';
import { dtypeFromCode, type DType } from '../../dtype.ts';
import type { Node, Tensor } from '../../types.ts';
import { required, outputName, type OpEvaluator } from '../kernel.ts';
import { evalError, tensorOf, valuesOf } from '../values.ts';

function castTo(node: Node, x: Tensor, to: DType): Tensor {
  const name = outputName(node);
  if (x.dtype === to) return { ...x, name };
  if (to === 'string' || x.dtype === 'string') throw evalError(node, `casts between string and ${to === 'string' ? x.dtype : to} are not supported`);
  const values = valuesOf(node, x);
  if (to === 'bool') {
    const flags = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) flags[i] = values[i] ? 1 : 0;
    return tensorOf(name, to, x.dims, flags);
  }
  return tensorOf(name, to, x.dims, values);
}

export const evalCast: OpEvaluator = (node, inputs) => {
  const to = attrInt(node, 'to');
  if (to === undefined) throw evalError(node, "has no 'to' attribute");
  return [castTo(node, required(node, inputs, 0), dtypeFromCode(to))];
};

export const evalCastLike: OpEvaluator = (node, inputs) => [castTo(node, required(node, inputs, 0), required(node, inputs, 1).dtype)];
