// STUB (being replaced by the text-syntax work). Signature fixed.
import type { Model } from '../types.ts';

export interface PrintOptions {
  /** 'elide' writes every initializer as a reference; 'inline-small' inlines tensors up to `inlineLimit` elements. */
  readonly weights?: 'elide' | 'inline-small' | 'inline';
  readonly inlineLimit?: number;
}

export function printModel(model: Model, _options: PrintOptions = {}): string {
  return `# ${model.graph.name}: ${model.graph.nodes.length} nodes (text printer not written yet)`;
}
