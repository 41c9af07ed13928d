// Clip: bounds from attributes before opset 11, from optional scalar inputs since.
import { attrFloat } from '../../attributes.ts';
import { numElements } from '../../tensor.ts';
import { unaryMap, type Scalar } from '../elementwise.ts';
import { outputName, required, type OpEvaluator } from '../kernel.ts';
import { evalError, valuesOf } from '../values.ts';

export const evalClip: OpEvaluator = (node, inputs, opset) => {
  const x = required(node, inputs, 0);
  let lo: Scalar | undefined, hi: Scalar | undefined;
  if (opset < 11) {
    lo = attrFloat(node, 'min');
    hi = attrFloat(node, 'max');
  } else {
    for (const [i, t] of [inputs[1], inputs[2]].entries()) {
      if (!t) continue;
      if (numElements(t.dims) !== 1) throw evalError(node, `bound ${i === 0 ? 'min' : 'max'} must be a scalar`);
      if (i === 0) lo = valuesOf(node, t)[0];
      else hi = valuesOf(node, t)[0];
    }
  }
  return [
    unaryMap(node, outputName(node), x, x.dtype, (v) => {
      if (lo !== undefined && v < lo) v = lo;
      if (hi !== undefined && v > hi) v = hi;
      return v;
    }),
  ];
};
