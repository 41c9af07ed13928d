// LayerNormalization (ONNX opset 17), RMSNormalization (ONNX opset 23) and
// com.microsoft.SkipLayerNormalization (input + skip + bias, then layer norm over
// the last dim, with the sum as an optional output). The normalized dims are the trailing ones,
// so each row is contiguous (row-wgsl.ts): one pass for the mean, one for the variance around it
// (two passes: more accurate than E[x²] - mean²), one writing (x - mean)·inv_std·scale + bias.
// Mean and InvStdDev outputs are written when used; SkipLayerNormalization's are refused, since
// onnxruntime's CPU kernel (the oracle) never writes them.
import { attrFloat, attrInt } from '../../../ir/attributes.ts';
import { numElements } from '../../../ir/tensor.ts';
import { FLOAT_DTYPES, formatDims, inputInfo, outputInfo, shapeError, wgslElem, type DtypeSignature, type OpContext, type OpDef, type TensorInfo } from '../../op-def.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type BufferDecl, type KernelSource } from '../../wgsl/shader.ts';
import { chooseRowShape, narrowTo, rowLayout, rowLoop } from './row-wgsl.ts';
import { normalizeAxis } from './softmax.ts';

type Kind = 'layer' | 'simplified' | 'skip';

/** Node input indices of each operand by op; undefined where the op has none. */
const INPUTS: Record<Kind, { skip?: number; scale: number; beta?: number; bias?: number }> = {
  layer: { scale: 1, beta: 2 },
  simplified: { scale: 1 },
  skip: { skip: 1, scale: 2, beta: 3, bias: 4 },
};

function generateNorm(ctx: OpContext, kind: Kind): KernelSource {
  const node = ctx.node;
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  const rank = x.dims.length;
  const axis = kind === 'skip' ? rank - 1 : normalizeAxis(ctx, attrInt(node, 'axis', -1), rank);
  const layout = rowLayout(x.dims, axis, rank);
  const L = layout.length;
  const at = INPUTS[kind];
  const operand = (i: number | undefined): TensorInfo | undefined => (i === undefined ? undefined : ctx.inputs[i]);
  const [skip, scale, beta, bias] = [operand(at.skip), inputInfo(ctx, at.scale), operand(at.beta), operand(at.bias)];
  for (const [name, t] of [['scale', scale], ['bias', beta], ['skip bias', bias]] as const) {
    if (t && numElements(t.dims) !== L) throw shapeError(node, `${name} ${formatDims(t.dims)} does not have the ${L} elements of a normalized row`);
  }
  const skipSize = skip ? numElements(skip.dims) : 0;
  if (skip && (skipSize % L !== 0 || numElements(x.dims) % skipSize !== 0)) throw shapeError(node, `skip ${formatDims(skip.dims)} does not tile input ${formatDims(x.dims)}`);
  // Statistics outputs by index: LayerNormalization's Mean and InvStdDev.
  const statNames: Record<number, 'mean' | 'inv_std'> = kind === 'layer' ? { 1: 'mean', 2: 'inv_std' } : {};
  const stats = Object.keys(statNames).map(Number).filter((j) => ctx.outputs[j]?.used);
  const statBuffer = (j: number) => (statNames[j] === 'mean' ? 'Mean' : 'InvStd');
  if (kind === 'skip' && [1, 2].some((j) => ctx.outputs[j]?.used)) throw shapeError(node, "the mean and inv_std_var outputs are not produced (onnxruntime's CPU kernel never writes them)");
  const sum = kind === 'skip' && ctx.outputs[3]?.used ? outputInfo(ctx, 3) : undefined;

  const params = new ParamWriter();
  params.f32('epsilon', attrFloat(node, 'epsilon', kind === 'skip' ? 1e-12 : 1e-5));
  params.f32('inv_length', 1 / L);
  const loop = rowLoop(layout, chooseRowShape(ctx.profile, layout), params, ctx.profile.limits);
  params.u32('skip_size', loop.vec4 ? skipSize / 4 : skipSize);
  const v4 = loop.vec4;
  // Rows are contiguous (the normalized dims are the trailing ones): i is the column.
  const col = 'i';
  const terms = [`X[${loop.at}]`, skip ? `Skip[(${loop.at}) % param(P_SKIP_SIZE)]` : '', bias ? `Bias[${col}]` : ''].filter(Boolean);
  const value = terms.map(loop.load).join(' + ');
  const centered = kind === 'simplified' ? 'v' : 'v - mean';
  const affine = `(${centered}) * inv_std * ${loop.load(`Scale[${col}]`)}${beta ? ` + ${loop.load(`Beta[${col}]`)}` : ''}`;
  const firstLane = loop.shape === 'workgroup' ? 'lid == 0u' : 'true';
  const statStores = stats.map((j) => `if (${firstLane}) { ${statBuffer(j)}[row] = ${narrowTo(outputInfo(ctx, j).gpu.scalar, statNames[j]!, false)}; }`);
  const body = `
${loop.prelude}
${loop.entry}
  var s = ${loop.identity('sum')};
  ${kind === 'simplified' ? 'let mean = 0.0;' : `${loop.open} s += ${value}; }
  let mean = ${loop.total('sum', 's')} * paramF(P_INV_LENGTH);
  s = ${loop.identity('sum')};`}
  ${loop.open} let d = ${value} - mean; s += d * d; }
  let inv_std = inverseSqrt(${loop.total('sum', 's')} * paramF(P_INV_LENGTH) + paramF(P_EPSILON));
  ${loop.open}
    let v = ${value};
    ${sum ? `Sum[${loop.at}] = ${narrowTo(sum.gpu.scalar, 'v', v4)};` : ''}
    Y[${loop.at}] = ${narrowTo(y.gpu.scalar, affine, v4)};
  }
  ${statStores.join('\n  ')}
}`;
  const decl = (name: string, t: TensorInfo | undefined, index: number | undefined): BufferDecl[] => (t && index !== undefined ? [{ name, elem: wgslElem(t, v4), index }] : []);
  return kernelSource({
    variant: `${{ layer: 'layer-norm', simplified: 'rms-norm', skip: 'skip-layer-norm' }[kind]}-${loop.shape}${v4 ? '-vec4' : ''}`,
    inputs: [...decl('X', x, 0), ...decl('Skip', skip, at.skip), ...decl('Scale', scale, at.scale), ...decl('Beta', beta, at.beta), ...decl('Bias', bias, at.bias)],
    outputs: [
      { name: 'Y', elem: wgslElem(y, v4), index: 0 },
      ...stats.map((j) => ({ name: statBuffer(j), elem: wgslElem(outputInfo(ctx, j)), index: j })),
      ...(sum ? [{ name: 'Sum', elem: wgslElem(sum, v4), index: 3 }] : []),
    ],
    params, body,
    workgroups: loop.workgroups,
    workgroupStorageBytes: loop.workgroupStorageBytes,
    // As Softmax: a row is one invocation's (or one workgroup's, its statistics ending in
    // barriers), and the last pass reads element i just before writing it.
    inPlace: [{ input: 0, output: 0 }],
  });
}

const signature = (inputs: number, stats: number, sum = false): DtypeSignature => ({
  types: { T: FLOAT_DTYPES, U: ['float32'] },
  inputs: Array<string>(inputs).fill('T'),
  outputs: ['T', ...Array<string>(stats).fill('U'), ...(sum ? ['T'] : [])],
});

const norm = (kind: Kind, dtypes: DtypeSignature): OpDef => ({
  kind: 'kernel',
  dtypes,
  check: (node) => (kind !== 'skip' && attrInt(node, 'stash_type', 1) !== 1 ? `stash_type ${attrInt(node, 'stash_type', 1)} is not supported (statistics are computed in float32)` : undefined),
  generate: (ctx) => generateNorm(ctx, kind),
});

export const LAYER_NORM_OPS: Record<string, OpDef> = {
  LayerNormalization: norm('layer', signature(3, 2)),
  RMSNormalization: norm('simplified', signature(2, 0)),
  'com.microsoft.SkipLayerNormalization': norm('skip', signature(5, 2, true)),
};
