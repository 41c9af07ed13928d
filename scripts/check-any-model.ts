// Runs `kiln inspect --json`, `kiln optimize --pipeline none` and `kiln run --backend ort` on every
// .onnx file under the given folders and reports the ones that fail in a way Kiln should not:
// an internal error (exit 1), or exit 2 on a model onnxruntime itself loads and runs.
//   npx tsx scripts/check-any-model.ts ../shared/onnx-backend-tests node_modules/@gutenye node_modules/@ricky0123
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main.ts';

function models(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) models(path, out);
    else if (name.endsWith('.onnx')) out.push(path);
  }
  return out;
}

const tmp = mkdtempSync(join(tmpdir(), 'kiln-any-'));
const files = process.argv.slice(2).flatMap((d) => models(d));
const failures: string[] = [];
let refused = 0;
for (const [i, file] of files.entries()) {
  if (process.env.VERBOSE) console.error(file);
  for (const argv of [['inspect', file, '--json'], ['optimize', file, '--pipeline', 'none', '-o', join(tmp, 'out.onnx')], ['run', file, '--backend', 'ort']]) {
    const err: string[] = [];
    const code = await main(argv, () => {}, (s) => err.push(s));
    if (code === 1) failures.push(`${argv[0]} ${file}: ${err[0]}`);
    // exit 2 from `run` is how Kiln reports what onnxruntime refuses (unsupported types, ops).
    else if (code === 2 && argv[0] !== 'run') failures.push(`${argv[0]} ${file}: ${err[0]}`);
    else if (code === 2) {
      refused++;
      if (process.env.SHOW_REFUSED) console.log(`refused ${file}: ${err[0]}`);
    }
  }
  if ((i + 1) % 200 === 0) console.log(`${i + 1} / ${files.length}`);
}
console.log(`${files.length} models: ${failures.length} failures, ${refused} runs refused by onnxruntime with a one-line message`);
for (const f of failures) console.log(f);
process.exit(failures.length ? 1 : 0);
