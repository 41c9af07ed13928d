// Copies the ONNX backend node test models into test-data/onnx-node/ and records what each case's
// outputs must look like (dtype and dims, read from test_data_set_0), so the shape-inference
// conformance test runs without ../shared. Run: npx tsx scripts/copy-node-test-data.ts [source-dir]
//
// Besides the expected outputs it records the values of small numeric inputs (shapes, axes,
// scales, counts): many cases pass those as graph inputs, and inference can only give exact
// output dims when it knows them (InferOptions.inputValues).
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeTensor } from '../src/ir/onnx/tensor-proto.ts';
import { importModel } from '../src/ir/onnx/import.ts';
import { runtimeInputs } from '../src/ir/graph.ts';
import { tensorToNumbers } from '../src/ir/tensor.ts';
import { isFloatDType } from '../src/ir/dtype.ts';
import type { Model, Tensor } from '../src/ir/types.ts';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const source = process.argv[2] ?? `${repoRoot}../shared/onnx-backend-tests/node/`;
const target = `${repoRoot}test-data/onnx-node/`;
const ONNX_COMMIT = '6be0677fc22e74563e6eb472f931513aefe5648d';
/** Integer and bool inputs up to this many elements have their values recorded (shapes, axes). */
const MAX_RECORDED_INTEGERS = 64;
/** Float inputs are recorded only when tiny (Resize scales and roi, Range bounds). */
const MAX_RECORDED_FLOATS = 8;

export interface ExpectedOutput {
  readonly name: string;
  readonly dtype: string;
  readonly dims: readonly number[];
}
export interface RecordedInput {
  readonly dtype: string;
  readonly dims: readonly number[];
  readonly values: readonly number[];
}
export interface NodeCase {
  readonly outputs: readonly ExpectedOutput[];
  readonly inputValues?: Readonly<Record<string, RecordedInput>>;
}
export interface NodeExpectations {
  readonly source: string;
  readonly cases: Readonly<Record<string, NodeCase>>;
  /** Cases left out, with the reason (outputs that are not tensors, types the IR cannot hold). */
  readonly skipped: Readonly<Record<string, string>>;
}

function readPb(path: string): Tensor {
  const b = readFileSync(path);
  return decodeTensor(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
}

function describeCase(dir: string, model: Model): NodeCase | string {
  const nonTensor = model.graph.outputs.find((o) => o.type?.kind !== 'tensor');
  if (nonTensor) return `output '${nonTensor.name}' is a ${nonTensor.type?.kind ?? 'untyped'} value, not a tensor`;
  const data = `${dir}/test_data_set_0`;
  const outputs: ExpectedOutput[] = [];
  for (const [k, o] of model.graph.outputs.entries()) {
    const t = readPb(`${data}/output_${k}.pb`);
    outputs.push({ name: o.name, dtype: t.dtype, dims: [...t.dims] });
  }
  const inputValues: Record<string, RecordedInput> = {};
  for (const [k, v] of runtimeInputs(model.graph).entries()) {
    if (v.type?.kind !== 'tensor' || v.type.dtype === 'string') continue;
    const path = `${data}/input_${k}.pb`;
    if (!existsSync(path)) continue;
    const t = readPb(path);
    const count = t.dims.reduce((a, b) => a * b, 1);
    const limit = isFloatDType(t.dtype) ? MAX_RECORDED_FLOATS : MAX_RECORDED_INTEGERS;
    if (count > limit || t.data.kind !== 'raw' || t.dtype.startsWith('complex')) continue;
    inputValues[v.name] = { dtype: t.dtype, dims: [...t.dims], values: [...tensorToNumbers(t)] };
  }
  return Object.keys(inputValues).length ? { outputs, inputValues } : { outputs };
}

function main(): void {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const cases: Record<string, NodeCase> = {};
  const skipped: Record<string, string> = {};
  for (const name of readdirSync(source).sort()) {
    const dir = source + name;
    if (!existsSync(`${dir}/model.onnx`)) continue;
    let model: Model;
    try {
      model = importModel(new Uint8Array(readFileSync(`${dir}/model.onnx`)));
    } catch (e) {
      skipped[name] = `model does not load: ${(e as Error).message.split('\n')[0]}`;
      continue;
    }
    // Every loadable model is kept (the schema tests validate them all); only cases with tensor
    // outputs get expectations.
    copyFileSync(`${dir}/model.onnx`, `${target}${name}.onnx`);
    const described = describeCase(dir, model);
    if (typeof described === 'string') skipped[name] = described;
    else cases[name] = described;
  }
  const expectations: NodeExpectations = { source: `onnx/onnx@${ONNX_COMMIT} onnx/backend/test/data/node`, cases, skipped };
  writeFileSync(`${target}expected.json`, JSON.stringify(expectations, null, 1) + '\n');
  writeFileSync(`${target}README.md`, README);
  console.log(`copied models to ${target}: ${Object.keys(cases).length} cases with expectations, ${Object.keys(skipped).length} without`);
}

const README = `# ONNX node conformance models (test data)

Copied from the ONNX project's backend test data (\`onnx/backend/test/data/node\`, commit
${ONNX_COMMIT}), Apache License 2.0, https://github.com/onnx/onnx.

Only each case's \`model.onnx\` is kept (as \`<case>.onnx\`; models the importer cannot read are left
out). \`expected.json\` records, for each case whose outputs are tensors, the dtype and dims of every
output in \`test_data_set_0\` and the values of small numeric inputs; it is written by
\`scripts/copy-node-test-data.ts\`, which also lists the cases without expectations and why.
`;

main();
