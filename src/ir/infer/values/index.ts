// Value propagation rules: which ops compute known values from known inputs.
import type { ValueRuleTable } from '../rule.ts';
import { elementwiseValueRules } from './elementwise-values.ts';
import { shapeValueRules } from './shape-values.ts';

export const valueRules: ValueRuleTable = { ...elementwiseValueRules, ...shapeValueRules };
