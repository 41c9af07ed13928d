// kiln pipelines — the named pipelines, the passes each runs (and its calibration step), and the
// rel L2 bound its results are checked against.
import { parseArgs } from 'node:util';
import { PIPELINES, pipelineTolerance } from '../../passes/pipelines.ts';

export const pipelinesHelp = `kiln pipelines [--json]
  List the named optimization pipelines: what each models, the passes it runs in order,
  [prepare] steps that run the model first (int8 calibration), and the rel L2 bound its
  results are verified against. docs/pipelines.md describes each in full.`;

export async function pipelines(argv: string[], out: (s: string) => void): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } } });
  const list = Object.entries(PIPELINES).map(([name, def]) => ({
    name,
    description: def.description,
    passes: def.passes.map((p) => p.id),
    ...(def.prepareSteps ? { prepare: [...def.prepareSteps] } : {}),
    tolerance: pipelineTolerance(def),
  }));
  if (values.json) {
    out(JSON.stringify(list, null, 2));
    return;
  }
  const pad = Math.max(...list.map((p) => p.name.length)) + 2;
  for (const p of list) {
    out(`${p.name.padEnd(pad)}${p.description}`);
    const steps = [...p.passes, ...(p.prepare ? [`[prepare: ${p.prepare.join(', ')}]`] : [])];
    out(`${''.padEnd(pad)}passes: ${steps.length ? steps.join(', ') : '(none)'}`);
    out(`${''.padEnd(pad)}verified within rel L2 ${p.tolerance}`);
  }
}
