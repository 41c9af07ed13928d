// Every op the WebGPU backend lowers, gathered from the op-family files in kernels/. Constant is
// not here: it lowers to an uploaded buffer, not a kernel or view (see constants.ts).
import { BINARY_OPS } from './kernels/binary.ts';
import { MATMUL_OPS } from './kernels/matmul.ts';
import { TRANSPOSE_OPS } from './kernels/transpose.ts';
import { UNARY_OPS } from './kernels/unary.ts';
import { VIEW_OPS } from './kernels/views.ts';
import type { OpDef } from './op-def.ts';

export const OPS: Readonly<Record<string, OpDef>> = {
  ...MATMUL_OPS,
  ...BINARY_OPS,
  ...UNARY_OPS,
  ...TRANSPOSE_OPS,
  ...VIEW_OPS,
};
