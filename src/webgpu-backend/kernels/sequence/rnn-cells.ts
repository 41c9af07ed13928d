// The per-step WGSL of each recurrent cell, for one invocation at direction d, batch b, hidden unit
// j, time t. Gate order in W, R and B is ONNX's: LSTM i, o, f, c; GRU z, r, h; RNN one gate.
// Names the scaffolding (rnn-step.ts) provides: XW and R (bindings), `xw` (XW's row for d, t, b),
// `r_at` (R's block for d), `hs` (hidden size), `j`, h_prev(d, b, k), c_prev(d, b, j) (LSTM),
// clip(x), act_f / act_g / act_h (rnn-spec.ts). Each body ends with `let h = ...;` and, for
// LSTM, `let c = ...;`.
import type { RnnSpec } from './rnn-spec.ts';

export interface CellOptions {
  /** There is a previous hidden state (else it is all zeros and R·h drops out). */
  readonly hasHidden: boolean;
  readonly peepholes: boolean;
  /** GRU with linear_before_reset: Rb of the hidden gate, bound as `Bias`. */
  readonly hiddenBias: boolean;
  /** GRU without linear_before_reset: r ⊙ h_prev from the reset kernel, bound as `RH`. */
  readonly resetProduct: boolean;
}

/** `acc_k += R[row k] · h_prev` for each named accumulator, rows given as offsets in gates of H. */
function recurrence(accumulators: readonly { name: string; gate: number }[], source: string): string {
  const sums = accumulators.map(({ name, gate }) => `    ${name} += R[r_at + (${gate}u * hs + j) * hs + k] * hk;`);
  return `
  for (var k = 0u; k < hs; k++) {
    let hk = ${source};
${sums.join('\n')}
  }`;
}

function lstm(spec: RnnSpec, o: CellOptions): string {
  const loop = o.hasHidden ? recurrence([{ name: 'gi', gate: 0 }, { name: 'go', gate: 1 }, { name: 'gf', gate: 2 }, { name: 'gc', gate: 3 }], 'h_prev(d, b, k)') : '';
  const peep = (gate: number, value: string) => (o.peepholes ? `\n  ${['gi', 'go', 'gf'][gate]} += P[d * 3u * hs + ${gate}u * hs + j] * ${value};` : '');
  const forget = spec.inputForget ? '1.0 - i' : 'act_f(d, clip(gf))';
  return `
  var gi = XW[xw + j];
  var go = XW[xw + hs + j];
  var gf = XW[xw + 2u * hs + j];
  var gc = XW[xw + 3u * hs + j];${loop}
  let cp = c_prev(d, b, j);${peep(0, 'cp')}${peep(2, 'cp')}
  let i = act_f(d, clip(gi));
  let f = ${forget};
  let c = f * cp + i * act_g(d, clip(gc));${peep(1, 'c')}
  let h = act_f(d, clip(go)) * act_h(d, c);`;
}

function gru(spec: RnnSpec, o: CellOptions): string {
  const hp = 'let hp = h_prev(d, b, j);';
  if (spec.linearBeforeReset) {
    const loop = o.hasHidden ? recurrence([{ name: 'gz', gate: 0 }, { name: 'gr', gate: 1 }, { name: 'gh', gate: 2 }], 'h_prev(d, b, k)') : '';
    const rb = o.hiddenBias ? `\n  gh += Bias[d * 6u * hs + 5u * hs + j];` : '';
    return `
  var gz = XW[xw + j];
  var gr = XW[xw + hs + j];
  var gh = 0.0;${loop}${rb}
  let z = act_f(d, clip(gz));
  let r = act_f(d, clip(gr));
  let hh = act_g(d, clip(XW[xw + 2u * hs + j] + r * gh));
  ${hp}
  let h = (1.0 - z) * hh + z * hp;`;
  }
  const zLoop = o.hasHidden ? recurrence([{ name: 'gz', gate: 0 }], 'h_prev(d, b, k)') : '';
  const hLoop = o.resetProduct ? recurrence([{ name: 'gh', gate: 2 }], 'RH[(d * param(P_BATCH) + b) * hs + k]') : '';
  return `
  var gz = XW[xw + j];
  var gh = XW[xw + 2u * hs + j];${zLoop}${hLoop}
  let z = act_f(d, clip(gz));
  let hh = act_g(d, clip(gh));
  ${hp}
  let h = (1.0 - z) * hh + z * hp;`;
}

function rnn(_spec: RnnSpec, o: CellOptions): string {
  const loop = o.hasHidden ? recurrence([{ name: 'g', gate: 0 }], 'h_prev(d, b, k)') : '';
  return `
  var g = XW[xw + j];${loop}
  let h = act_f(d, clip(g));`;
}

export function cellBody(spec: RnnSpec, options: CellOptions): string {
  return spec.cell === 'LSTM' ? lstm(spec, options) : spec.cell === 'GRU' ? gru(spec, options) : rnn(spec, options);
}

/** GRU's reset kernel body (no linear_before_reset): RH[d, b, j] = r_j ⊙ h_prev[d, b, j]. */
export function resetBody(): string {
  return `
  var gr = XW[xw + hs + j];${recurrence([{ name: 'gr', gate: 1 }], 'h_prev(d, b, k)')}
  let hp = h_prev(d, b, j);
  let h = act_f(d, clip(gr)) * hp;`;
}
