// The targets for Kiln's best pipeline against onnxruntime-web's C++ WebGPU EP on every
// bundled vision model, judged from one bench result: met, not met, or unknown (and why).
import { judgedError, referenceKiln } from './format.ts';
import type { BenchResult, EngineFigures } from './results.ts';
import { isFigures } from './results.ts';

export const GOALS = { latency: 0.5, dispatches: 0.7, peak_gpu_bytes: 0.7 } as const;
export type GoalName = keyof typeof GOALS;

export interface GoalVerdict {
  readonly ratio: number | null;
  readonly met: boolean | null;
  readonly why?: string;
}

export interface GoalRow {
  readonly model: string;
  readonly kiln?: string;
  readonly verdicts: Readonly<Record<GoalName, GoalVerdict>>;
  /** Goals the best pipeline misses that another Kiln pipeline (matching WASM) meets, with its ratio. */
  readonly elsewhere: readonly { readonly goal: GoalName; readonly kiln: string; readonly ratio: number }[];
}

export function evaluateGoals(result: BenchResult, peer = 'ort-webgpu'): GoalRow {
  const key = referenceKiln(result);
  const kiln = key ? result.engines[key] : undefined;
  const other = result.engines[peer];
  const unknown = (why: string): GoalVerdict => ({ ratio: null, met: null, why });
  const names = Object.keys(GOALS) as GoalName[];
  if (!isFigures(kiln)) {
    const first = Object.entries(result.engines).find(([k]) => k === 'kiln' || k.startsWith('kiln'))?.[1];
    const why = first && !isFigures(first) ? first.error : 'no Kiln pipeline ran and matched WASM';
    return { model: result.model, verdicts: Object.fromEntries(names.map((n) => [n, { ratio: null, met: false, why }])) as Record<GoalName, GoalVerdict>, elsewhere: [] };
  }
  if (!isFigures(other)) return { model: result.model, kiln: key!, verdicts: Object.fromEntries(names.map((n) => [n, unknown(`${peer}: ${other?.error ?? 'not measured'}`)])) as Record<GoalName, GoalVerdict>, elsewhere: [] };
  const ratioOf = (e: EngineFigures, n: GoalName): number | null => {
    const [k, p] = { latency: [e.median_ms, other.median_ms], dispatches: [e.dispatches, other.dispatches], peak_gpu_bytes: [e.peak_gpu_bytes, other.peak_gpu_bytes] }[n];
    return p! > 0 ? k! / p! : null;
  };
  const verdicts = Object.fromEntries(
    names.map((n) => {
      const ratio = ratioOf(kiln, n);
      return [n, ratio === null ? unknown(`${peer} reports 0`) : { ratio, met: ratio <= GOALS[n] }];
    }),
  ) as Record<GoalName, GoalVerdict>;
  // For each goal the best pipeline misses: the Kiln pipeline (matching WASM) that meets it by the widest margin.
  const elsewhere: GoalRow['elsewhere'][number][] = [];
  for (const goal of names.filter((g) => verdicts[g].met === false)) {
    const meeting = Object.entries(result.engines)
      .filter((entry): entry is [string, EngineFigures] => entry[0] !== key && entry[0].startsWith('kiln') && isFigures(entry[1]) && entry[1].matches_wasm)
      .map(([k, e]) => ({ goal, kiln: k, ratio: ratioOf(e, goal) }))
      .filter((x): x is { goal: GoalName; kiln: string; ratio: number } => x.ratio !== null && x.ratio <= GOALS[goal])
      .sort((a, b) => a.ratio - b.ratio);
    if (meeting[0]) elsewhere.push(meeting[0]);
  }
  if (!kiln.matches_wasm) {
    // Judged all the same, but said: a fast wrong engine is no win (and the peer may be as wrong).
    const error = (e: EngineFigures) => (e.max_abs_vs_wasm === undefined ? `rel L2 ${judgedError(e)}` : judgedError(e));
    const peerToo = other.matches_wasm ? '' : `; so do ${peer}'s (${error(other)})`;
    const why = `no Kiln pipeline matches WASM: ${key}'s outputs differ by ${error(kiln)}${peerToo}`;
    for (const n of names) verdicts[n] = { ...verdicts[n], why };
  }
  return { model: result.model, kiln: key!, verdicts, elsewhere };
}
