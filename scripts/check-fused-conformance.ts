// Runs the compiler-style pipelines (tvm, tvm-nhwc, xla, ort-layout) on every case of the ONNX node
// conformance suite and checks the cases where they make one of Kiln's newer fused nodes
// (kiln.FusedInjective, kiln.Fused*Epilogue, kiln.NhwcFusedConv): no internal error in any pass,
// the export runs in onnxruntime like the original (rel L2 <= 1e-4, infinities where the original
// has them), and Kiln's WebGPU kernels on Dawn match onnxruntime on the optimized model on both
// adapter profiles (rel L2 <= 1e-4; 1e-2 for float16 cases). A model onnxruntime or Kiln refuses
// with a one-line reason is counted, not failed.
//   npx tsx scripts/check-fused-conformance.ts ../shared/onnx-backend-tests/node
import { listCases, loadCase } from '../src/cli/conformance-case.ts';
import { isInputError } from '../src/ir/errors.ts';
import { exportModel } from '../src/ir/onnx/export.ts';
import { tensorToNumbers } from '../src/ir/tensor.ts';
import type { Tensor } from '../src/ir/types.ts';
import { checkOnGpu } from '../src/node/kernel-check.ts';
import { finalModel, runPipeline } from '../src/passes/pipeline.ts';
import { PIPELINES } from '../src/passes/pipelines.ts';
import { runOrt } from '../src/reference/ort-node.ts';

const FUSED = /^(FusedInjective|Fused\w*Epilogue|NhwcFusedConv\w*)$/;
const PIPELINE_NAMES = ['tvm', 'tvm-nhwc', 'xla', 'ort-layout'];

/** rel L2 over the finite elements; Infinity when the infinities or NaNs differ in place. */
function relL2(a: Tensor, b: Tensor): number {
  const [x, y] = [tensorToNumbers(a), tensorToNumbers(b)];
  if (x.length !== y.length) return Infinity;
  let num = 0;
  let den = 0;
  for (let k = 0; k < x.length; k++) {
    const [u, v] = [Number(x[k]), Number(y[k])];
    if (!Number.isFinite(u) || !Number.isFinite(v)) {
      if (!Object.is(u, v)) return Infinity;
      continue;
    }
    num += (u - v) ** 2;
    den += u * u;
  }
  return Math.sqrt(num / (den || 1));
}

const suite = process.argv[2] ?? '../shared/onnx-backend-tests/node';
const failures: string[] = [];
const counts = { cases: 0, fused: 0, gpuRuns: 0, ortRefused: 0, kilnRefused: 0 };
const run = { graphOptimizationLevel: 'disabled' as const };
for (const name of listCases(suite)) {
  let c;
  try {
    c = loadCase(suite, name);
  } catch {
    continue; // sequence inputs or no test data: `kiln conformance` lists those
  }
  counts.cases++;
  for (const p of PIPELINE_NAMES) {
    let out;
    try {
      out = finalModel(c.model, runPipeline(c.model, PIPELINES[p]!.passes));
    } catch (e) {
      if (!isInputError(e)) failures.push(`${p} ${name}: internal error: ${(e as Error).message.split('\n')[0]}`);
      continue;
    }
    if (!out.graph.nodes.some((n) => FUSED.test(n.opType))) continue;
    counts.fused++;
    try {
      const [want, got] = [await runOrt(exportModel(c.model), c.inputs, run), await runOrt(exportModel(out), c.inputs, run)];
      want.forEach((t, i) => {
        const rel = relL2(t, got[i]!);
        if (!(rel <= 1e-4)) failures.push(`${p} ${name}: export output ${i} rel L2 ${rel} in onnxruntime`);
      });
    } catch (e) {
      counts.ortRefused++;
      continue;
    }
    const tolerance = c.inputs.some((t) => t.dtype === 'float16') ? 1e-2 : 1e-4;
    for (const adapter of [undefined, { kind: 'gpu' as const }]) {
      try {
        const check = await checkOnGpu(out, c.inputs, adapter ? { adapter } : {});
        counts.gpuRuns++;
        check.comparisons.forEach((cmp, i) => {
          if (cmp.problem || !(cmp.relL2 <= tolerance)) failures.push(`${p} ${name} (${adapter ? 'gpu' : 'software'} profile): output ${i} ${cmp.problem ?? `rel L2 ${cmp.relL2}`}`);
        });
        check.compiled.destroy();
      } catch (e) {
        if (isInputError(e)) counts.kilnRefused++;
        else failures.push(`${p} ${name}: WebGPU internal error: ${(e as Error).message.split('\n')[0]}`);
      }
    }
  }
}
console.log(`${counts.cases} cases; ${counts.fused} (case, pipeline) pairs with a new fused node; ${counts.gpuRuns} WebGPU runs; refused with a reason: ${counts.ortRefused} by onnxruntime, ${counts.kilnRefused} by Kiln; ${failures.length} failures`);
for (const f of failures) console.log(f);
process.exit(failures.length ? 1 : 0);
