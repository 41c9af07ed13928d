// RNN, GRU and LSTM (opset 7 and later, layout 0 and 1): a kernel sequence per node
// (rnn-sequence.ts). float32 only: onnxruntime, the oracle, has no float16 recurrent kernels.
import type { OpDef } from '../../op-def.ts';
import { recurrentSequence } from './rnn-sequence.ts';
import { checkRnn, type Cell } from './rnn-spec.ts';

// X, W, R, B, sequence_lens, initial_h (, initial_c, P for LSTM); Y, Y_h (, Y_c).
function recurrentOp(cell: Cell): OpDef {
  const lstm = cell === 'LSTM';
  return {
    kind: 'kernel',
    dtypes: {
      types: { T: ['float32'], I: ['int32'] },
      inputs: lstm ? ['T', 'T', 'T', 'T', 'I', 'T', 'T', 'T'] : ['T', 'T', 'T', 'T', 'I', 'T'],
      outputs: lstm ? ['T', 'T', 'T'] : ['T', 'T'],
    },
    check: (node) => checkRnn(node, cell),
    generate: (ctx) => recurrentSequence(ctx, cell),
  };
}

export const RECURRENT_OPS: Record<string, OpDef> = {
  LSTM: recurrentOp('LSTM'),
  GRU: recurrentOp('GRU'),
  RNN: recurrentOp('RNN'),
};
