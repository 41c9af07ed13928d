// Derived views of the store. Expensive derivations (inference, validation) are cached per Model
// object: models are immutable, so a cached result can never go stale.
import { inferShapes, type InferenceResult } from '../../ir/infer/infer-shapes.ts';
import type { Model } from '../../ir/types.ts';
import { unknownOps, validateModel, type Diagnostic } from '../../ir/verify.ts';
import { traceOrigins, type Origins } from '../../passes/metrics/index.ts';
import type { StepPayload } from '../../workers/protocol.ts';
import { highlightSteps, type Highlights } from '../steps/highlights.ts';
import type { KilnState } from './store.ts';

/** The model at a view number: 0 = the original, k = after step k. */
export function modelAt(s: KilnState, view: number): Model | undefined {
  const original = s.document?.model;
  if (!original || view <= 0) return original;
  return s.steps[view - 1]?.model ?? original;
}

export function currentModel(s: KilnState): Model | undefined {
  return modelAt(s, s.view);
}

/** The model before the shown step (undefined when the original is shown). */
export function previousModel(s: KilnState): Model | undefined {
  return s.view > 0 ? modelAt(s, s.view - 1) : undefined;
}

export function currentStep(s: KilnState): StepPayload | undefined {
  return s.view > 0 ? s.steps[s.view - 1] : undefined;
}

const highlightCache = new WeakMap<StepPayload, Highlights>();

/** What the shown step changed (undefined for the original). */
export function currentHighlights(s: KilnState): Highlights | undefined {
  const step = currentStep(s);
  const before = previousModel(s);
  if (!step || !before) return undefined;
  let h = highlightCache.get(step);
  if (!h) highlightCache.set(step, (h = highlightSteps(before, [step])));
  return h;
}

const originsCache = new WeakMap<readonly StepPayload[], { original: Model; maps: Origins[] }>();

/** Original node ids each node of the shown model came from. */
export function currentOrigins(s: KilnState): Origins | undefined {
  const original = s.document?.model;
  if (!original) return undefined;
  let hit = originsCache.get(s.steps);
  if (!hit || hit.original !== original) {
    hit = { original, maps: traceOrigins(original, s.steps) };
    originsCache.set(s.steps, hit);
  }
  return hit.maps[s.view];
}

export interface ModelFacts {
  readonly inference: InferenceResult;
  readonly diagnostics: readonly Diagnostic[];
  readonly unknown: ReadonlySet<string>;
}

const factsCache = new WeakMap<Model, ModelFacts>();

/**
 * Inferred types, validation diagnostics and unknown ops of a model, computed once per model.
 * Inference keeps the declared input shapes, so symbolic dims show as their names.
 */
export function modelFacts(model: Model): ModelFacts {
  const hit = factsCache.get(model);
  if (hit) return hit;
  let inference: InferenceResult;
  try {
    inference = inferShapes(model);
  } catch (e) {
    // Inference is advisory for display: a failure becomes a diagnostic, not a broken app.
    inference = { types: new Map(), diagnostics: [{ severity: 'warning', message: `shape inference failed: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  const facts = { inference, diagnostics: [...validateModel(model), ...inference.diagnostics], unknown: unknownOps(model) };
  factsCache.set(model, facts);
  return facts;
}
