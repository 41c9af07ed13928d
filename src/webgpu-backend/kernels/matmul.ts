// MatMul (numpy semantics: 1-D operands, broadcast batch dims) and Gemm (alpha, beta, transA,
// transB, a bias broadcast to [M, N]) both lower to one problem: strided A and B, a batch, an
// optional bias. The variant is picked from the adapter profile, the strides and the sizes:
// shared-memory tiles on GPUs (matmul-tiled-wgsl.ts), barrier-free register blocking on software
// adapters and for thin problems (matmul-wgsl.ts). Each stores through an optional activation
// (FusedGemm) or elementwise epilogue (kiln.FusedMatMulEpilogue, kiln.FusedGemmEpilogue).
import { attrFloat, attrInt } from '../../ir/attributes.ts';
import { numElements } from '../../ir/tensor.ts';
import type { Node } from '../../ir/types.ts';
import type { AdapterProfile } from '../adapter-profile.ts';
import { FLOAT_DTYPES, formatDims, inputDims, outputInfo, shapeError, type DtypeSignature, type OpContext, type OpDef } from '../op-def.ts';
import { broadcastStrides } from '../wgsl/indexing.ts';
import { ParamWriter } from '../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../wgsl/shader.ts';
import type { StoreEpilogue } from './general/epilogue-wgsl.ts';
import { broadcastShapes } from './binary.ts';
import { TILED_TILE, TILED_WORKGROUP_BYTES, matmulTiledBody } from './matmul-tiled-wgsl.ts';
import { MATMUL_TILE, MATMUL_WORKGROUP, matmulBody, type FloatScalar, type MatmulVariant } from './matmul-wgsl.ts';

export interface MatmulProblem {
  readonly M: number;
  readonly N: number;
  readonly K: number;
  readonly batchDims: readonly number[];
  readonly aBatch: readonly number[];
  readonly bBatch: readonly number[];
  /** Element strides: A(m, k) = aRow·m + aCol·k; B(k, n) = bRow·k + bCol·n. */
  readonly aRow: number;
  readonly aCol: number;
  readonly bRow: number;
  readonly bCol: number;
  readonly alpha: number;
  readonly beta: number;
  /** Strides reading the bias at (m, n); absent without a bias. */
  readonly bias?: readonly [number, number];
  readonly outDims: readonly number[];
}

export function matmulProblem(ctx: OpContext): MatmulProblem {
  const node = ctx.node;
  const [aDims, bDims] = [inputDims(ctx, 0), inputDims(ctx, 1)];
  if (aDims.length === 0 || bDims.length === 0) throw shapeError(node, 'operands must have at least one dim');
  const a = aDims.length === 1 ? [1, aDims[0]!] : aDims;
  const b = bDims.length === 1 ? [bDims[0]!, 1] : bDims;
  const [M, K] = [a[a.length - 2]!, a[a.length - 1]!];
  const [Kb, N] = [b[b.length - 2]!, b[b.length - 1]!];
  if (K !== Kb) throw shapeError(node, `inner dims differ: ${formatDims(aDims)} × ${formatDims(bDims)}`);
  const [aBatchDims, bBatchDims] = [a.slice(0, -2), b.slice(0, -2)];
  const batchDims = broadcastShapes(node, aBatchDims, bBatchDims);
  const outDims = [...batchDims, ...(aDims.length > 1 ? [M] : []), ...(bDims.length > 1 ? [N] : [])];
  return {
    M, N, K, batchDims, outDims,
    aBatch: broadcastStrides(aBatchDims, batchDims).map((s) => s * M * K),
    bBatch: broadcastStrides(bBatchDims, batchDims).map((s) => s * K * N),
    aRow: K, aCol: 1, bRow: N, bCol: 1, alpha: 1, beta: 0,
  };
}

export function gemmProblem(ctx: OpContext): MatmulProblem {
  const node = ctx.node;
  const [aDims, bDims] = [inputDims(ctx, 0), inputDims(ctx, 1)];
  if (aDims.length !== 2 || bDims.length !== 2) throw shapeError(node, `A and B must be 2-D, got ${formatDims(aDims)} and ${formatDims(bDims)}`);
  const transA = attrInt(node, 'transA', 0) !== 0;
  const transB = attrInt(node, 'transB', 0) !== 0;
  const [M, K] = transA ? [aDims[1]!, aDims[0]!] : [aDims[0]!, aDims[1]!];
  const [Kb, N] = transB ? [bDims[1]!, bDims[0]!] : [bDims[0]!, bDims[1]!];
  if (K !== Kb) throw shapeError(node, `inner dims differ: ${formatDims(aDims)} × ${formatDims(bDims)} (transA=${+transA}, transB=${+transB})`);
  const c = ctx.inputs[2];
  let bias: [number, number] | undefined;
  if (c) {
    const fits = c.dims.length <= 2 && c.dims.every((d, i) => d === 1 || d === [M, N][2 - c.dims.length + i]);
    if (!fits) throw shapeError(node, `C ${formatDims(c.dims)} does not broadcast to [${M},${N}]`);
    // beta = 0 ignores C entirely (onnxruntime too), even where C holds infinities or NaNs.
    if (attrFloat(node, 'beta', 1) !== 0) bias = broadcastStrides(c.dims, [M, N]) as [number, number];
  }
  return {
    M, N, K, batchDims: [], aBatch: [], bBatch: [], outDims: [M, N],
    aRow: transA ? 1 : K, aCol: transA ? M : 1,
    bRow: transB ? 1 : N, bCol: transB ? K : 1,
    alpha: attrFloat(node, 'alpha', 1), beta: attrFloat(node, 'beta', 1), bias,
  };
}

const multipleOf4 = (...xs: readonly number[]) => xs.every((x) => x % 4 === 0);

/** Below this many rows or columns a 32×32 shared tile is mostly idle: register blocking wins on GPUs too. */
const TILED_MIN_SIDE = 8;

/** 'tiled' on GPUs for problems that fill tiles; else the fastest register-blocked variant the layout allows. */
function chooseVariant(p: MatmulProblem, profile: AdapterProfile): MatmulVariant | 'tiled' {
  if (profile.kind === 'gpu' && p.M >= TILED_MIN_SIDE && p.N >= TILED_MIN_SIDE) return 'tiled';
  return chooseRegisterVariant(p);
}

/** The fastest register-blocked variant the layout allows (vec4 loads need 16-byte aligned rows along k or n). */
function chooseRegisterVariant(p: MatmulProblem): MatmulVariant {
  const aAlongK = p.aCol === 1 && multipleOf4(p.K, p.aRow, ...p.aBatch);
  if (aAlongK && p.bCol === 1 && multipleOf4(p.N, p.bRow, ...p.bBatch)) return 'nn-vec4';
  if (aAlongK && p.bRow === 1 && (p.N === 1 || multipleOf4(p.bCol)) && multipleOf4(...p.bBatch)) return 'nt-vec4';
  return 'scalar';
}

/** An activation applied to every output value: WGSL defining `fn act(v: vec4<f32>) -> vec4<f32>`, named in the variant. */
export interface MatmulActivation {
  readonly name: string;
  readonly wgsl: string;
}

/**
 * The MatMul/Gemm kernel for a problem (FusedGemm, FusedMatMul and Attention's projection reuse
 * it), finished by `activation` or by an elementwise `epilogue` whose inputs bind after the product's.
 */
export function generateMatmul(ctx: OpContext, p: MatmulProblem, activation?: MatmulActivation, epilogue?: StoreEpilogue): KernelSource {
  const variant = chooseVariant(p, ctx.profile);
  const t = outputInfo(ctx).gpu.scalar as FloatScalar;
  const params = new ParamWriter();
  for (const [name, value] of [['m', p.M], ['n', p.N], ['k', p.K], ['a_row', p.aRow], ['a_col', p.aCol], ['b_row', p.bRow], ['b_col', p.bCol]] as const) params.u32(name, value);
  params.f32('alpha', p.alpha);
  if (p.bias) {
    params.f32('beta', p.beta);
    params.u32('bias_row', p.bias[0]);
    params.u32('bias_col', p.bias[1]);
  }
  params.u32s('batch_shape', p.batchDims);
  params.u32s('a_batch', p.aBatch);
  params.u32s('b_batch', p.bBatch);
  epilogue?.params(params);
  const vec4 = (v: boolean) => (v ? `vec4<${t}>` : t);
  const vecAB = vec4(variant === 'nn-vec4' || variant === 'nt-vec4');
  const batches = numElements(p.batchDims);
  const inputs = [{ name: 'A', elem: vecAB, index: 0 }, { name: 'B', elem: vecAB, index: 1 }, ...(p.bias ? [{ name: 'Bias', elem: t, index: 2 }] : []), ...(epilogue?.inputs ?? [])];
  const name = `matmul-${variant}${p.bias ? '-bias' : ''}${activation ? `-${activation.name}` : ''}${epilogue ? '-epilogue' : ''}`;
  const store = epilogue ? epilogue.wgsl : activation?.wgsl;
  // Epilogue inputs read at the element stored may share its memory, where Y is bound per element.
  const inPlace = variant === 'nn-vec4' ? [] : [...(epilogue?.inPlace ?? [])];
  if (variant === 'tiled') {
    const tiles = (size: number) => Math.ceil(size / TILED_TILE);
    const body = matmulTiledBody(p.batchDims.length, p.bias !== undefined, t, store, epilogue !== undefined);
    return kernelSource({ variant: name, inputs, output: { name: 'Y', elem: t }, params, body, workgroups: [tiles(p.N), tiles(p.M), batches], workgroupStorageBytes: TILED_WORKGROUP_BYTES, inPlace });
  }
  const tilesPerGroup = (size: number, wg: number) => Math.ceil(Math.ceil(size / MATMUL_TILE) / wg);
  return kernelSource({
    variant: name,
    inputs,
    output: { name: 'Y', elem: vec4(variant === 'nn-vec4') },
    params,
    body: matmulBody(variant, p.batchDims.length, p.bias !== undefined, t, store, epilogue !== undefined),
    workgroups: [tilesPerGroup(p.N, MATMUL_WORKGROUP[0]), tilesPerGroup(p.M, MATMUL_WORKGROUP[1]), batches],
    inPlace,
  });
}

function checkGemm(node: Node): string | undefined {
  return node.inputs.length < 2 ? 'Gemm needs inputs A and B' : undefined;
}

const floats: DtypeSignature = { types: { T: FLOAT_DTYPES }, inputs: ['T'], outputs: ['T'] };

export const MATMUL_OPS: Record<string, OpDef> = {
  MatMul: { kind: 'kernel', dtypes: floats, generate: (ctx) => generateMatmul(ctx, matmulProblem(ctx)) },
  Gemm: { kind: 'kernel', dtypes: floats, check: checkGemm, generate: (ctx) => generateMatmul(ctx, gemmProblem(ctx)) },
};
