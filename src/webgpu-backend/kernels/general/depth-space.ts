// DepthToSpace and SpaceToDepth: [N, C, H, W] rearranged in blocks of b×b, one invocation per
// output element reading one input element (a transpose of a 6-D view, written out directly).
//   DepthToSpace  [N, C, H, W] -> [N, C/b², H·b, W·b]; output (c, h·b + i, w·b + j) reads channel
//                 (i·b + j)·C/b² + c (mode DCR, the default) or c·b² + i·b + j (mode CRD)
//   SpaceToDepth  [N, C, H, W] -> [N, C·b², H/b, W/b]; output channel (i·b + j)·C + c reads
//                 (c, h·b + i, w·b + j)
import { attrInt, attrString } from '../../../ir/attributes.ts';
import { numElements } from '../../../ir/tensor.ts';
import type { Node } from '../../../ir/types.ts';
import { formatDims, inputInfo, outputInfo, sameDtype, shapeError, wgslElem, WORD_DTYPES, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';

/** WGSL computing the input offset `src` of output element `index` (out coordinates n, c, y, x). */
const SOURCE: Record<string, string> = {
  dcr: `let i = y % B; let j = x % B;
  let src = ((n * IC + (i * B + j) * OC + c) * IH + y / B) * IW + x / B;`,
  crd: `let i = y % B; let j = x % B;
  let src = ((n * IC + c * B * B + i * B + j) * IH + y / B) * IW + x / B;`,
  s2d: `let block = c / IC; let i = block / B; let j = block % B;
  let src = ((n * IC + c % IC) * IH + y * B + i) * IW + x * B + j;`,
};

function generateDepthSpace(ctx: OpContext): KernelSource {
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  const b = attrInt(ctx.node, 'blocksize', 0);
  if (x.dims.length !== 4 || y.dims.length !== 4) throw shapeError(ctx.node, `input ${formatDims(x.dims)} is not [N, C, H, W]`);
  const toSpace = ctx.node.opType === 'DepthToSpace';
  const kind = toSpace ? (attrString(ctx.node, 'mode', 'DCR') === 'CRD' ? 'crd' : 'dcr') : 's2d';
  const count = numElements(y.dims);
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32('block', b);
  params.u32s('in_shape', x.dims.slice(1));
  params.u32s('out_shape', y.dims.slice(1));
  const body = `
${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let B = param(P_BLOCK);
  let IC = param(P_IN_SHAPE);
  let IH = param(P_IN_SHAPE + 1u);
  let IW = param(P_IN_SHAPE + 2u);
  let OC = param(P_OUT_SHAPE);
  let OH = param(P_OUT_SHAPE + 1u);
  let OW = param(P_OUT_SHAPE + 2u);
  let x = index % OW;
  let y = (index / OW) % OH;
  let c = (index / (OW * OH)) % OC;
  let n = index / (OW * OH * OC);
  ${SOURCE[kind]}
  Y[index] = X[src];
}`;
  return kernelSource({
    variant: toSpace ? `depth-to-space-${kind}` : 'space-to-depth',
    inputs: [{ name: 'X', elem: wgslElem(x) }],
    output: { name: 'Y', elem: wgslElem(y) },
    params, body,
    workgroups: linearWorkgroups(Math.max(count, 1), ctx.profile.limits),
  });
}

function checkDepthSpace(node: Node): string | undefined {
  if (attrInt(node, 'blocksize', 0) < 1) return 'blocksize must be at least 1';
  const mode = attrString(node, 'mode', 'DCR');
  if (node.opType === 'DepthToSpace' && mode !== 'DCR' && mode !== 'CRD') return `mode '${mode}' is not DCR or CRD`;
  return undefined;
}

const depthSpace: OpDef = { kind: 'kernel', dtypes: sameDtype(WORD_DTYPES), check: checkDepthSpace, generate: generateDepthSpace };

export const DEPTH_SPACE_OPS: Record<string, OpDef> = { DepthToSpace: depthSpace, SpaceToDepth: depthSpace };
