// Spatial output sizes shared by convolutions and pools: kernel, strides, dilations, explicit
// pads or auto_pad, and (for pools) ceil_mode.
import { attrInt, attrInts, attrString } from '../../attributes.ts';
import type { Dim, Node } from '../../types.ts';
import { InferError } from '../rule.ts';

export interface Window {
  readonly kernel: readonly number[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  /** Begin pads then end pads, as in the ONNX attribute. */
  readonly pads: readonly number[];
  readonly autoPad: string;
  readonly ceil: boolean;
}

export function readWindow(node: Node, kernel: readonly number[]): Window {
  const r = kernel.length;
  const ones = Array(r).fill(1);
  const strides = attrInts(node, 'strides', ones);
  const dilations = attrInts(node, 'dilations', ones);
  const pads = attrInts(node, 'pads', Array(2 * r).fill(0));
  if (strides.length !== r || dilations.length !== r || pads.length !== 2 * r) {
    throw new InferError(`strides/dilations/pads lengths (${strides.length}/${dilations.length}/${pads.length}) do not fit ${r} spatial axes`);
  }
  return { kernel, strides, dilations, pads, autoPad: attrString(node, 'auto_pad', 'NOTSET'), ceil: attrInt(node, 'ceil_mode', 0) === 1 };
}

/** Output size of spatial axis k for an input of size `size`; a fresh name when not a number. */
export function windowOutput(w: Window, k: number, size: Dim, fresh: () => string): Dim {
  const kernel = w.kernel[k]!;
  const stride = w.strides[k]!;
  const span = (kernel - 1) * w.dilations[k]! + 1;
  const pad = w.pads[k]! + w.pads[k + w.kernel.length]!;
  if (typeof size !== 'number') {
    const identity = stride === 1 && (w.autoPad.startsWith('SAME') || (span === 1 + pad && w.autoPad !== 'VALID'));
    return identity && size !== null ? size : fresh();
  }
  if (w.autoPad === 'SAME_UPPER' || w.autoPad === 'SAME_LOWER') return Math.ceil(size / stride);
  if (w.autoPad === 'VALID') return Math.floor((size - span) / stride) + 1;
  const room = size + pad - span;
  if (room < 0) throw new InferError(`spatial axis ${k}: input size ${size} with pads ${pad} is smaller than the kernel extent ${span}`);
  if (!w.ceil) return Math.floor(room / stride) + 1;
  let out = Math.ceil(room / stride) + 1;
  // The last window must start inside the input or its begin padding (ONNX and ORT agree).
  if ((out - 1) * stride >= size + w.pads[k]!) out--;
  return out;
}

/** Output size of a transposed convolution's spatial axis k. */
export function transposedOutput(w: Window, k: number, size: Dim, outputPadding: number, fresh: () => string): Dim {
  if (typeof size !== 'number') return fresh();
  const stride = w.strides[k]!;
  if (w.autoPad === 'SAME_UPPER' || w.autoPad === 'SAME_LOWER') return size * stride;
  const span = (w.kernel[k]! - 1) * w.dilations[k]! + 1;
  const pad = w.autoPad === 'VALID' ? 0 : w.pads[k]! + w.pads[k + w.kernel.length]!;
  return stride * (size - 1) + outputPadding + span - pad;
}
