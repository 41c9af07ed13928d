// kiln conformance SUITE_DIR --backend ort|webgpu --outputs DIR [--filter REGEX] [--json FILE]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isInputError } from '../../ir/errors.ts';
import { compareOutputs } from '../../reference/compare.ts';
import { BACKENDS, inputShapesOf, runOnBackend, type BackendName } from '../backends.ts';
import { UnsupportedCase, listCases, loadCase } from '../conformance-case.ts';
import { UsageError, oneLine } from '../errors.ts';
import { requireOne } from '../options.ts';
import { writeTensorFiles } from '../tensor-files.ts';

export const conformanceHelp = `kiln conformance SUITE_DIR --backend ort|webgpu --outputs DIR [--filter REGEX] [--json FILE] [--verbose]
  Run each case folder's test_data_set_0 (ONNX backend-test layout), write DIR/<case>/output_K.pb,
  compare with the expected outputs (rtol 1e-3, atol 1e-7) and print a pass/fail summary.
  Cases that cannot run are listed as unsupported with the reason.`;

export const RTOL = 1e-3;
export const ATOL = 1e-7;

type Outcome = { case: string; status: 'pass' | 'fail' | 'unsupported'; reason?: string };

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

async function runCase(suite: string, name: string, backend: BackendName, outputsDir: string): Promise<Outcome> {
  let c;
  try {
    c = loadCase(suite, name);
  } catch (e) {
    return { case: name, status: 'unsupported', reason: e instanceof UnsupportedCase ? e.message : `cannot load: ${oneLine(e)}` };
  }
  let outputs;
  try {
    if (backend === 'webgpu') {
      const { checkSupport } = await import('../../webgpu-backend/compile.ts');
      const missing = checkSupport(c.model, { inputShapes: inputShapesOf(c.model, c.inputs) });
      if (missing.length) return { case: name, status: 'unsupported', reason: missing.map((m) => (m.reason.includes(m.opType) ? m.reason : `${m.opType}: ${m.reason}`)).join('; ') };
    }
    outputs = (await runOnBackend(backend, c.model, c.inputs)).outputs;
  } catch (e) {
    // The runtime refusing a model is "cannot run", not a wrong answer.
    return { case: name, status: isInputError(e) ? 'unsupported' : 'fail', reason: oneLine(e) };
  }
  writeTensorFiles(join(outputsDir, name), 'output', outputs);
  const results = compareOutputs(outputs, c.expected, RTOL, ATOL);
  const bad = results.findIndex((r) => r.problem || r.mismatches > 0);
  if (bad < 0) return { case: name, status: 'pass' };
  const r = results[bad]!;
  return { case: name, status: 'fail', reason: `output ${bad}: ${r.problem ?? `${r.mismatches} of ${r.count} elements off, max abs error ${r.maxAbsError.toExponential(2)}`}` };
}
