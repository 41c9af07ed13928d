// Writes docs/conformance.md from the JSON of two `kiln conformance` runs over the ONNX node suite:
//
//   npx kiln conformance ../shared/onnx-backend-tests/node --backend webgpu --outputs /tmp/conf --json /tmp/conf.json
//   npx kiln conformance ../shared/onnx-backend-tests/node --backend ort --outputs /tmp/conf-ort --json /tmp/conf-ort.json
//   npx tsx scripts/conformance-table.ts /tmp/conf.json /tmp/conf-ort.json [docs/conformance.md]
//
// The page has the totals, the most common reasons for failed and unsupported cases (the ops to
// write next), a table per op with onnxruntime-web's WebGPU coverage beside Kiln's (ort-webgpu-ops.ts
// says where those lists come from), and every case with its status on both backends.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importModel } from '../src/ir/onnx/import.ts';
import { allOps } from '../src/ir/ops/registry.ts';
import { OPS } from '../src/webgpu-backend/ops.ts';
import { ORT_WEB_JSEP_OPS, ORT_WEB_NATIVE_OPS, ORT_WEB_SOURCES } from './ort-webgpu-ops.ts';

type Status = 'pass' | 'fail' | 'unsupported';
interface Outcome {
  readonly case: string;
  readonly status: Status;
  readonly reason?: string;
  /** Inputs the WebGPU backend took as compile-time values (axes, shapes fed as inputs). */
  readonly fixedInputs?: readonly string[];
}
interface Run {
  readonly suite: string;
  readonly backend: string;
  readonly rtol: number;
  readonly atol: number;
  readonly cases: readonly Outcome[];
}

const [webgpuPath, ortPath, outArg] = process.argv.slice(2);
if (!webgpuPath || !ortPath) {
  console.error('usage: npx tsx scripts/conformance-table.ts WEBGPU_JSON ORT_JSON [OUT_MD]');
  process.exit(2);
}
const outPath = outArg ?? fileURLToPath(new URL('../docs/conformance.md', import.meta.url));
const read = (path: string): Run => JSON.parse(readFileSync(path, 'utf8')) as Run;
const webgpu = read(webgpuPath);
const ort = read(ortPath);
const ortByCase = new Map(ort.cases.map((c) => [c.case, c]));

// --- which op a case tests -------------------------------------------------------------------
const snake = (op: string) => op.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2').toLowerCase();
const ONNX_OPS = [...new Set(allOps().filter((s) => s.domain === '' || s.domain === 'ai.onnx').map((s) => s.opType))];
const NAME_FORMS = ONNX_OPS.flatMap((op) => [...new Set([snake(op), op.toLowerCase()])].map((form) => ({ op, form })));

/** The op a case is named after (longest name match), else the first op of its model. */
function opOfCase(name: string): string {
  const stem = name.replace(/^test_/, '').replace(/_expanded(_ver\d+)?$/, '');
  const matches = NAME_FORMS.filter(({ form }) => stem === form || stem.startsWith(`${form}_`));
  const best = matches.sort((a, b) => b.form.length - a.form.length)[0];
  if (best) return best.op;
  const file = join(webgpu.suite, name, 'model.onnx');
  if (!existsSync(file)) return '?';
  try {
    const model = importModel(new Uint8Array(readFileSync(file)));
    return model.graph.nodes.find((n) => n.opType !== 'Constant')?.opType ?? '?';
  } catch {
    return '?';
  }
}

const rows = webgpu.cases.map((c) => ({ ...c, op: opOfCase(c.case), ort: ortByCase.get(c.case) }));
const count = (list: readonly { status: Status }[], s: Status) => list.filter((c) => c.status === s).length;

// --- reasons ---------------------------------------------------------------------------------
/** A reason with names, numbers and shapes blurred, so equal causes group together. */
function reasonKey(reason: string): string {
  return reason
    .replace(/'[^']*'/g, "'…'")
    .replace(/\[[^\]]*\]/g, '[…]')
    .replace(/\((?:[^()]*\/[^()]*|[A-Za-z_]*\d[^()]*)\)/g, '(…)')
    .replace(/\d+(\.\d+)?(e[-+]?\d+)?/g, 'N')
    .slice(0, 160);
}

function splitReasons(reason: string | undefined): string[] {
  return (reason ?? 'no reason given').split('; ').map((r) => r.trim()).filter(Boolean);
}

function topReasons(status: Status, limit: number): [string, number][] {
  const tally = new Map<string, Set<string>>();
  for (const r of rows.filter((x) => x.status === status)) {
    for (const part of splitReasons(r.reason)) {
      const key = reasonKey(part);
      tally.set(key, (tally.get(key) ?? new Set()).add(r.case));
    }
  }
  return [...tally].map(([k, v]): [string, number] => [k, v.size]).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit);
}

/** Ops named "X is not supported" in unsupported cases, with the cases each blocks. */
function missingOps(): [string, number][] {
  const tally = new Map<string, Set<string>>();
  for (const r of rows.filter((x) => x.status === 'unsupported')) {
    for (const part of splitReasons(r.reason)) {
      const m = /^(?:[\w.]+: )?([\w.]+) is not supported/.exec(part);
      if (m) tally.set(m[1]!, (tally.get(m[1]!) ?? new Set()).add(r.case));
    }
  }
  return [...tally].map(([k, v]): [string, number] => [k, v.size]).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

// --- markdown --------------------------------------------------------------------------------
const cell = (s: string | undefined, max = 200) => (s ?? '').replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, max);
const table = (head: readonly string[], body: readonly (readonly (string | number)[])[]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const mark = (yes: boolean) => (yes ? 'yes' : '—');

const ops = [...new Set(rows.map((r) => r.op))].sort();
const jsep = new Set(ORT_WEB_JSEP_OPS);
const native = new Set(ORT_WEB_NATIVE_OPS);
/** How Kiln lowers the op: a kernel, a view, inlined branches (If), unrolled bodies (Loop, Scan), folding (Constant). */
function kilnLowers(op: string): string {
  if (op === 'If') return 'inlined';
  if (op === 'Loop' || op === 'Scan') return 'unrolled';
  if (op === 'Constant') return 'folded';
  const def = Object.hasOwn(OPS, op) ? OPS[op] : undefined;
  return !def ? '—' : def.kind === 'view' ? 'view' : 'kernel';
}
const kilnHas = (op: string) => kilnLowers(op) !== '—';

const perOp = ops.map((op) => {
  const list = rows.filter((r) => r.op === op);
  const ortPass = list.filter((r) => r.ort?.status === 'pass').length;
  return [op, list.length, count(list, 'pass'), count(list, 'fail'), count(list, 'unsupported'), ortPass, kilnLowers(op), mark(jsep.has(op)), mark(native.has(op))];
});

const compared = [...new Set([...ORT_WEB_JSEP_OPS, ...ORT_WEB_NATIVE_OPS])].sort();
const kilnOnly = ops.filter((op) => kilnHas(op) && !jsep.has(op) && !native.has(op) && rows.some((r) => r.op === op && r.status === 'pass'));
const ortOnly = compared.filter((op) => !kilnHas(op));

const total = rows.length;
const lines = [
  '# ONNX operator conformance',
  '',
  `Generated by \`scripts/conformance-table.ts\` from \`kiln conformance\` runs over the ONNX backend node suite (${total} cases, \`test_data_set_0\` each, rtol ${webgpu.rtol}, atol ${webgpu.atol}). Do not edit by hand: rerun the commands at the top of the script.`,
  '',
  '## Totals',
  '',
  table(['backend', 'pass', 'fail', 'unsupported'], [
    ['Kiln WebGPU (Dawn on SwiftShader)', count(rows, 'pass'), count(rows, 'fail'), count(rows, 'unsupported')],
    ['onnxruntime-node (CPU)', count(ort.cases, 'pass'), count(ort.cases, 'fail'), count(ort.cases, 'unsupported')],
  ]),
  '',
  `Cases passing on both: ${rows.filter((r) => r.status === 'pass' && r.ort?.status === 'pass').length}; on Kiln only: ${rows.filter((r) => r.status === 'pass' && r.ort?.status !== 'pass').length}; on onnxruntime only: ${rows.filter((r) => r.status !== 'pass' && r.ort?.status === 'pass').length}.`,
  '',
  `${rows.filter((r) => r.status === 'pass' && r.fixedInputs?.length).length} of the WebGPU passes feed an input Kiln reads at compile time (axes, shapes, pads): the case's value is fixed when compiling (\`CompileOptions.inputValues\`, column "fixed" below) and the kernels run on the GPU as for any other case.`,
  '',
  '## What keeps cases from passing on WebGPU',
  '',
  'Missing ops, by the number of cases each blocks (a case can name several):',
  '',
  table(['op', 'cases blocked'], missingOps().map(([op, n]) => [op, n])),
  '',
  'Most common reasons for unsupported cases (names, numbers and shapes blurred):',
  '',
  table(['reason', 'cases'], topReasons('unsupported', 30).map(([r, n]) => [cell(r), n])),
  '',
  'Reasons for failing cases:',
  '',
  table(['reason', 'cases'], topReasons('fail', 30).map(([r, n]) => [cell(r), n])),
  '',
  '## Per op, with onnxruntime-web\'s WebGPU coverage',
  '',
  `"JSEP" is onnxruntime-web's TypeScript WebGPU provider ([operator table](${ORT_WEB_SOURCES.jsep})), "native" its C++ WebGPU provider ([registrations](${ORT_WEB_SOURCES.native}), a snapshot: see \`scripts/ort-webgpu-ops.ts\`). They say which ops each registers, not which cases pass. A case's op is the op it is named after.`,
  '',
  table(['op', 'cases', 'WebGPU pass', 'fail', 'unsupported', 'ort pass', 'Kiln lowers', 'ort-web JSEP', 'ort-web native'], perOp),
  '',
  `Ops onnxruntime-web registers for WebGPU that Kiln does not lower (${ortOnly.length}): ${ortOnly.join(', ') || 'none'}.`,
  '',
  `Ops with passing cases on Kiln that neither onnxruntime-web WebGPU list registers (${kilnOnly.length}): ${kilnOnly.join(', ') || 'none'}.`,
  '',
  '## Every case',
  '',
  table(['case', 'op', 'WebGPU', 'fixed', 'WebGPU reason', 'ort', 'ort reason'], rows.map((r) => [r.case, r.op, r.status, (r.fixedInputs ?? []).join(', '), cell(r.reason), r.ort?.status ?? '?', cell(r.ort?.reason, 120)])),
  '',
];
writeFileSync(outPath, lines.join('\n'));
console.log(`wrote ${outPath}: webgpu ${count(rows, 'pass')} pass, ${count(rows, 'fail')} fail, ${count(rows, 'unsupported')} unsupported of ${total}`);
