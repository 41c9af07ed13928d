// kiln pipelines — the named pipelines and their passes.
import { PIPELINES } from '../../passes/pipelines.ts';

export const pipelinesHelp = `kiln pipelines
  List the named optimization pipelines and the passes each runs.`;

export async function pipelines(_argv: string[], out: (s: string) => void): Promise<void> {
  for (const [name, def] of Object.entries(PIPELINES)) {
    out(`${name.padEnd(14)} ${def.description}`);
    out(`${''.padEnd(14)} passes: ${def.passes.length ? def.passes.map((p) => p.id).join(', ') : '(none)'}`);
  }
}
