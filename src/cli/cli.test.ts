// The kiln command end to end, in process (main()) and once through the real bin.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../ir/builder.ts';
import { exportModel } from '../ir/onnx/export.ts';
import { importModel } from '../ir/onnx/import.ts';
import { encodeTensor } from '../ir/onnx/tensor-proto.ts';
import { compareTensors } from '../reference/compare.ts';
import { runOrt } from '../reference/ort-node.ts';
import { randomInputs } from '../reference/random-inputs.ts';
import { modelsDir, readBytes, repoRoot } from '../test-support/models.ts';
import { main } from './main.ts';
import { readTensorFiles } from './tensor-files.ts';

const mlp = `${modelsDir}mlp.onnx`;
const tmp = () => mkdtempSync(join(tmpdir(), 'kiln-cli-'));

async function kiln(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
  return { code, stdout: out.join('\n'), stderr: err };
}

function writeModel(dir: string, name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('kiln inspect', () => {
  it('--json describes the model with counts computed from the IR', async () => {
    const r = await kiln('inspect', mlp, '--json');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    const model = importModel(readBytes(mlp));
    expect(info.nodes).toBe(model.graph.nodes.length);
    expect(Object.values(info.ops as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(model.graph.nodes.length);
    expect(info.inputs).toEqual([{ name: 'x', dtype: 'float32', shape: ['batch', 784] }]);
    expect(info.outputs).toEqual([{ name: 'logits', dtype: 'float32', shape: ['batch', 10] }]);
    expect(info.params).toBe((784 * 128 + 128 + 64 * 128 + 64 + 64 * 10 + 10) * 4);
    expect(info.values.total).toBeGreaterThan(model.graph.nodes.length);
  });

  it('prints a readable summary', async () => {
    const r = await kiln('inspect', mlp);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/nodes\s+9/);
    expect(r.stdout).toContain('x  float32 [batch, 784]');
  });
});

describe('kiln optimize --pipeline none', () => {
  it('writes a model onnxruntime runs to the same bits', async () => {
    const dir = tmp();
    const outPath = join(dir, 'mlp.onnx');
    const reportPath = join(dir, 'report.json');
    const r = await kiln('optimize', mlp, '--pipeline', 'none', '-o', outPath, '--report', reportPath);
    expect(r.code).toBe(0);
    const model = importModel(readBytes(mlp));
    const inputs = randomInputs(model.graph, { seed: 3 });
    const [a] = await runOrt(readBytes(mlp), inputs);
    const [b] = await runOrt(readBytes(outPath), inputs);
    expect(Buffer.compare((a!.data as { bytes: Uint8Array }).bytes, (b!.data as { bytes: Uint8Array }).bytes)).toBe(0);
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    expect(report).toMatchObject({ pipeline: 'none', nodesBefore: 9, nodesAfter: 9, passes: [] });
  });
});

describe('kiln optimize --pipeline cleanup', () => {
  it('folds the MLP\'s constant transpose, reports it, and the result matches onnxruntime', async () => {
    const dir = tmp();
    const outPath = join(dir, 'mlp.onnx');
    const reportPath = join(dir, 'report.json');
    const r = await kiln('optimize', mlp, '--pipeline', 'fold-constants,eliminate-dead-code', '-o', outPath, '--report', reportPath);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    expect(report.passes.map((p: { pass: string }) => p.pass)).toEqual(['fold-constants', 'eliminate-dead-code']);
    expect(report.passes[0].explanations[0].message).toMatch(/^folded Transpose fc2\/Transpose/);
    expect(report.nodesAfter).toBe(importModel(readBytes(outPath)).graph.nodes.length);
    expect(report.nodesAfter).toBeLessThan(report.nodesBefore);
    const inputs = randomInputs(importModel(readBytes(mlp)).graph, { seed: 4 });
    const [a] = await runOrt(readBytes(mlp), inputs);
    const [b] = await runOrt(readBytes(outPath), inputs);
    expect(compareTensors(b!, a!).relL2).toBeLessThan(1e-6);
  });
});

describe('kiln run --backend ort', () => {
  it('writes output_K.pb files equal to a direct onnxruntime run on the given inputs', async () => {
    const dir = tmp();
    const model = importModel(readBytes(mlp));
    const inputs = randomInputs(model.graph, { seed: 11, dims: { batch: 3 } });
    writeFileSync(join(dir, 'input_0.pb'), encodeTensor(inputs[0]!));
    const r = await kiln('run', mlp, '--backend', 'ort', '--inputs', dir, '--outputs', join(dir, 'out'));
    expect(r.code).toBe(0);
    const [written] = readTensorFiles(join(dir, 'out'), 'output');
    const [direct] = await runOrt(readBytes(mlp), inputs);
    expect(written!.dims).toEqual([3, 10]);
    expect(Buffer.compare((written!.data as { bytes: Uint8Array }).bytes, (direct!.data as { bytes: Uint8Array }).bytes)).toBe(0);
  });

  it('uses seeded random inputs: the same seed gives the same outputs', async () => {
    const [d1, d2] = [tmp(), tmp()];
    await kiln('run', mlp, '--backend', 'ort', '--seed', '5', '--dim', 'batch=2', '--outputs', d1);
    await kiln('run', mlp, '--backend', 'ort', '--seed', '5', '--dim', 'batch=2', '--outputs', d2);
    expect(readFileSync(join(d1, 'output_0.pb'))).toEqual(readFileSync(join(d2, 'output_0.pb')));
    expect(readTensorFiles(d1, 'output')[0]!.dims).toEqual([2, 10]);
  });

  it('rejects inputs that do not fit the model', async () => {
    const dir = tmp();
    const model = importModel(readBytes(mlp));
    const wrong = randomInputs({ ...model.graph, inputs: [{ name: 'x', type: { kind: 'tensor', dtype: 'float32', shape: [1, 783] } }] });
    writeFileSync(join(dir, 'input_0.pb'), encodeTensor(wrong[0]!));
    const r = await kiln('run', mlp, '--backend', 'ort', '--inputs', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(["kiln run: input_0.pb has shape [1,783]; input 'x' needs dim 1 = 784"]);
  });
});

describe('kiln conformance', () => {
  it('runs the sample cases on onnxruntime and writes their outputs', async () => {
    const dir = tmp();
    const suite = `${repoRoot}test-data/conformance-sample`;
    const r = await kiln('conformance', suite, '--backend', 'ort', '--outputs', dir, '--json', join(dir, 'r.json'));
    expect(r.code).toBe(0);
    const results = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).cases as { case: string; status: string; reason?: string }[];
    const sequence = results.find((c) => c.case === 'test_sequence_insert_at_back')!;
    expect(sequence.status).toBe('unsupported');
    expect(sequence.reason).toMatch(/sequence/);
    expect(results.filter((c) => c.status !== 'pass').map((c) => c.case)).toEqual(['test_sequence_insert_at_back']);
    expect(r.stdout).toContain(`ort: ${results.length - 1} passed, 0 failed, 1 unsupported, of ${results.length} cases`);
    expect(readTensorFiles(join(dir, 'test_add'), 'output')[0]!.dims).toEqual([3, 4, 5]);
  });
});

describe('kiln conformance --backend webgpu', () => {
  it('runs the sample on Kiln kernels: nothing fails, unsupported cases say why', async () => {
    const dir = tmp();
    const suite = `${repoRoot}test-data/conformance-sample`;
    const r = await kiln('conformance', suite, '--backend', 'webgpu', '--outputs', dir, '--json', join(dir, 'r.json'));
    expect(r.code).toBe(0);
    const results = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).cases as { case: string; status: string; reason?: string }[];
    expect(results.filter((c) => c.status === 'fail')).toEqual([]);
    for (const c of ['test_add', 'test_add_bcast', 'test_relu', 'test_matmul_2d', 'test_matmul_4d', 'test_gemm_all_attributes', 'test_transpose_default']) {
      expect(results.find((x) => x.case === c)?.status, c).toBe('pass');
    }
    expect(results.find((x) => x.case === 'test_sequence_insert_at_back')).toMatchObject({ status: 'unsupported', reason: expect.stringContaining('sequence') });
  });
});

describe('kiln run --backend webgpu', () => {
  it('runs the MLP on Dawn and checks it against onnxruntime', async () => {
    const dir = tmp();
    const r = await kiln('run', mlp, '--backend', 'webgpu', '--dim', 'batch=2', '--outputs', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/check\s+matches onnxruntime: max rel L2 \S+ \(bound 1e-3\)/);
    const model = importModel(readBytes(mlp));
    const [direct] = await runOrt(readBytes(mlp), randomInputs(model.graph, { seed: 0, dims: { batch: 2 } }));
    const [written] = readTensorFiles(dir, 'output');
    expect(written!.dims).toEqual([2, 10]);
    expect(compareTensors(written!, direct!).relL2).toBeLessThan(1e-5);
  });

  it('names the unsupported ops before running anything (exit 2)', async () => {
    // Det (a determinant) is an ONNX op Kiln's WebGPU backend has no kernel for.
    const b = new GraphBuilder('det');
    b.input('x', 'float32', [2, 3, 3]);
    b.node('Det', ['x'], { name: 'det', outputs: ['d'] });
    b.output('d');
    const path = join(tmp(), 'det.onnx');
    writeFileSync(path, exportModel(makeModel(b.build())));
    const r = await kiln('run', path, '--backend', 'webgpu');
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(["kiln run: Kiln's WebGPU backend cannot run 1 node: Det (det)"]);
  });
});

describe('bad input: exit 2 and one line on stderr', () => {
  const dir = tmp();
  const bytes = readBytes(mlp);
  const cycle = (() => {
    const b = new GraphBuilder('cyclic');
    b.input('x', 'float32', [2]);
    b.node('Add', ['x', 'q'], { name: 'a', outputs: ['p'] });
    b.node('Relu', ['p'], { name: 'b', outputs: ['q'] });
    b.output('q');
    return exportModel(makeModel(b.build()));
  })();
  const cases: [string, string[], RegExp][] = [
    ['empty file', ['inspect', writeModel(dir, 'empty.onnx', new Uint8Array())], /the file is empty$/],
    ['random bytes', ['inspect', writeModel(dir, 'random.onnx', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251))], /not a valid ONNX model/],
    ['truncated model', ['inspect', writeModel(dir, 'trunc.onnx', bytes.subarray(0, bytes.length >> 1))], /not a valid ONNX model: the file is truncated or corrupt/],
    ['text file', ['inspect', writeModel(dir, 'text.onnx', new TextEncoder().encode('graph { }\n'))], /not a valid ONNX model/],
    ['graph with a cycle', ['inspect', writeModel(dir, 'cycle.onnx', cycle)], /invalid model: cycle: (a -> b -> a|b -> a -> b)$/],
    ['missing file', ['inspect', join(dir, 'nope.onnx')], /model not found/],
    ['unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['unknown option', ['inspect', mlp, '--frob'], /Unknown option '--frob'/],
    ['missing backend', ['run', mlp], /missing --backend \(ort\|webgpu\)/],
    ['bad backend', ['run', mlp, '--backend', 'cuda'], /--backend must be one of ort, webgpu/],
    ['unknown pipeline', ['optimize', mlp, '--pipeline', 'turbo', '-o', join(dir, 'x.onnx')], /unknown pass or pipeline 'turbo'/],
  ];
  it.each(cases)('%s', async (_title, argv, message) => {
    const r = await kiln(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(message);
  });

  it('an unknown op still loads: inspect succeeds and warns', async () => {
    const b = new GraphBuilder('custom');
    b.input('x', 'float32', [2]);
    b.node('Frobnicate', ['x'], { name: 'f', outputs: ['y'] });
    b.output('y');
    const r = await kiln('inspect', writeModel(dir, 'custom.onnx', exportModel(makeModel(b.build()))));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/warning: node 'f' \(Frobnicate\): unknown operator/);
  });
});

describe('the kiln bin', () => {
  it('runs through npx-style node bin/kiln.mjs with exit codes and no stack trace', () => {
    const ok = spawnSync(process.execPath, [`${repoRoot}bin/kiln.mjs`, 'inspect', mlp, '--json'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).nodes).toBe(9);
    const bad = spawnSync(process.execPath, [`${repoRoot}bin/kiln.mjs`, 'inspect', '/definitely/not/here.onnx'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual(['kiln inspect: model not found: /definitely/not/here.onnx']);
    const debug = spawnSync(process.execPath, [`${repoRoot}bin/kiln.mjs`, 'inspect', '/definitely/not/here.onnx', '--debug'], { encoding: 'utf8' });
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});
