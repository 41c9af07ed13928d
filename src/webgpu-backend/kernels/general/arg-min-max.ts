// ArgMax and ArgMin along one axis: one invocation per output walks its row (row-wgsl.ts's
// layout, strided when the axis is not last) keeping the best value and its index. Ties keep the
// first index, or the last with select_last_index. Indices are int64, held as i32 on the GPU.
import { attrInt } from '../../../ir/attributes.ts';
import { inputInfo, NUMERIC_DTYPES, outputInfo, wgslElem, type OpContext, type OpDef } from '../../op-def.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { rowLayout, rowLoop } from './row-wgsl.ts';
import { normalizeAxis } from './softmax.ts';

function generateArg(ctx: OpContext): KernelSource {
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  const axis = normalizeAxis(ctx, attrInt(ctx.node, 'axis', 0), x.dims.length);
  const layout = rowLayout(x.dims, axis);
  const params = new ParamWriter();
  const type = x.gpu.scalar === 'i32' ? 'i32' : 'f32';
  const loop = rowLoop(layout, 'invocation', params, ctx.profile.limits, { allowVec4: false, type });
  const better = ctx.node.opType === 'ArgMax' ? '>' : '<';
  const tie = attrInt(ctx.node, 'select_last_index', 0) ? '=' : '';
  const body = `
${loop.entry}
  var best = ${loop.load(`X[${loop.first}]`)};
  var at = 0u;
  ${loop.open}
    let v = ${loop.load(`X[${loop.at}]`)};
    if (v ${better}${tie} best) { best = v; at = i; }
  }
  Y[row] = i32(at);
}`;
  return kernelSource({
    variant: `${ctx.node.opType.toLowerCase()}${layout.inner > 1 ? '-strided' : ''}`,
    inputs: [{ name: 'X', elem: wgslElem(x) }],
    output: { name: 'Y', elem: wgslElem(y) },
    params, body,
    workgroups: loop.workgroups,
  });
}

const argOp: OpDef = { kind: 'kernel', dtypes: { types: { T: NUMERIC_DTYPES, I: ['int64'] }, inputs: ['T'], outputs: ['I'] }, generate: generateArg };

export const ARG_OPS: Record<string, OpDef> = { ArgMax: argOp, ArgMin: argOp };
