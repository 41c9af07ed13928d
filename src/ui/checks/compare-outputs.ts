// A step's outputs against the original's, as one figure: the worst rel L2 over outputs. Outputs
// whose dtype a step changed (fp16) are compared as numbers in the original's dtype.
import { compareTensors } from '../../reference/compare.ts';
import type { Tensor } from '../../ir/types.ts';
import { castTensor } from '../../workers/tensor-align.ts';

export interface OutputError {
  /** Worst rel L2 over all outputs (Infinity when one could not be compared). */
  readonly relL2: number;
  /** The first reason an output could not be compared (missing, shape). */
  readonly problem?: string;
}

export function outputError(actual: readonly Tensor[], expected: readonly Tensor[]): OutputError {
  let relL2 = 0;
  let problem: string | undefined;
  expected.forEach((e, i) => {
    const a = actual.find((t) => t.name === e.name) ?? actual[i];
    if (!a) {
      problem ??= `output '${e.name}' is missing`;
      relL2 = Infinity;
      return;
    }
    let c;
    try {
      c = compareTensors(a.dtype === e.dtype ? a : castTensor(a, e.dtype), e);
    } catch {
      c = compareTensors(a, e);
    }
    if (c.problem) problem ??= `output '${e.name}': ${c.problem}`;
    if (!(c.relL2 <= relL2)) relL2 = c.relL2;
  });
  return problem ? { relL2, problem } : { relL2 };
}
