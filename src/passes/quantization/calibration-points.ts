// The values calibration measures, in every graph of the model: float32 graph inputs (a body's
// inputs too: a Loop's carried values, a Scan's slices) and node outputs, leaving out what is
// computed from constants alone (a transposed weight is a weight, not an activation). A node with
// bodies depends on what they read from outside as well as on its inputs: an If whose condition is
// constant still computes its outputs from whatever its branches read.
import { nodeDependencies, runtimeInputs } from '../../ir/graph.ts';
import type { Model, ValueType } from '../../ir/types.ts';
import { valueTypes } from '../support/constant-values.ts';
import { mainScope, type GraphScope } from './scopes.ts';

const isFloat32 = (types: ReadonlyMap<string, ValueType>, v: string) => {
  const t = types.get(v);
  return t?.kind === 'tensor' && t.dtype === 'float32';
};

/** The measured values of one graph, in graph order. */
export function scopeCalibrationTensors(scope: GraphScope, types: ReadonlyMap<string, ValueType>): string[] {
  const g = scope.graph;
  const constant = new Set(scope.constants.keys());
  const inputs = scope.parent ? g.inputs : runtimeInputs(g);
  const names = inputs.map((v) => v.name).filter((v) => isFloat32(types, v));
  for (const n of g.nodes) {
    if (nodeDependencies(n).every((i) => constant.has(i))) {
      for (const o of n.outputs) if (o) constant.add(o);
      continue;
    }
    for (const o of n.outputs) if (o && isFloat32(types, o)) names.push(o);
  }
  return names;
}

/** The main graph's measured values (calibrate.ts measures the bodies' too). */
export function calibrationTensors(model: Model): string[] {
  return scopeCalibrationTensors(mainScope(model), valueTypes(model));
}
