// Shape (with start/end since opset 15) and Size: int64 facts about a tensor, not its data.
import { attrInt } from '../../attributes.ts';
import { numElements, tensorFromNumbers } from '../../tensor.ts';
import { required, outputName, type OpEvaluator } from '../kernel.ts';

export const evalShape: OpEvaluator = (node, inputs) => {
  const dims = required(node, inputs, 0).dims;
  const rank = dims.length;
  const clamp = (i: number) => Math.min(rank, Math.max(0, i < 0 ? i + rank : i));
  const start = clamp(attrInt(node, 'start', 0));
  const end = clamp(attrInt(node, 'end', rank));
  const picked = dims.slice(start, Math.max(start, end));
  return [tensorFromNumbers(outputName(node), 'int64', [picked.length], picked)];
};

export const evalSize: OpEvaluator = (node, inputs) => [tensorFromNumbers(outputName(node), 'int64', [], [numElements(required(node, inputs, 0).dims)])];
