// The model's default-domain opset, which op definitions consult for version-dependent behaviour.
import { opsetVersion } from '../ir/graph.ts';
import type { Model } from '../ir/types.ts';

const DEFAULT_OPSET = 1;

export function aiOnnxOpset(model: Model): number {
  return opsetVersion(model.opsetImports, '') ?? DEFAULT_OPSET;
}
