// BitwiseAnd, BitwiseOr, BitwiseXor (numpy broadcasting), BitwiseNot and BitShift on the integer
// dtypes stored one per word (int32, uint32; int64 narrowed to int32, whose low bits are the same).
// One invocation per output element. BitShift (uint only in ONNX) shifts by the second operand;
// shifts of 32 or more give 0, as the shifted-out bits of a 32-bit value would (WGSL would take
// the count modulo 32).
import { attrString } from '../../../ir/attributes.ts';
import { numElements } from '../../../ir/tensor.ts';
import type { Node } from '../../../ir/types.ts';
import { inputInfo, outputInfo, sameDtype, wgslElem, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { broadcastStrides, offsetsFunction } from '../../wgsl/indexing.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';

const BINARY: Record<string, (a: string, b: string) => string> = {
  BitwiseAnd: (a, b) => `${a} & ${b}`,
  BitwiseOr: (a, b) => `${a} | ${b}`,
  BitwiseXor: (a, b) => `${a} ^ ${b}`,
  BitShift: (a, b) => `select(0u, ${a} SHIFT u32(${b}), u32(${b}) < 32u)`,
};

function generateBitwise(ctx: OpContext): KernelSource {
  const op = ctx.node.opType;
  const [a, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  const count = numElements(y.dims);
  const params = new ParamWriter();
  params.u32('count', count);
  const t = y.gpu.scalar;
  let value: string;
  let offsets = '';
  const inputs = [{ name: 'A', elem: wgslElem(a) }];
  if (op === 'BitwiseNot') value = '~A[index]';
  else {
    const b = inputInfo(ctx, 1);
    inputs.push({ name: 'B', elem: wgslElem(b) });
    params.u32s('shape', y.dims.length ? y.dims : [1]);
    params.u32s('a_strides', y.dims.length ? broadcastStrides(a.dims, y.dims) : [0]);
    params.u32s('b_strides', y.dims.length ? broadcastStrides(b.dims, y.dims) : [0]);
    offsets = offsetsFunction('operandOffsets', Math.max(y.dims.length, 1), 'shape', ['a_strides', 'b_strides']);
    const left = attrString(ctx.node, 'direction', 'LEFT') === 'LEFT';
    const combined = BINARY[op]!(`u32(A[at.x])`, `B[at.y]`).replace('SHIFT', left ? '<<' : '>>');
    value = op === 'BitShift' ? `${t}(${combined})` : BINARY[op]!('A[at.x]', 'B[at.y]');
  }
  const body = `
${offsets}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  ${op === 'BitwiseNot' ? '' : 'let at = operandOffsets(index);'}
  Y[index] = ${value};
}`;
  return kernelSource({
    variant: op.toLowerCase(),
    inputs,
    output: { name: 'Y', elem: wgslElem(y) },
    params, body,
    workgroups: linearWorkgroups(Math.max(count, 1), ctx.profile.limits),
  });
}

function checkBitShift(node: Node): string | undefined {
  const direction = attrString(node, 'direction', '');
  return direction === 'LEFT' || direction === 'RIGHT' ? undefined : `direction '${direction}' is not LEFT or RIGHT`;
}

const INTEGERS = ['int32', 'int64', 'uint32'] as const;
const binary: OpDef = { kind: 'kernel', dtypes: sameDtype(INTEGERS, 2), generate: generateBitwise };

export const BITWISE_OPS: Record<string, OpDef> = {
  BitwiseAnd: binary,
  BitwiseOr: binary,
  BitwiseXor: binary,
  BitwiseNot: { kind: 'kernel', dtypes: sameDtype(INTEGERS), generate: generateBitwise },
  BitShift: { kind: 'kernel', dtypes: sameDtype(['uint32'], 2), check: checkBitShift, generate: generateBitwise },
};
