// Recurrent layers (RNN, GRU, LSTM): Y stacks every step's hidden state; Y_h (and LSTM's Y_c)
// hold the last one. layout=1 puts batch first.
import { attrInt, attrString } from '../../attributes.ts';
import type { Dim, Shape } from '../../types.ts';
import { formatShape } from '../dims.ts';
import { InferError, tensorType, type InferContext, type RuleTable } from '../rule.ts';

function recurrent(ctx: InferContext) {
  const dtype = ctx.dtype(0);
  const x = ctx.shape(0);
  const w = ctx.shape(1);
  const r = ctx.shape(2);
  const states = ctx.node.opType === 'LSTM' ? 2 : 1;
  if (!x) return [tensorType(dtype), ...Array(states).fill(tensorType(dtype))];
  if (x.length !== 3) throw new InferError(`input ${formatShape(x)} is not 3-D`);
  const batchFirst = attrInt(ctx.node, 'layout', 0) === 1;
  const [seq, batch] = batchFirst ? [x[1]!, x[0]!] : [x[0]!, x[1]!];
  const dirs: Dim = attrString(ctx.node, 'direction', 'forward') === 'bidirectional' ? 2 : (w?.[0] ?? 1);
  const hidden: Dim = attrInt(ctx.node, 'hidden_size') ?? r?.[2] ?? ctx.fresh();
  const y: Shape = batchFirst ? [batch, seq, dirs, hidden] : [seq, dirs, batch, hidden];
  const last: Shape = batchFirst ? [batch, dirs, hidden] : [dirs, batch, hidden];
  return [tensorType(dtype, y), ...Array.from({ length: states }, () => tensorType(dtype, last))];
}

export const recurrentRules: RuleTable = { RNN: recurrent, GRU: recurrent, LSTM: recurrent };
