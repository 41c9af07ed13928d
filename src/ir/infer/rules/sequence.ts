// Sequence and optional values, at the type level: which element type a sequence holds, what an
// optional wraps. Element shapes are kept only where every element must share them.
import { attrInt, getAttribute } from '../../attributes.ts';
import type { ValueType } from '../../types.ts';
import { normalizeAxis } from '../dims.ts';
import { joinTypes } from '../merge-types.ts';
import { tensorType, type InferContext, type RuleTable } from '../rule.ts';
import { dtypeAttr } from './common.ts';

const sequenceOf = (elem: ValueType | undefined): ValueType => (elem ? { kind: 'sequence', elem } : { kind: 'sequence' });

function elementOf(t: ValueType | undefined): ValueType | undefined {
  return t?.kind === 'sequence' || t?.kind === 'optional' ? t.elem : undefined;
}

/** An element of unknown length along `axis` (sequences of splits and concatenations). */
function withFreshAxis(ctx: InferContext, t: ValueType | undefined, axis: number, mode: 'replace' | 'insert' | 'remove'): ValueType | undefined {
  if (t?.kind !== 'tensor' || !t.shape) return t?.kind === 'tensor' ? tensorType(t.dtype) : undefined;
  const shape = [...t.shape];
  const a = normalizeAxis(axis, mode === 'insert' ? shape.length + 1 : shape.length);
  if (mode === 'replace') shape[a] = ctx.fresh();
  else if (mode === 'insert') shape.splice(a, 0, ctx.fresh());
  else shape.splice(a, 1);
  return tensorType(t.dtype, shape);
}

export const sequenceRules: RuleTable = {
  Optional: (ctx) => {
    const declared = getAttribute(ctx.node, 'type');
    const elem = ctx.has(0) ? ctx.type(0) : declared?.type === 'type_proto' ? declared.value : undefined;
    return [elem ? { kind: 'optional', elem } : { kind: 'optional' }];
  },
  OptionalHasElement: () => [tensorType('bool', [])],
  OptionalGetElement: (ctx) => [ctx.type(0)?.kind === 'optional' ? elementOf(ctx.type(0)) : ctx.type(0)],
  SequenceConstruct: (ctx) => {
    let elem = ctx.type(0);
    for (let i = 1; i < ctx.inputCount; i++) elem = joinTypes(elem, ctx.type(i), ctx.fresh);
    return [sequenceOf(elem)];
  },
  SequenceEmpty: (ctx) => [sequenceOf(tensorType(dtypeAttr(ctx, 'dtype', 'float32')))],
  SequenceInsert: (ctx) => [sequenceOf(joinTypes(elementOf(ctx.type(0)), ctx.type(1), ctx.fresh))],
  SequenceAt: (ctx) => [elementOf(ctx.type(0))],
  SequenceLength: () => [tensorType('int64', [])],
  SequenceErase: (ctx) => [ctx.type(0)],
  SplitToSequence: (ctx) => {
    const axis = attrInt(ctx.node, 'axis', 0);
    const removed = !ctx.has(1) && attrInt(ctx.node, 'keepdims', 1) === 0;
    return [sequenceOf(withFreshAxis(ctx, ctx.type(0), axis, removed ? 'remove' : 'replace'))];
  },
  ConcatFromSequence: (ctx) => {
    const axis = attrInt(ctx.node, 'axis', 0);
    return [withFreshAxis(ctx, elementOf(ctx.type(0)), axis, attrInt(ctx.node, 'new_axis', 0) === 1 ? 'insert' : 'replace')];
  },
};
