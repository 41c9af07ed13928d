// CumSum and CumProd along one axis (a compile-time input: the kernel's layout depends on it),
// with the exclusive (start from the identity, each output leaves its own element out) and
// reverse (run from the end) attributes. One invocation per line along the axis runs the scan
// serially in f32 (i32 for integers), adding in the order onnxruntime's CPU kernel does.
import { attrInt } from '../../../ir/attributes.ts';
import { numElements, tensorToNumbers } from '../../../ir/tensor.ts';
import { inputInfo, outputInfo, shapeError, wgslElem, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { rowLayout } from './row-wgsl.ts';
import { normalizeAxis } from './softmax.ts';

function generateCumulative(ctx: OpContext): KernelSource {
  const [x, axisInput, y] = [inputInfo(ctx, 0), inputInfo(ctx, 1), outputInfo(ctx)];
  if (!axisInput.constant || numElements(axisInput.dims) !== 1) throw shapeError(ctx.node, `axis '${axisInput.name}' must be a constant (it is read at compile time)`);
  const axis = normalizeAxis(ctx, tensorToNumbers(axisInput.constant)[0]!, x.dims.length);
  const { outer, length, inner } = rowLayout(x.dims, axis);
  const product = ctx.node.opType === 'CumProd';
  const exclusive = attrInt(ctx.node, 'exclusive', 0) !== 0;
  const reverse = attrInt(ctx.node, 'reverse', 0) !== 0;
  const t = x.gpu.scalar === 'i32' || x.gpu.scalar === 'u32' ? x.gpu.scalar : 'f32';
  const lines = outer * inner;
  const params = new ParamWriter();
  params.u32('lines', lines);
  params.u32('length', length);
  params.u32('inner', inner);
  const op = product ? '*' : '+';
  // Exclusive stores the total before this element: read the element first, then write.
  const step = exclusive ? `let v = ${t}(X[at]);\n    Y[at] = ${y.gpu.scalar}(acc);\n    acc = acc ${op} v;` : `acc = acc ${op} ${t}(X[at]);\n    Y[at] = ${y.gpu.scalar}(acc);`;
  const body = `
${linearEntryPoint()}
  if (index >= param(P_LINES)) { return; }
  let L = param(P_LENGTH);
  let S = param(P_INNER);
  let base = (index / S) * L * S + index % S;
  var acc = ${t}(${product ? 1 : 0});
  for (var n = 0u; n < L; n++) {
    let at = base + ${reverse ? '(L - 1u - n)' : 'n'} * S;
    ${step}
  }
}`;
  return kernelSource({
    variant: `${product ? 'cumprod' : 'cumsum'}${exclusive ? '-exclusive' : ''}${reverse ? '-reverse' : ''}`,
    inputs: [{ name: 'X', elem: wgslElem(x) }],
    output: { name: 'Y', elem: wgslElem(y) },
    params, body,
    workgroups: linearWorkgroups(Math.max(lines, 1), ctx.profile.limits),
    // Each line's invocation reads element i just before writing it, and no other invocation
    // touches the line.
    inPlace: [{ input: 0, output: 0 }],
  });
}

const cumulative: OpDef = {
  kind: 'kernel',
  cpuInputs: [1],
  dtypes: { types: { T: ['float32', 'float16', 'int32', 'int64', 'uint32'] }, inputs: ['T'], outputs: ['T'] },
  generate: generateCumulative,
};

export const CUMULATIVE_OPS: Record<string, OpDef> = { CumSum: cumulative, CumProd: cumulative };
