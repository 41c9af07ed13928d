// Test support for the ONNX node conformance check of shape inference: loads the cases copied by
// scripts/copy-node-test-data.ts and compares inferred output types with the recorded outputs.
import { readFileSync } from 'node:fs';
import type { DType } from '../../dtype.ts';
import { subgraphsOf } from '../../graph.ts';
import { tensorFromNumbers } from '../../tensor.ts';
import type { Graph, Model, Tensor } from '../../types.ts';
import { loadModel, repoRoot } from '../../../test-support/models.ts';
import { inferShapes } from '../infer-shapes.ts';
import { formatShape } from '../dims.ts';

export const nodeDir = `${repoRoot}test-data/onnx-node/`;

interface RecordedInput {
  readonly dtype: string;
  readonly dims: readonly number[];
  readonly values: readonly number[];
}
export interface NodeCase {
  readonly outputs: readonly { readonly name: string; readonly dtype: string; readonly dims: readonly number[] }[];
  readonly inputValues?: Readonly<Record<string, RecordedInput>>;
}
interface NodeExpectations {
  readonly cases: Readonly<Record<string, NodeCase>>;
  readonly skipped: Readonly<Record<string, string>>;
}

export function loadExpectations(): NodeExpectations {
  return JSON.parse(readFileSync(`${nodeDir}expected.json`, 'utf8')) as NodeExpectations;
}

/**
 * Out of scope for Kiln's inference, with the reason; a case using one of these is excluded.
 * (Cases whose outputs are sequences or optionals are not copied at all: see the copy script.)
 */
export const OUT_OF_SCOPE_OPS: Readonly<Record<string, string>> = {
  'ai.onnx.preview.training.Adagrad': 'training op',
  'ai.onnx.preview.training.Adam': 'training op',
  'ai.onnx.preview.training.Momentum': 'training op',
  StringConcat: 'string op',
  StringNormalizer: 'string op',
  StringSplit: 'string op',
  RegexFullMatch: 'string op',
  SequenceMap: 'sequence op (a subgraph applied to every element)',
};

/**
 * Ops whose output dims depend on the input data itself (not on shapes or small integer inputs),
 * so no static inference can know them: the check accepts a symbolic dim there.
 */
export const DATA_DEPENDENT_OPS: Readonly<Record<string, string>> = {
  NonMaxSuppression: 'the number of selected boxes depends on box coordinates and scores',
  ImageDecoder: 'the image size is read from the encoded bytes',
  Unique: 'the number of distinct values depends on the data (known only when the input is)',
};

function opsOf(g: Graph, into: Set<string>): Set<string> {
  for (const n of g.nodes) {
    into.add(n.domain && n.domain !== 'ai.onnx' ? `${n.domain}.${n.opType}` : n.opType);
    for (const s of subgraphsOf(n)) opsOf(s, into);
  }
  return into;
}

export function exclusionReason(model: Model): string | undefined {
  for (const op of opsOf(model.graph, new Set())) if (OUT_OF_SCOPE_OPS[op]) return `${op}: ${OUT_OF_SCOPE_OPS[op]}`;
  const str = model.graph.inputs.find((v) => v.type?.kind === 'tensor' && v.type.dtype === 'string');
  if (str) return `input '${str.name}' is a string tensor (string ops are out of scope)`;
  return undefined;
}

/** The model as a file would give it, minus the declared types inference must find itself. */
function withoutDeclaredResults(model: Model): Model {
  const graph: Graph = { ...model.graph, outputs: model.graph.outputs.map((o) => ({ name: o.name })), valueInfo: [] };
  return { ...model, graph };
}

function recordedTensors(c: NodeCase): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [name, v] of Object.entries(c.inputValues ?? {})) out[name] = tensorFromNumbers(name, v.dtype as DType, v.dims, v.values);
  return out;
}

/** Problems found for one case (empty when every output's dtype and dims are right). */
export function checkNodeCase(name: string, c: NodeCase): string[] {
  const model = loadModel(`${nodeDir}${name}.onnx`);
  const dataDependent = [...opsOf(model.graph, new Set())].some((op) => DATA_DEPENDENT_OPS[op]);
  const { types, diagnostics } = inferShapes(withoutDeclaredResults(model), { inputValues: recordedTensors(c) });
  const problems = diagnostics.filter((d) => d.severity === 'error').map((d) => `diagnostic: ${d.message}`);
  for (const want of c.outputs) {
    const got = types.get(want.name);
    const wantText = `${want.dtype}${formatShape(want.dims)}`;
    if (!got || got.kind !== 'tensor') {
      problems.push(`${want.name}: no tensor type inferred (want ${wantText})`);
      continue;
    }
    const gotText = `${got.dtype}${got.shape ? formatShape(got.shape) : '[*]'}`;
    const dimsOk =
      got.shape !== undefined &&
      got.shape.length === want.dims.length &&
      got.shape.every((d, k) => d === want.dims[k] || (dataDependent && typeof d === 'string'));
    if (got.dtype !== want.dtype || !dimsOk) problems.push(`${want.name}: inferred ${gotText}, want ${wantText}`);
  }
  return problems;
}
