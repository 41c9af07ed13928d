// kiln pipelines, kiln optimize with framework presets and calibration, kiln compare.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../ir/builder.ts';
import { exportModel } from '../ir/onnx/export.ts';
import { importModel } from '../ir/onnx/import.ts';
import { encodeTensor } from '../ir/onnx/tensor-proto.ts';
import { modelMetrics } from '../passes/metrics/index.ts';
import { PIPELINES, pipelineTolerance } from '../passes/pipelines.ts';
import { compareTensors } from '../reference/compare.ts';
import { runOrt } from '../reference/ort-node.ts';
import { randomInputs } from '../reference/random-inputs.ts';
import { modelsDir, readBytes } from '../test-support/models.ts';
import { main } from './main.ts';

const mlp = `${modelsDir}mlp.onnx`;
const transformer = `${modelsDir}transformer.onnx`;
const tmp = () => mkdtempSync(join(tmpdir(), 'kiln-cli-'));

async function kiln(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
  return { code, stdout: out.join('\n'), stderr: err };
}

describe('kiln pipelines', () => {
  it('lists every named pipeline with its passes, prepare steps and bound', async () => {
    const r = await kiln('pipelines', '--json');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { name: string; passes: string[]; prepare?: string[]; tolerance: number }[];
    expect(list.map((p) => p.name)).toEqual(Object.keys(PIPELINES));
    for (const p of list) {
      expect(p.passes).toEqual(PIPELINES[p.name]!.passes.map((x) => x.id));
      expect(p.tolerance).toBe(pipelineTolerance(PIPELINES[p.name]!));
    }
    expect(list.find((p) => p.name === 'int8')!.prepare).toEqual(['calibrate (minmax)', 'quantize-static', 'fuse-qdq']);
    const text = await kiln('pipelines');
    expect(text.stdout).toMatch(/^tensorrt-int8 .*\n\s+passes: fold-constants, .*\[prepare: calibrate \(entropy\), quantize-static, fuse-qdq, fuse-elementwise, eliminate-concat, eliminate-dead-code\]\n\s+verified within rel L2 0\.12$/m);
  });
});

describe('kiln optimize with a framework preset', () => {
  it('reports every pass with its node counts, explanations and near misses; the result matches onnxruntime', async () => {
    const dir = tmp();
    const [outPath, reportPath] = [join(dir, 't.onnx'), join(dir, 'r.json')];
    const r = await kiln('optimize', transformer, '--pipeline', 'ort-extended', '-o', outPath, '--report', reportPath);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    expect(report.passes.map((p: { pass: string }) => p.pass)).toEqual(PIPELINES['ort-extended']!.passes.map((p) => p.id));
    expect(report.tolerance).toBe(1e-4);
    const attention = report.passes.find((p: { pass: string }) => p.pass === 'fuse-attention');
    expect(attention.explanations[0].rule).toMatch(/^fuse-attention\//);
    const matmulAdd = report.passes.find((p: { pass: string }) => p.pass === 'fuse-matmul-add');
    expect(matmulAdd.nearMisses.length).toBeGreaterThan(0);
    for (let i = 1; i < report.passes.length; i++) expect(report.passes[i].nodesBefore).toBe(report.passes[i - 1].nodesAfter);
    expect(report.nodesAfter).toBe(importModel(readBytes(outPath)).graph.nodes.length);
    const inputs = randomInputs(importModel(readBytes(transformer)).graph, { seed: 2 });
    const [a] = await runOrt(readBytes(transformer), inputs, { graphOptimizationLevel: 'disabled' });
    const [b] = await runOrt(readBytes(outPath), inputs, { graphOptimizationLevel: 'disabled' });
    expect(compareTensors(b!, a!).relL2).toBeLessThan(1e-4);
  });

  it('int8 calibrates on --calibration DIR (test_data_set_K/input_N.pb) and says so in the report', async () => {
    const dir = tmp();
    const model = importModel(readBytes(mlp));
    for (const k of [0, 1, 2]) {
      mkdirSync(join(dir, 'cal', `test_data_set_${k}`), { recursive: true });
      writeFileSync(join(dir, 'cal', `test_data_set_${k}`, 'input_0.pb'), encodeTensor(randomInputs(model.graph, { seed: 50 + k, dims: { batch: 4 } })[0]!));
    }
    const [outPath, reportPath] = [join(dir, 'q.onnx'), join(dir, 'r.json')];
    const r = await kiln('optimize', mlp, '--pipeline', 'int8', '--calibration', join(dir, 'cal'), '-o', outPath, '--report', reportPath);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('calibrated on 3 samples');
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    expect(report.calibration).toMatchObject({ samples: 3, source: join(dir, 'cal') });
    expect(report.passes.map((p: { pass: string }) => p.pass).slice(-2)).toEqual(['quantize-static', 'fuse-qdq']);
    const inputs = randomInputs(model.graph, { seed: 9, dims: { batch: 4 } });
    const [a] = await runOrt(readBytes(mlp), inputs);
    const [b] = await runOrt(readBytes(outPath), inputs);
    expect(compareTensors(b!, a!).relL2).toBeLessThan(pipelineTolerance(PIPELINES.int8!));
  });
});

describe('kiln compare', () => {
  it('puts pipelines side by side with the shared metrics and the error against the original', async () => {
    const r = await kiln('compare', mlp, '--pipelines', 'cleanup,ort-extended,fold-constants+fuse-matmul-add', '--json', '--dim', 'batch=2');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.inputs).toEqual({ x: [2, 784] });
    expect(result.notes).toEqual([]);
    const rows = result.pipelines as { pipeline: string; nodes: number; fusedKernels: number; weightBytes: number; memoryTrafficBytes: number; peakActivationBytes: number; relL2: number; ok: boolean }[];
    expect(rows.map((x) => x.pipeline)).toEqual(['(original)', 'cleanup', 'ort-extended', 'fold-constants,fuse-matmul-add']);
    const original = importModel(readBytes(mlp));
    expect(rows[0]).toMatchObject({ ...modelMetrics(original, { inputShapes: { x: [2, 784] } }), relL2: 0 });
    expect(rows[2]).toMatchObject({ nodes: 3, fusedKernels: 2 });
    expect(rows[2]!.memoryTrafficBytes).toBeLessThan(rows[0]!.memoryTrafficBytes);
    for (const row of rows.slice(1)) {
      expect(row.ok).toBe(true);
      expect(row.relL2).toBeLessThan(1e-4);
    }
  });

  it('prints a table', async () => {
    const r = await kiln('compare', mlp, '--pipelines', 'none,tensorrt');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toMatch(/^pipeline\s+nodes\s+fused\s+weights\s+traffic\s+peak act\.\s+rel L2\s+max abs\s+bound\s+ms$/);
    expect(lines[2]).toMatch(/^\(original\)\s+9\s+0\s/);
    expect(lines[4]).toMatch(/^tensorrt\s+3\s+2\s.*\s\d\.\de-\d+\s+\d\.\de-\d+\s+0\.0001\s+\d+$/);
  });
});

describe('bad input to optimize and compare: exit 2, one line, nothing written', () => {
  const dir = tmp();
  const unshaped = join(dir, 'unshaped.onnx');
  const b = new GraphBuilder('g');
  b.input('x', 'float32');
  b.output(b.node('Relu', ['x'], { name: 'r' }));
  writeFileSync(unshaped, exportModel(makeModel(b.build())));
  // An op onnxruntime does not know: the int8 presets cannot calibrate (run) this model.
  const unknownOp = join(dir, 'frob.onnx');
  const f = new GraphBuilder('g');
  f.input('x', 'float32', [2, 4]);
  f.output(f.node('Frobnicate', ['x'], { name: 'frob' }), 'float32', [2, 4]);
  writeFileSync(unknownOp, exportModel(makeModel(f.build())));
  const cases: [string, string[], RegExp][] = [
    ['unknown pipeline in compare', ['compare', mlp, '--pipelines', 'cleanup,turbo'], /^kiln compare: unknown pass or pipeline 'turbo'/],
    ['unknown pass in a custom compare pipeline', ['compare', mlp, '--pipelines', 'fold-constants+fuse-everything'], /unknown pass or pipeline 'fuse-everything'/],
    ['compare without --pipelines', ['compare', mlp], /^kiln compare: usage: kiln compare MODEL --pipelines/],
    ['calibration without input shapes', ['optimize', unshaped, '--pipeline', 'int8', '-o', join(dir, 'a.onnx')], /^kiln optimize: input 'x' has no shape: calibration needs input shapes; pass --shape NAME=D1,D2,\.\.\. or --calibration DIR$/],
    ['an empty calibration folder', ['optimize', mlp, '--pipeline', 'tensorrt-int8', '--calibration', dir, '-o', join(dir, 'b.onnx')], /holds no test_data_set_K folders/],
    ['a calibrating preset on a model onnxruntime cannot run', ['optimize', unknownOp, '--pipeline', 'int8', '-o', join(dir, 'd.onnx')], /^kiln optimize: onnxruntime cannot load the model: /],
    ['compare when a pipeline cannot run the model', ['compare', unknownOp, '--pipelines', 'cleanup'], /^kiln compare: onnxruntime cannot load the model: /],
    ['a missing calibration folder', ['optimize', mlp, '--pipeline', 'int8', '--calibration', join(dir, 'nope'), '-o', join(dir, 'c.onnx')], /calibration folder not found/],
  ];
  it.each(cases)('%s', async (_title, argv, message) => {
    const r = await kiln(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(message);
    const o = argv.indexOf('-o');
    if (o >= 0) expect(existsSync(argv[o + 1]!)).toBe(false);
  });
});
