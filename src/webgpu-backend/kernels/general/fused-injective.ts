// kiln.FusedInjective (the fuse-injective pass: TVM's injective fusion): one invocation per output
// element. Each input is read at the element its index map gives (the pass's own views, turned
// into straight-line integer arithmetic by index-map-wgsl.ts), each constant array of the
// expression at its numpy-broadcast offset, and the expression's `compute` (expression-wgsl.ts)
// makes the output element. So a Transpose, Slice or Expand costs no pass over memory of its
// own: the elementwise kernel around it reads through it. An input read as it is (no view) is
// read at the output's own index and may run in place.
import { numElements } from '../../../ir/tensor.ts';
import type { Node } from '../../../ir/types.ts';
import type { Expr } from '../../../passes/fusion/expression/ast.ts';
import { parseExpression } from '../../../passes/fusion/expression/parse.ts';
import { readFusedInjective, type FusedInjectiveSpec } from '../../../passes/fusion/injective/function.ts';
import { parseIndexMap } from '../../../passes/fusion/injective/steps.ts';
import { indexViews } from '../../../passes/fusion/injective/views.ts';
import { inputInfo, outputInfo, shapeError, wgslElem, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { load, store } from './elementwise-kernel.ts';
import { compileExpression, unsupportedCall } from './expression-wgsl.ts';
import { MIXED_WORD_SIGNATURE } from './fused-elementwise.ts';
import { viewsFunction } from './index-map-wgsl.ts';
import { valueTypeOf } from './scalar-wgsl.ts';

function parsed(node: Node): { spec: FusedInjectiveSpec; expr: Expr } | string {
  const spec = readFusedInjective(node);
  if (typeof spec === 'string') return spec;
  try {
    return { spec, expr: parseExpression(spec.expression) };
  } catch (e) {
    return (e as Error).message;
  }
}

function checkFusedInjective(node: Node): string | undefined {
  const p = parsed(node);
  if (typeof p === 'string') return p;
  return unsupportedCall(p.expr);
}

function generateFusedInjective(ctx: OpContext): KernelSource {
  const p = parsed(ctx.node);
  if (typeof p === 'string') throw shapeError(ctx.node, p);
  const out = outputInfo(ctx);
  const count = numElements(out.dims);
  const inputs = p.spec.maps.map((_, k) => inputInfo(ctx, k));
  const compiled = compileExpression(p.expr, inputs.map((x) => valueTypeOf(x.dtype)!));
  const params = new ParamWriter();
  params.u32('count', count);
  const views = inputs.map((x, k) => {
    try {
      return indexViews(out.dims, x.dims, parseIndexMap(p.spec.maps[k]!, x.dims));
    } catch (e) {
      throw shapeError(ctx.node, `input ${k} (${x.name}): ${(e as Error).message}`);
    }
  });
  const functions = [
    ...views.map((v, k) => viewsFunction(`at${k}`, `x${k}`, v, params)),
    ...compiled.arrays.map((c, j) => viewsFunction(`atc${j}`, `c${j}`, indexViews(out.dims, c.dims, []), params)),
  ];
  const args = [...inputs.map((x, k) => load(`X${k}[at${k}(index)]`, x)), ...compiled.arrays.map((_, j) => `C${j}[atc${j}(index)]`)];
  const body = `
${compiled.wgsl}
${functions.join('\n')}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  Y[index] = ${store(`compute(${args.join(', ')})`, compiled.resultType, out)};
}`;
  // In place only where the input is read at the output's own index and no other slot reads the same tensor elsewhere.
  const plain = (k: number) => views[k]!.length === 0 && numElements(inputs[k]!.dims) === count;
  const inPlace = inputs.flatMap((x, k) => (plain(k) && inputs.every((y, j) => y.name !== x.name || plain(j)) ? [{ input: k, output: 0 }] : []));
  // '-reshaped': some input goes through a reshape that needs the linear index between views.
  return kernelSource({
    variant: `fused-injective${views.some((v) => v.length > 1) ? '-reshaped' : ''}`,
    inputs: inputs.map((x, k) => ({ name: `X${k}`, elem: wgslElem(x), index: k })),
    output: { name: 'Y', elem: wgslElem(out) },
    params,
    body,
    workgroups: linearWorkgroups(count, ctx.profile.limits),
    inPlace,
  });
}


export const FUSED_INJECTIVE_OPS: Record<string, OpDef> = {
  'kiln.FusedInjective': { kind: 'kernel', dtypes: MIXED_WORD_SIGNATURE, check: checkFusedInjective, generate: generateFusedInjective },
};
