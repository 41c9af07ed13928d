// Graph inputs fixed at compile time (CompileOptions.inputValues): an axes input Kiln reads at
// compile time becomes acceptable, an If on a fixed input lowers one branch, and a run passing
// another value is refused. Against onnxruntime, rel L2 <= 1e-5.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../ir/builder.ts';
import { isInputError } from '../ir/errors.ts';
import { exportModel } from '../ir/onnx/export.ts';
import { tensorFromNumbers } from '../ir/tensor.ts';
import { createNodeGpu } from '../node/dawn.ts';
import { compareOutputs } from '../reference/compare.ts';
import { runOrt } from '../reference/ort-node.ts';
import { checkSupport, compileModel } from './compile.ts';
import { lowerModel } from './lower.ts';

describe('inputValues', () => {
  const b = new GraphBuilder();
  b.input('x', 'float32', [2, 3, 4]);
  b.input('axes', 'int64', [1]);
  b.node('ReduceSum', ['x', 'axes'], { name: 'sum', outputs: ['y'], attrs: { keepdims: 0 } });
  b.output('y', 'float32');
  const model = makeModel(b.build(), { opsetImports: [{ domain: '', version: 13 }] });
  const x = tensorFromNumbers('x', 'float32', [2, 3, 4], Array.from({ length: 24 }, (_, i) => Math.sin(i)));
  const axes = tensorFromNumbers('axes', 'int64', [1], [1]);

  it('turns an input read at compile time into a constant, and checks runs pass the same value', async () => {
    const shapes = { x: [2, 3, 4], axes: [1] };
    expect(checkSupport(model, { inputShapes: shapes })).toEqual([{ nodeId: 'sum', opType: 'ReduceSum', reason: "input 'axes' must be a constant (it is read at compile time)" }]);
    expect(checkSupport(model, { inputShapes: shapes, inputValues: { axes } })).toEqual([]);
    const { device, wgslLanguageFeatures } = await createNodeGpu();
    const compiled = await compileModel(device, model, { inputShapes: shapes, inputValues: { axes }, wgslLanguageFeatures });
    const result = await compiled.run([x, axes]);
    for (const cmp of compareOutputs(result.outputs, await runOrt(exportModel(model), [x, axes]))) expect(cmp.relL2).toBeLessThanOrEqual(1e-5);
    const error = await compiled.run([x, tensorFromNumbers('axes', 'int64', [1], [2])]).catch((e: unknown) => e);
    expect(isInputError(error)).toBe(true);
    expect(String(error)).toMatch(/input 'axes' was fixed at compile time/);
    compiled.destroy();
  });

  it('decides an If on a fixed input at compile time', () => {
    const g = new GraphBuilder();
    g.input('sr', 'int64', []);
    g.input('v', 'float32', [4]);
    g.initializer(tensorFromNumbers('k16', 'int64', [], [16000]));
    g.node('Equal', ['sr', 'k16'], { name: 'is16k', outputs: ['cond'] });
    const branch = (name: string, op: string) => {
      const s = new GraphBuilder(name);
      s.output(s.node(op, ['v'], { name: `${name}_op` }));
      return s.build();
    };
    g.node('If', ['cond'], { name: 'if', attrs: { then_branch: branch('then', 'Relu'), else_branch: branch('else', 'MeanVarianceNormalization') }, outputs: ['y'] });
    g.output('y', 'float32', [4]);
    const m = makeModel(g.build());
    const sr = tensorFromNumbers('sr', 'int64', [], [16000]);
    // At run time the If keeps its then branch and sets aside the else one (MeanVarianceNormalization has no kernel)...
    const atRunTime = lowerModel(m, { inputShapes: { sr: [], v: [4] }, adapter: { kind: 'cpu' } });
    expect(atRunTime.runtimeIfs.map((r) => [r.id, r.deadBranch?.branch])).toEqual([['if', 'else']]);
    expect(atRunTime.kernels.map((k) => k.info.id)).toEqual(['then_op', 'if/then_output_0']);
    // ...with sr fixed, the condition folds and the then branch alone is the plan.
    const fixed = lowerModel(m, { inputShapes: { sr: [], v: [4] }, inputValues: { sr }, adapter: { kind: 'cpu' } });
    expect(fixed.runtimeIfs).toEqual([]);
    expect(fixed.kernels.map((k) => k.info.id)).toEqual(['then_op']);
  });
});
