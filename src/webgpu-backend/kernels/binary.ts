// Elementwise binary ops with numpy broadcasting. Equal shapes read both inputs at the output
// index (vec4 when the count allows); anything else walks the output coordinates once and reads
// each input through broadcast strides (0 along broadcast dims). Both run in place: an input the
// output's shape is read at exactly the index written.
import { numElements } from '../../ir/tensor.ts';
import type { Node } from '../../ir/types.ts';
import { formatDims, inputInfo, NUMERIC_DTYPES, outputInfo, sameDtype, shapeError, wgslElem, type OpContext, type OpDef } from '../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../wgsl/dispatch.ts';
import { broadcastStrides, offsetsFunction } from '../wgsl/indexing.ts';
import { ParamWriter } from '../wgsl/params.ts';
import { kernelSource, type InPlacePair, type KernelSource } from '../wgsl/shader.ts';

const BINARY_WGSL: Record<string, string> = { Add: 'a + b', Sub: 'a - b', Mul: 'a * b', Div: 'a / b' };

/** Multidirectional (numpy) broadcasting of two shapes. */
export function broadcastShapes(node: Node, a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let d = 0; d < rank; d++) {
    const x = a[a.length - rank + d] ?? 1;
    const y = b[b.length - rank + d] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw shapeError(node, `cannot broadcast ${formatDims(a)} with ${formatDims(b)}`);
    out.push(x === 1 ? y : x);
  }
  return out;
}

export function sameDims(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function generateBinary(ctx: OpContext): KernelSource {
  const [a, b, out] = [inputInfo(ctx, 0), inputInfo(ctx, 1), outputInfo(ctx)];
  const outDims = out.dims;
  const op = ctx.node.opType;
  const count = numElements(outDims);
  const params = new ParamWriter();
  const expression = BINARY_WGSL[op]!;
  const inPlace: InPlacePair[] = [a, b].flatMap((x, input) => (sameDims(x.dims, outDims) ? [{ input, output: 0 }] : []));
  if (sameDims(a.dims, outDims) && sameDims(b.dims, outDims)) {
    const vec4 = count % 4 === 0;
    const lanes = vec4 ? count / 4 : count;
    params.u32('count', lanes);
    const elem = wgslElem(out, vec4);
    const body = `
${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let a = A[index];
  let b = B[index];
  C[index] = ${expression};
}`;
    const variant = `binary-${op.toLowerCase()}${vec4 ? '-vec4' : ''}`;
    return kernelSource({ variant, inputs: [{ name: 'A', elem }, { name: 'B', elem }], output: { name: 'C', elem }, params, body, workgroups: linearWorkgroups(lanes, ctx.profile.limits), inPlace });
  }
  const rank = outDims.length;
  params.u32('count', count);
  params.u32s('shape', outDims);
  params.u32s('a_strides', broadcastStrides(a.dims, outDims));
  params.u32s('b_strides', broadcastStrides(b.dims, outDims));
  const body = `
${offsetsFunction('inputOffsets', rank, 'shape', ['a_strides', 'b_strides'])}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let offsets = inputOffsets(index);
  let a = A[offsets.x];
  let b = B[offsets.y];
  C[index] = ${expression};
}`;
  const elem = wgslElem(out);
  return kernelSource({
    variant: `binary-${op.toLowerCase()}-broadcast`,
    inputs: [{ name: 'A', elem }, { name: 'B', elem }],
    output: { name: 'C', elem },
    params,
    body,
    workgroups: linearWorkgroups(count, ctx.profile.limits),
    inPlace,
  });
}

const binaryOp: OpDef = { kind: 'kernel', dtypes: sameDtype(NUMERIC_DTYPES, 2), generate: generateBinary };

export const BINARY_OPS: Record<string, OpDef> = Object.fromEntries(Object.keys(BINARY_WGSL).map((op) => [op, binaryOp]));
