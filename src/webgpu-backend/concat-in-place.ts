// Concat without a copy: when a Concat node carries the metadata kiln.concat_in_place = 'true',
// its inputs' producers write straight into slices of the Concat's output buffer and the Concat
// itself runs nothing. Each slice is bound at a byte offset, so the slices must be contiguous
// (every dim before the axis is 1) and start at multiples of the device's
// minStorageBufferOffsetAlignment (256 bytes). Anything else falls back to a Concat kernel.
import { attrInt } from '../ir/attributes.ts';
import { numElements } from '../ir/tensor.ts';
import type { Node } from '../ir/types.ts';

export const CONCAT_IN_PLACE_KEY = 'kiln.concat_in_place';

export function wantsConcatInPlace(node: Node): boolean {
  return node.opType === 'Concat' && (node.metadata ?? []).some((m) => m.key === CONCAT_IN_PLACE_KEY && m.value === 'true');
}

export interface ConcatFacts {
  staticDims(value: string): readonly number[] | undefined;
  /** GPU bytes per element of the value (gpu-dtype.ts). */
  elementBytes(value: string): number | undefined;
  isConstant(value: string): boolean;
  readonly alignment: number;
}

/** Byte offsets of the inputs' slices in the output, or why the node cannot be placed in place. */
export function concatSlices(node: Node, facts: ConcatFacts): { readonly offsets: readonly number[] } | { readonly reason: string } {
  const out = node.outputs[0];
  const outDims = out ? facts.staticDims(out) : undefined;
  if (!outDims) return { reason: 'the output shape is not static' };
  const rank = outDims.length;
  const raw = attrInt(node, 'axis', 0);
  const axis = raw < 0 ? raw + rank : raw;
  if (outDims.slice(0, axis).some((d) => d !== 1)) return { reason: `slices along axis ${axis} of [${outDims}] are not contiguous` };
  if (new Set(node.inputs).size !== node.inputs.length) return { reason: 'an input appears twice' };
  const offsets: number[] = [];
  let at = 0;
  for (const name of node.inputs) {
    const dims = name ? facts.staticDims(name) : undefined;
    const bytes = name ? facts.elementBytes(name) : undefined;
    if (!name || !dims || bytes === undefined) return { reason: `input '${name}' has no static shape` };
    if (facts.isConstant(name)) return { reason: `input '${name}' is a constant` };
    if (at % facts.alignment !== 0) return { reason: `input '${name}' would start at byte ${at}, not a multiple of ${facts.alignment}` };
    offsets.push(at);
    at += numElements(dims) * bytes;
  }
  return { offsets };
}
