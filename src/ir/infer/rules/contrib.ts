// onnxruntime's com.microsoft activation contrib ops (fused GELU forms and friends).
import { tensorType, type RuleTable } from '../rule.ts';
import { broadcastInputs, sameAs } from './common.ts';

export const contribActivationRules: RuleTable = {
  Gelu: sameAs(0),
  QuickGelu: sameAs(0),
  FastGelu: (ctx) => [tensorType(ctx.dtype(0), broadcastInputs(ctx))],
  BiasGelu: (ctx) => [tensorType(ctx.dtype(0), broadcastInputs(ctx))],
  BiasAdd: (ctx) => [tensorType(ctx.dtype(0), broadcastInputs(ctx))],
  FusedGelu: sameAs(0),
};
