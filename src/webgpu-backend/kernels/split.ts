// Split: one kernel writes every output. Each invocation reads one input element, finds which
// output its coordinate along the axis falls in, and stores it there. Outputs nobody reads are
// left out of the kernel (no binding, no store): the multi-output contract lets a kernel declare
// only the outputs it writes. Split sizes come from the 'split' input (opset 13+, a constant
// read at compile time), the attribute (before 13), or the output shapes (equal parts).
import { attrInt } from '../../ir/attributes.ts';
import { numElements } from '../../ir/tensor.ts';
import { inputInfo, sameDtype, shapeError, wgslElem, WORD_DTYPES, type OpContext, type OpDef, type OutputInfo } from '../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../wgsl/dispatch.ts';
import { ParamWriter } from '../wgsl/params.ts';
import { kernelSource, type BufferDecl, type KernelSource } from '../wgsl/shader.ts';

function generateSplit(ctx: OpContext): KernelSource {
  const x = inputInfo(ctx, 0);
  const rank = x.dims.length;
  const raw = attrInt(ctx.node, 'axis', 0);
  const axis = raw < 0 ? raw + rank : raw;
  // Shape inference sized every output; their extents along the axis are the split.
  if (ctx.outputs.some((o) => o === undefined)) throw shapeError(ctx.node, 'an output left out by name is not supported (give every output a name)');
  const outputs = ctx.outputs.map((o, j) => ({ o: o as OutputInfo, j }));
  const sizes = outputs.map(({ o }) => o.dims[axis] ?? 0);
  const axisLen = x.dims[axis] ?? 0;
  if (sizes.reduce((s, n) => s + n, 0) !== axisLen) throw shapeError(ctx.node, `split sizes [${sizes}] do not add up to ${axisLen}`);
  const written = outputs.filter(({ o }) => o.used);
  if (written.length === 0) throw shapeError(ctx.node, 'no output is used');
  const count = numElements(x.dims);
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32('inner', numElements(x.dims.slice(axis + 1)));
  params.u32('axis_len', axisLen);
  let start = 0;
  const cases: string[] = [];
  const decls: BufferDecl[] = [];
  outputs.forEach(({ o, j }, k) => {
    const size = sizes[k]!;
    params.u32(`start${j}`, start);
    params.u32(`size${j}`, size);
    start += size;
    if (!o.used) return;
    decls.push({ name: `Y${j}`, elem: wgslElem(o), index: j });
    cases.push(`  if (a >= param(P_START${j}) && a < param(P_START${j}) + param(P_SIZE${j})) {
    Y${j}[(outer * param(P_SIZE${j}) + a - param(P_START${j})) * inner + within] = v;
  }`);
  });
  const body = `
${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let inner = param(P_INNER);
  let within = index % inner;
  let a = (index / inner) % param(P_AXIS_LEN);
  let outer = index / (inner * param(P_AXIS_LEN));
  let v = X[index];
${cases.join('\n')}
}`;
  return kernelSource({
    variant: `split-${written.length}-of-${outputs.length}`,
    inputs: [{ name: 'X', elem: wgslElem(x) }],
    outputs: decls,
    params,
    body,
    workgroups: linearWorkgroups(count, ctx.profile.limits),
  });
}

export const SPLIT_OPS: Record<string, OpDef> = {
  Split: { kind: 'kernel', cpuInputs: [1], dtypes: sameDtype(WORD_DTYPES), generate: generateSplit },
};
