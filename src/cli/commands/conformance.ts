// kiln conformance SUITE_DIR --backend ort|webgpu --outputs DIR [--filter REGEX] [--json FILE]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isInputError } from '../../ir/errors.ts';
import type { Model, Tensor } from '../../ir/types.ts';
import { compareOutputs } from '../../reference/compare.ts';
import { BACKENDS, inputShapesOf, runOnBackend, type BackendName } from '../backends.ts';
import { UnsupportedCase, listCases, loadCase } from '../conformance-case.ts';
import { UsageError, oneLine } from '../errors.ts';
import { requireOne } from '../options.ts';
import { writeTensorFiles } from '../tensor-files.ts';

export const conformanceHelp = `kiln conformance SUITE_DIR --backend ort|webgpu --outputs DIR [--filter REGEX] [--json FILE] [--verbose]
  Run each case folder's test_data_set_0 (ONNX backend-test layout), write DIR/<case>/output_K.pb,
  compare with the expected outputs (rtol 1e-3, atol 1e-7) and print a pass/fail summary.
  Cases that cannot run are listed as unsupported with the reason. On webgpu, inputs the backend
  reads at compile time (axes, shapes fed as inputs) are fixed to the case's values (fixedInputs).`;

export const RTOL = 1e-3;
export const ATOL = 1e-7;

/** `fixedInputs`: graph inputs the WebGPU backend took as compile-time values (axes, shapes fed as inputs). */
type Outcome = { case: string; status: 'pass' | 'fail' | 'unsupported'; reason?: string; fixedInputs?: string[] };

/** Graph inputs legality wants as compile-time constants ("input 'axes' must be a constant"). */
function compileTimeInputs(reasons: readonly string[], inputs: readonly Tensor[]): Tensor[] {
  const wanted = new Set(reasons.flatMap((r) => [...r.matchAll(/'([^']+)' must be a constant/g)].map((m) => m[1]!)));
  return inputs.filter((t) => wanted.has(t.name));
}

export async function conformance(argv: string[], out: (s: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { backend: { type: 'string' }, outputs: { type: 'string' }, filter: { type: 'string' }, json: { type: 'string' }, verbose: { type: 'boolean' } },
  });
  if (positionals.length !== 1 || !values.outputs) throw new UsageError(`usage: ${conformanceHelp.split('\n')[0]}`);
  const backend = requireOne('backend', values.backend, BACKENDS) as BackendName;
  let filter: RegExp | undefined;
  try {
    filter = values.filter ? new RegExp(values.filter) : undefined;
  } catch {
    throw new UsageError(`--filter is not a valid regular expression: ${values.filter}`);
  }
  const suite = positionals[0]!;
  const names = listCases(suite, filter);
  if (!names.length) throw new UsageError(`no case folders with a model.onnx in ${suite}${filter ? ` matching ${filter}` : ''}`);

  const outcomes: Outcome[] = [];
  for (const name of names) {
    if (values.verbose) process.stderr.write(`${name}\n`);
    outcomes.push(await runCase(suite, name, backend, values.outputs));
  }
  const count = (s: Outcome['status']) => outcomes.filter((o) => o.status === s).length;
  for (const o of outcomes.filter((o) => o.status !== 'pass')) out(`${o.status.padEnd(11)} ${o.case}: ${o.reason}`);
  out(`${backend}: ${count('pass')} passed, ${count('fail')} failed, ${count('unsupported')} unsupported, of ${outcomes.length} cases`);
  if (values.json) writeFileSync(values.json, JSON.stringify({ suite, backend, rtol: RTOL, atol: ATOL, cases: outcomes }, null, 2) + '\n');
}

/**
 * Checks support and runs on WebGPU; where legality (or lowering) says a graph input must be a
 * constant, fixes it to the case's value (`fixed`, filled in place) and tries again, a few rounds.
 */
async function runOnWebGpuFixing(model: Model, inputs: readonly Tensor[], fixed: Record<string, Tensor>): Promise<{ outputs: Tensor[] } | { unsupported: string }> {
  const { checkSupport } = await import('../../webgpu-backend/compile.ts');
  const inputShapes = inputShapesOf(model, inputs);
  for (let round = 0; ; round++) {
    const inputValues = Object.keys(fixed).length ? { ...fixed } : undefined;
    const missing = checkSupport(model, { inputShapes, ...(inputValues ? { inputValues } : {}) });
    let reasons = missing.map((m) => (m.reason.includes(m.opType) ? m.reason : `${m.opType}: ${m.reason}`));
    if (!missing.length) {
      try {
        return { outputs: (await runOnBackend('webgpu', model, inputs, 1, inputValues)).outputs };
      } catch (e) {
        // Some ops find out only while generating their kernel that a value must be constant.
        if (!isInputError(e) || !compileTimeInputs([oneLine(e)], inputs).some((t) => !fixed[t.name])) throw e;
        reasons = [oneLine(e)];
      }
    }
    const more = compileTimeInputs(reasons, inputs).filter((t) => !fixed[t.name]);
    if (!more.length || round >= 3) return { unsupported: reasons.join('; ') };
    for (const t of more) fixed[t.name] = t;
  }
}

async function runCase(suite: string, name: string, backend: BackendName, outputsDir: string): Promise<Outcome> {
  let c;
  try {
    c = loadCase(suite, name);
  } catch (e) {
    return { case: name, status: 'unsupported', reason: e instanceof UnsupportedCase ? e.message : `cannot load: ${oneLine(e)}` };
  }
  let outputs;
  // Inputs the case feeds where Kiln reads a compile-time value (axes, shapes, scales) are fixed to
  // the case's values: the kernels still run on the GPU, compiled for those values.
  const fixed: Record<string, Tensor> = {};
  const fixedNote = () => (Object.keys(fixed).length ? { fixedInputs: Object.keys(fixed) } : {});
  try {
    if (backend === 'webgpu') {
      const run = await runOnWebGpuFixing(c.model, c.inputs, fixed);
      if ('unsupported' in run) return { case: name, status: 'unsupported', reason: run.unsupported, ...fixedNote() };
      outputs = run.outputs;
    } else outputs = (await runOnBackend(backend, c.model, c.inputs)).outputs;
  } catch (e) {
    // The runtime refusing a model is "cannot run", not a wrong answer.
    return { case: name, status: isInputError(e) ? 'unsupported' : 'fail', reason: oneLine(e), ...fixedNote() };
  }
  writeTensorFiles(join(outputsDir, name), 'output', outputs);
  const results = compareOutputs(outputs, c.expected, RTOL, ATOL);
  const bad = results.findIndex((r) => r.problem || r.mismatches > 0);
  if (bad < 0) return { case: name, status: 'pass', ...fixedNote() };
  const r = results[bad]!;
  return { case: name, status: 'fail', reason: `output ${bad}: ${r.problem ?? `${r.mismatches} of ${r.count} elements off, max abs error ${r.maxAbsError.toExponential(2)}`}`, ...fixedNote() };
}
