// Every op the WebGPU backend lowers, gathered from the op-family files in kernels/. Constant is
// not here: it becomes a constant at compile time (fold.ts), uploaded where a kernel reads it.
// Adding an op family: write kernels/<family>.ts exporting a table of OpDefs, spread it here
// (see README.md). Ops outside the default domain are keyed '<domain>.<OpType>'
// ('com.microsoft.FusedConv', 'kiln.FusedElementwise').
import { BINARY_OPS } from './kernels/binary.ts';
import { CAST_OPS } from './kernels/cast.ts';
import { COMPARE_OPS } from './kernels/compare.ts';
import { DEQUANTIZE_OPS } from './kernels/dequantize-linear.ts';
import { GATHER_OPS } from './kernels/gather.ts';
import { MATMUL_INTEGER_OPS } from './kernels/matmul-integer.ts';
import { MATMUL_OPS } from './kernels/matmul.ts';
import { SPLIT_OPS } from './kernels/split.ts';
import { TRANSPOSE_OPS } from './kernels/transpose.ts';
import { UNARY_OPS } from './kernels/unary.ts';
import { VIEW_OPS } from './kernels/views.ts';
import { WHERE_OPS } from './kernels/where.ts';
import { GENERAL_OPS } from './kernels/general/index.ts';
import { SEQUENCE_OPS } from './kernels/sequence/index.ts';
import { VISION_OPS } from './kernels/vision/index.ts';
import type { Node } from '../ir/types.ts';
import type { OpDef } from './op-def.ts';

export const OPS: Readonly<Record<string, OpDef>> = {
  ...MATMUL_OPS,
  ...MATMUL_INTEGER_OPS,
  ...BINARY_OPS,
  ...COMPARE_OPS,
  ...UNARY_OPS,
  ...CAST_OPS,
  ...TRANSPOSE_OPS,
  ...GATHER_OPS,
  ...WHERE_OPS,
  ...SPLIT_OPS,
  ...DEQUANTIZE_OPS,
  ...VIEW_OPS,
  ...VISION_OPS,
  ...GENERAL_OPS,
  ...SEQUENCE_OPS,
};

/** The key of a node's op in OPS: the op type, prefixed by its domain outside ai.onnx. */
export function opKey(node: Pick<Node, 'domain' | 'opType'>): string {
  return node.domain && node.domain !== 'ai.onnx' ? `${node.domain}.${node.opType}` : node.opType;
}

export function opDefOf(node: Pick<Node, 'domain' | 'opType'>): OpDef | undefined {
  return OPS[opKey(node)];
}
