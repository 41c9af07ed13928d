// Derived views of the store. Expensive derivations (inference, validation) are cached per Model
// object: models are immutable, so a cached result can never go stale.
import { inferShapes, type InferenceResult } from '../../ir/infer/infer-shapes.ts';
import type { Model } from '../../ir/types.ts';
import { unknownOps, validateModel, type Diagnostic } from '../../ir/verify.ts';
import { highlightSteps, type Highlights } from '../steps/highlights.ts';
import type { KilnState } from './store.ts';

export function currentModel(s: KilnState): Model | undefined {
  const original = s.document?.model;
  if (!original || s.view === 'original') return original;
  const index = s.view === 'result' ? s.steps.length - 1 : s.view;
  return s.steps[index]?.model ?? original;
}

const highlightCache = new WeakMap<object, Map<string, Highlights>>();

/** What changed to reach the shown model: one step's changes, or all of them for 'result'. */
export function currentHighlights(s: KilnState): Highlights | undefined {
  const original = s.document?.model;
  if (!original || s.view === 'original' || s.steps.length === 0) return undefined;
  let perSteps = highlightCache.get(s.steps);
  if (!perSteps) highlightCache.set(s.steps, (perSteps = new Map()));
  const key = String(s.view);
  let h = perSteps.get(key);
  if (!h) {
    if (s.view === 'result') h = highlightSteps(original, s.steps);
    else {
      const before = s.view === 0 ? original : s.steps[s.view - 1]!.model;
      h = highlightSteps(before, s.steps.slice(s.view, s.view + 1));
    }
    perSteps.set(key, h);
  }
  return h;
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
