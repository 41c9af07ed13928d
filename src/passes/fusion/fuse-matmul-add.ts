// fuse-matmul-add: a MatMul of a 2-D input by a constant 2-D weight, followed by the Add of a
// bias broadcast over its rows, is one Gemm (onnxruntime's MatMulAddFusion).
//
//   before: t = MatMul (x, W);  y = Add (t, b)      x [M,K], W [K,N], b [N] or [1,N]
//   after:  y = Gemm (x, W, b)
//
// Gemm takes 2-D operands only; for x of rank 3 and more the pair stays (onnxruntime's
// com.microsoft FusedMatMul takes any rank but has no bias input, so it would not absorb the Add).
import { defineRule, fail, ok } from '../rewrite/rule.ts';
import { any, constant, op } from '../rewrite/pattern.ts';
import { rulePass } from '../rewrite/driver.ts';
import { formatShape } from '../support/describe.ts';

const GEMM_TYPES = new Set(['float32', 'float16', 'float64', 'bfloat16']);

const matmulAdd = defineRule({
  name: 'fuse-matmul-add/matmul-add',
  pattern: op('Add', [op('MatMul', [any('x'), constant('w')], { bind: 'matmul' }), constant('bias')], { bind: 'add' }),
  check(m, ctx) {
    const w = m.tensor('w');
    const bias = m.tensor('bias');
    if (w.dims.length !== 2) return fail(`MatMul weight ${w.name} has shape ${formatShape(w.dims)}; Gemm needs a 2-D B`);
    if (!GEMM_TYPES.has(w.dtype)) return fail(`MatMul weight ${w.name} is ${w.dtype}; Gemm takes floating-point operands`);
    if (bias.dtype !== w.dtype) return fail(`bias ${bias.name} is ${bias.dtype} but the weight is ${w.dtype}`);
    const n = w.dims[1]!;
    // A bias of one row ([N], [1,N]) or a scalar broadcasts over the rows without changing the shape.
    const rowBias = bias.dims.length <= 2 && bias.dims.every((d, i) => d === 1 || (i === bias.dims.length - 1 && d === n));
    if (!rowBias) return fail(`bias ${bias.name} has shape ${formatShape(bias.dims)}; only a bias of one row ([${n}] or [1,${n}]) becomes Gemm's C`);
    const shape = ctx.shape(m.value('x'));
    if (!shape) return fail(`the rank of ${m.value('x')} is unknown; Gemm needs a 2-D input`);
    if (shape.length !== 2) {
      return fail(`MatMul input ${m.value('x')} has rank ${shape.length} (${formatShape(shape)}); Gemm takes 2-D inputs only, and com.microsoft FusedMatMul has no bias input to absorb the Add`);
    }
    return ok();
  },
  rewrite(m, b) {
    const add = m.node('add');
    const w = m.tensor('w');
    b.node('Gemm', [m.value('x'), w.name, m.value('bias')], { outputs: [add.outputs[0]!], id: m.node('matmul').id });
    return `fused MatMul ${m.node('matmul').id} and Add ${add.id} into Gemm: ${m.value('x')} × ${w.name} ${formatShape(w.dims)} + ${m.value('bias')} ${formatShape(m.tensor('bias').dims)}`;
  },
});

export const fuseMatmulAdd = rulePass(
  { id: 'fuse-matmul-add', title: 'Fuse MatMul + Add into Gemm', description: 'Turns a 2-D MatMul by a constant weight followed by a bias Add into one Gemm.' },
  [matmulAdd],
);
