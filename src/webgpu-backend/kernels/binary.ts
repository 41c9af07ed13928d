// Elementwise binary ops with numpy broadcasting. Equal shapes read both inputs at the output
// index (vec4 when the count allows); broadcasting goes through the shared elementwise kernel
// (general/elementwise-kernel.ts). Both run in place: an input the output's shape is read at
// exactly the index written.
import { numElements } from '../../ir/tensor.ts';
import type { Node } from '../../ir/types.ts';
import { formatDims, inputInfo, NUMERIC_DTYPES, outputInfo, sameDtype, shapeError, wgslElem, type OpContext, type OpDef } from '../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../wgsl/dispatch.ts';
import { ParamWriter } from '../wgsl/params.ts';
import { kernelSource, type InPlacePair, type KernelSource } from '../wgsl/shader.ts';
import { call, input } from '../../passes/fusion/expression/ast.ts';
import { generateElementwise } from './general/elementwise-kernel.ts';

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
  // Broadcasting: the shared elementwise kernel reads a broadcast input as a scalar, a row or a
  // per-channel block where it can (general coordinates only when it must), and vectorises when
  // every input allows; the coordinate walk of a plain strided kernel was 2-5% of copy bandwidth.
  return generateElementwise(ctx, `binary-${op.toLowerCase()}-broadcast`, call(op, [input(0), input(1)]));
}

const binaryOp: OpDef = { kind: 'kernel', dtypes: sameDtype(NUMERIC_DTYPES, 2), generate: generateBinary };

export const BINARY_OPS: Record<string, OpDef> = Object.fromEntries(Object.keys(BINARY_WGSL).map((op) => [op, binaryOp]));
