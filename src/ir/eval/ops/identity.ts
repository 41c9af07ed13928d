// Identity, and Dropout at inference (output = input, mask all true).
import { numElements, tensorFromNumbers } from '../../tensor.ts';
import { required, outputName, type OpEvaluator } from '../kernel.ts';
import { evalError, tensorOf, valuesOf } from '../values.ts';

export const evalIdentity: OpEvaluator = (node, inputs) => [{ ...required(node, inputs, 0), name: outputName(node) }];

export const evalDropout: OpEvaluator = (node, inputs, opset) => {
  const x = required(node, inputs, 0);
  const training = inputs[2];
  if (training && valuesOf(node, training)[0]) throw evalError(node, 'training mode drops random elements');
  const outputs = [{ ...x, name: outputName(node, 0) }];
  if (node.outputs.length > 1) {
    const ones = new Array<number>(numElements(x.dims)).fill(1);
    // Before opset 10 the mask had the input's type; since then it is bool.
    outputs.push(opset >= 10 ? tensorFromNumbers(outputName(node, 1), 'bool', x.dims, ones) : tensorOf(outputName(node, 1), x.dtype, x.dims, ones));
  }
  return outputs;
};
