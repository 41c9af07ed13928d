// Verification: run a pipeline, export the result, run it and the original on the same inputs,
// and compare every output (rel L2 against the original) with the pipeline's tolerance. The
// model runner is injected, so the app (onnxruntime-web in a worker), the CLI and the tests
// (onnxruntime-node) share this code. Identical exports run once (OutputCache).
import { InputError, isInputError } from '../../ir/errors.ts';
import { exportModel } from '../../ir/onnx/export.ts';
import type { Model, Tensor } from '../../ir/types.ts';
import { tensorToNumbers } from '../../ir/tensor.ts';
import { compareOutputs } from '../../reference/compare.ts';
import { PIPELINES, pipelineTolerance, type ModelRunner, type PipelineDef } from '../pipelines.ts';
import { runPipelineDef } from '../presets/run.ts';
import { resolvePipeline } from '../registry.ts';
import { OutputCache } from './output-cache.ts';

export interface NamedPipeline {
  readonly name: string;
  readonly def: PipelineDef;
}

export interface OutputError {
  readonly name: string;
  readonly relL2: number;
  readonly maxAbsError: number;
  readonly problem?: string;
}

export interface PipelineVerification {
  readonly pipeline: string;
  readonly tolerance: number;
  /** Worst rel L2 over the outputs (Infinity when an output could not be compared). */
  readonly relL2: number;
  readonly ok: boolean;
  readonly outputs: readonly OutputError[];
  readonly nodesBefore: number;
  readonly nodesAfter: number;
  /** Milliseconds spent in passes, and in `prepare` (calibration). */
  readonly passMs: number;
  readonly prepareMs: number;
  /** The export equals one run before through the same cache: its outputs were reused. */
  readonly reused: boolean;
  /** Why the pipeline or the run failed (bad input: an unsupported op, a pass that could not apply). */
  readonly problem?: string;
  /** The optimized model (the input model when the pipeline failed). */
  readonly model: Model;
}

export interface VerifyOptions {
  /** Shared between pipelines verified on the same model and inputs; made fresh when absent. */
  readonly cache?: OutputCache;
  /** Calibration inputs for pipelines with `prepare`. */
  readonly samples?: readonly (readonly Tensor[])[];
  readonly seed?: number;
  /** Overrides the pipeline's own tolerance. */
  readonly tolerance?: number;
}

/** A named pipeline, or a comma list of pass ids (`fold-constants,fuse-conv-bn`). */
export function namedPipeline(spec: string): NamedPipeline {
  const def = Object.hasOwn(PIPELINES, spec) ? PIPELINES[spec] : undefined;
  return { name: spec, def: def ?? { description: `custom: ${spec}`, passes: resolvePipeline(spec) } };
}

/** Values that are NaN or ±Inf in `got` but finite in `want` (float16 overflow, say). */
function newNonFinite(got: Tensor, want: Tensor): number {
  if (got.data.kind === 'strings' || want.data.kind === 'strings' || got.dtype !== want.dtype) return 0;
  const [a, b] = [tensorToNumbers(got), tensorToNumbers(want)];
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!) && Number.isFinite(b[i]!)) n++;
  return n;
}

function failed(pipeline: string, tolerance: number, model: Model, problem: string): PipelineVerification {
  const nodes = model.graph.nodes.length;
  return { pipeline, tolerance, relL2: Infinity, ok: false, outputs: [], nodesBefore: nodes, nodesAfter: nodes, passMs: 0, prepareMs: 0, reused: false, problem, model };
}

export async function verifyPipeline(model: Model, pipeline: string | NamedPipeline, inputs: readonly Tensor[], run: ModelRunner, options: VerifyOptions = {}): Promise<PipelineVerification> {
  const { name, def } = typeof pipeline === 'string' ? namedPipeline(pipeline) : pipeline;
  const tolerance = options.tolerance ?? pipelineTolerance(def);
  const cache = options.cache ?? new OutputCache(run, inputs);
  if (cache.inputs !== inputs) throw new Error('the output cache was made for other inputs');
  const before = model.graph.nodes.length;
  const reference = cache.outputs(exportModel(model));
  try {
    const env = { run, ...(options.samples ? { samples: options.samples } : {}), ...(options.seed !== undefined ? { seed: options.seed } : {}) };
    const result = await runPipelineDef(model, def, env);
    const passMs = result.steps.reduce((t, s) => t + s.ms, 0);
    const bytes = exportModel(result.model);
    const reused = cache.has(bytes);
    const [want, got] = [await reference, await cache.outputs(bytes)];
    if (got.length !== want.length) throw new InputError(`the optimized model has ${got.length} outputs, the original ${want.length}`);
    const names = model.graph.outputs.map((o) => o.name);
    const outputs = compareOutputs(got, want).map((c, i) => {
      const bad = c.problem || !got[i] ? 0 : newNonFinite(got[i]!, want[i]!);
      const problem = c.problem ?? (bad ? `${bad} of ${c.count} values are NaN or infinite where the original's are finite` : undefined);
      return { name: names[i] ?? `output ${i}`, relL2: c.relL2, maxAbsError: c.maxAbsError, ...(problem ? { problem } : {}) };
    });
    const relL2 = outputs.reduce((w, o) => Math.max(w, o.relL2), 0);
    const ok = outputs.every((o) => !o.problem) && relL2 <= tolerance;
    return { pipeline: name, tolerance, relL2, ok, outputs, nodesBefore: before, nodesAfter: result.model.graph.nodes.length, passMs, prepareMs: result.prepareMs, reused, model: result.model };
  } catch (e) {
    if (!isInputError(e)) throw e;
    return failed(name, tolerance, model, (e as Error).message);
  }
}

/** Several pipelines on one model and one set of inputs, sharing the original's run and identical exports. */
export async function verifyPipelines(model: Model, pipelines: readonly (string | NamedPipeline)[], inputs: readonly Tensor[], run: ModelRunner, options: Omit<VerifyOptions, 'tolerance'> = {}): Promise<PipelineVerification[]> {
  const cache = options.cache ?? new OutputCache(run, inputs);
  const out: PipelineVerification[] = [];
  for (const p of pipelines) out.push(await verifyPipeline(model, p, inputs, run, { ...options, cache }));
  return out;
}
