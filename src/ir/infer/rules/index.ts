// The rule tables of every op family, looked up by domain and op type.
import type { InferRule, RuleTable, ValueRule, ValueRuleTable } from '../rule.ts';
import { valueRules } from '../values/index.ts';
import { activationRules } from './activations.ts';
import { attentionRules, contribAttentionRules, previewAttentionRules } from './attention.ts';
import { contribActivationRules } from './contrib.ts';
import { controlFlowRules } from './control-flow.ts';
import { contribConvRules, convRules } from './conv.ts';
import { einsumRules } from './einsum.ts';
import { elementwiseRules } from './elementwise.ts';
import { indexingRules } from './indexing.ts';
import { contribMatmulRules, matmulRules } from './matmul.ts';
import { miscRules, mlRules } from './misc.ts';
import { movementRules } from './movement.ts';
import { contribNormalizationRules, normalizationRules } from './normalization.ts';
import { poolRules } from './pool.ts';
import { contribQuantizationRules, quantizationRules } from './quantization.ts';
import { randomRules } from './random.ts';
import { recurrentRules } from './recurrent.ts';
import { reduceRules } from './reduce.ts';
import { resizeRules } from './resize.ts';
import { shapeOpRules } from './shape-ops.ts';
import { sequenceRules } from './sequence.ts';
import { signalRules } from './signal.ts';

const DEFAULT_DOMAIN: RuleTable = {
  ...elementwiseRules,
  ...activationRules,
  ...matmulRules,
  ...einsumRules,
  ...convRules,
  ...poolRules,
  ...normalizationRules,
  ...reduceRules,
  ...shapeOpRules,
  ...movementRules,
  ...indexingRules,
  ...resizeRules,
  ...quantizationRules,
  ...controlFlowRules,
  ...randomRules,
  ...recurrentRules,
  ...signalRules,
  ...attentionRules,
  ...miscRules,
  ...sequenceRules,
};

const MICROSOFT: RuleTable = {
  ...contribActivationRules,
  ...contribMatmulRules,
  ...contribConvRules,
  ...contribNormalizationRules,
  ...contribQuantizationRules,
  ...contribAttentionRules,
};

const BY_DOMAIN: Readonly<Record<string, RuleTable>> = {
  '': DEFAULT_DOMAIN,
  'com.microsoft': MICROSOFT,
  'ai.onnx.ml': mlRules,
  'ai.onnx.preview': previewAttentionRules,
};

const VALUES_BY_DOMAIN: Readonly<Record<string, ValueRuleTable>> = { '': valueRules };

export function lookupRule(domain: string, opType: string): InferRule | undefined {
  const table = BY_DOMAIN[domain === 'ai.onnx' ? '' : domain];
  return table && Object.hasOwn(table, opType) ? table[opType] : undefined;
}

export function lookupValueRule(domain: string, opType: string): ValueRule | undefined {
  const table = VALUES_BY_DOMAIN[domain === 'ai.onnx' ? '' : domain];
  return table && Object.hasOwn(table, opType) ? table[opType] : undefined;
}

/** Op types with an inference rule, per domain ('' is the default ONNX domain). */
export function inferableOps(): ReadonlyMap<string, readonly string[]> {
  return new Map(Object.entries(BY_DOMAIN).map(([d, t]) => [d, Object.keys(t)]));
}
