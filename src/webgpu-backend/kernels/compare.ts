// Comparisons (Equal, Less, Greater, LessOrEqual, GreaterOrEqual): numpy broadcasting like the
// binary arithmetic kernels, with a bool output held as one u32 per element (0 or 1).
import { numElements } from '../../ir/tensor.ts';
import { inputInfo, NUMERIC_DTYPES, outputInfo, wgslElem, type OpContext, type OpDef } from '../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../wgsl/dispatch.ts';
import { broadcastStrides, offsetsFunction } from '../wgsl/indexing.ts';
import { ParamWriter } from '../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../wgsl/shader.ts';

const COMPARE_WGSL: Record<string, string> = { Equal: '==', Less: '<', Greater: '>', LessOrEqual: '<=', GreaterOrEqual: '>=' };

function generateCompare(ctx: OpContext): KernelSource {
  const [a, b, out] = [inputInfo(ctx, 0), inputInfo(ctx, 1), outputInfo(ctx)];
  const count = numElements(out.dims);
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32s('shape', out.dims);
  params.u32s('a_strides', broadcastStrides(a.dims, out.dims));
  params.u32s('b_strides', broadcastStrides(b.dims, out.dims));
  const body = `
${offsetsFunction('inputOffsets', out.dims.length, 'shape', ['a_strides', 'b_strides'])}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let at = inputOffsets(index);
  C[index] = select(0u, 1u, A[at.x] ${COMPARE_WGSL[ctx.node.opType]} B[at.y]);
}`;
  return kernelSource({
    variant: `compare-${ctx.node.opType.toLowerCase()}`,
    inputs: [{ name: 'A', elem: wgslElem(a) }, { name: 'B', elem: wgslElem(b) }],
    output: { name: 'C', elem: 'u32' },
    params,
    body,
    workgroups: linearWorkgroups(count, ctx.profile.limits),
  });
}

const compareOp: OpDef = { kind: 'kernel', dtypes: { types: { T: NUMERIC_DTYPES, B: ['bool'] }, inputs: ['T', 'T'], outputs: ['B'] }, generate: generateCompare };

export const COMPARE_OPS: Record<string, OpDef> = Object.fromEntries(Object.keys(COMPARE_WGSL).map((op) => [op, compareOp]));
