// RNN, GRU and LSTM as a kernel sequence (kernel-sequence.ts), all in the run's one command buffer:
// the input projection for every step, then one kernel per time step (two for GRU without
// linear_before_reset: r ⊙ h first, since every unit's candidate needs all of it). The hidden and
// cell states alternate between two scratch tensors; the last step writes Y_h / Y_c directly.
// On GPUs, a small layer (256 units at most) runs all steps in one workgroup (rnn-persistent.ts).
// sequence_lens may be a run-time input: each step reads the batch item's length.
import { numElements, tensorToNumbers } from '../../../ir/tensor.ts';
import type { KernelSequence, ScratchTensor, SequenceStep, ValueRef } from '../../kernel-sequence.ts';
import type { OpContext } from '../../op-def.ts';
import { persistentFits, persistentKernel } from './rnn-persistent.ts';
import { projectionKernel } from './rnn-project.ts';
import { rnnSpec, type Cell } from './rnn-spec.ts';
import { stepKernel } from './rnn-step.ts';

const X = 0, W = 1, R = 2, BIAS = 3, SEQ_LENS = 4, H0 = 5, C0 = 6, P = 7;

/** Whether sequence_lens must be read at run time: not when it is a constant equal to the step count everywhere. */
function readsLengths(ctx: OpContext, steps: number): boolean {
  const lens = ctx.inputs[SEQ_LENS];
  if (!lens) return false;
  return !lens.constant || !tensorToNumbers(lens.constant).every((v) => v === steps);
}

export function recurrentSequence(ctx: OpContext, cell: Cell): KernelSequence {
  const spec = rnnSpec(ctx, cell);
  const { D, S, B, H, G } = spec;
  const has = (i: number) => ctx.inputs[i] !== undefined && numElements(ctx.inputs[i]!.dims) > 0;
  const used = (j: number) => ctx.outputs[j]?.used === true;
  const scratch: ScratchTensor[] = [];
  const declare = (dims: number[]): ValueRef => ({ scratch: scratch.push({ dims, dtype: 'float32' }) - 1 });
  const stateDims = spec.layout === 0 ? [D, B, H] : [B, D, H];
  const lazy = (make: () => ValueRef) => {
    let ref: ValueRef | undefined;
    return () => (ref ??= make());
  };
  // Two buffers per state, alternating; created only when some step needs them.
  const hState = [lazy(() => declare(stateDims)), lazy(() => declare(stateDims))];
  const cState = [lazy(() => declare(stateDims)), lazy(() => declare(stateDims))];
  const rh = lazy(() => declare([D, B, H]));

  const xw = declare([D, S, B, G * H]);
  const steps: SequenceStep[] = [
    {
      source: projectionKernel(spec, has(BIAS), ctx.profile),
      reads: [{ input: X }, { input: W }, ...(has(BIAS) ? [{ input: BIAS }] : [])],
      writes: [xw],
    },
  ];
  const seqLens = readsLengths(ctx, S);
  const lstm = cell === 'LSTM';
  if (persistentFits(spec, ctx.profile)) {
    const o = { hasHidden: has(H0), hasCell: lstm && has(C0), peepholes: lstm && has(P), hiddenBias: cell === 'GRU' && spec.linearBeforeReset && has(BIAS), seqLens, writesY: used(0) };
    // Some output must be bound: without Y or Y_h, the final state goes to scratch.
    const writesH = used(1) || (!used(0) && !(lstm && used(2)));
    const reads: ValueRef[] = [xw, { input: R }, ...(o.hasHidden ? [{ input: H0 }] : []), ...(o.hasCell ? [{ input: C0 }] : []), ...(o.peepholes ? [{ input: P }] : []), ...(o.hiddenBias ? [{ input: BIAS }] : []), ...(seqLens ? [{ input: SEQ_LENS }] : [])];
    const writes: ValueRef[] = [...(o.writesY ? [{ output: 0 }] : []), ...(writesH ? [used(1) ? { output: 1 } : hState[0]!()] : []), ...(lstm && used(2) ? [{ output: 2 }] : [])];
    steps.push({ source: persistentKernel(spec, { ...o, writesH, writesC: lstm && used(2) }), reads, writes });
    return { kind: 'sequence', scratch, steps };
  }
  const gruReset = cell === 'GRU' && !spec.linearBeforeReset;
  let hPrev: ValueRef | undefined = has(H0) ? { input: H0 } : undefined;
  let cPrev: ValueRef | undefined = lstm && has(C0) ? { input: C0 } : undefined;
  for (let s = 0; s < S; s++) {
    const last = s === S - 1;
    const hNext = last && used(1) ? { output: 1 } : hState[s % 2]!();
    const cNext = !lstm ? undefined : last && used(2) ? { output: 2 } : cState[s % 2]!();
    const tail = seqLens ? [{ input: SEQ_LENS }] : [];
    const common = { hasHidden: hPrev !== undefined, hasCell: cPrev !== undefined, peepholes: lstm && has(P), hiddenBias: cell === 'GRU' && spec.linearBeforeReset && has(BIAS), seqLens, writesY: used(0) };
    let resetProduct = false;
    if (gruReset && hPrev) {
      steps.push({
        source: stepKernel(spec, s, { ...common, resetProduct: false, writesY: false, reset: true }, ctx.profile),
        reads: [xw, { input: R }, hPrev, ...tail],
        writes: [rh()],
      });
      resetProduct = true;
    }
    const reads: ValueRef[] = [xw, { input: R }];
    if (hPrev) reads.push(hPrev);
    if (lstm && cPrev) reads.push(cPrev);
    if (common.peepholes) reads.push({ input: P });
    if (common.hiddenBias) reads.push({ input: BIAS });
    if (resetProduct) reads.push(rh());
    reads.push(...tail);
    const writes: ValueRef[] = [...(used(0) ? [{ output: 0 }] : []), hNext, ...(cNext ? [cNext] : [])];
    steps.push({ source: stepKernel(spec, s, { ...common, resetProduct }, ctx.profile), reads, writes });
    hPrev = hNext;
    cPrev = cNext;
  }
  return { kind: 'sequence', scratch, steps };
}
