// Ops that only relabel a contiguous buffer's shape: Reshape, Flatten, Squeeze, Unsqueeze,
// Identity and inference-mode Dropout run no kernel; their output is a view of the input's
// buffer. Output shapes come from
// shape inference; shape and axes inputs must be constants (they are read at compile time, or
// folded from shape computations).
import type { Node } from '../../ir/types.ts';
import type { OpDef } from '../op-def.ts';

const view = (cpuInputs: number[] = []): OpDef => ({ kind: 'view', cpuInputs });

/** Dropout is the identity at inference, unless asked for its mask or to train. */
function checkDropout(node: Node): string | undefined {
  if (node.outputs.filter((o) => o !== '').length > 1) return 'Dropout with a mask output is not supported';
  if (node.inputs[2]) return 'Dropout with a training_mode input is not supported';
  return undefined;
}

export const VIEW_OPS: Record<string, OpDef> = {
  Reshape: view([1]),
  Flatten: view(),
  Squeeze: view([1]),
  Unsqueeze: view([1]),
  Identity: view(),
  Dropout: { kind: 'view', check: checkDropout },
};
