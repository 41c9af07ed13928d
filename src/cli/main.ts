// The `kiln` command: a thin shell over the same layers the app uses.
import { UsageError, exitCodeFor, oneLine } from './errors.ts';

/** Resolves to an exit code (0 when omitted); throws for bad input or usage. */
type Command = (argv: string[], out: (s: string) => void) => Promise<number | void>;
interface CommandModule {
  run: Command;
  help: string;
}

// Loaded on demand: a command pulls in only the layers it needs (no onnxruntime for inspect).
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  inspect: async () => { const m = await import('./commands/inspect.ts'); return { run: m.inspect, help: m.inspectHelp }; },
  optimize: async () => { const m = await import('./commands/optimize.ts'); return { run: m.optimize, help: m.optimizeHelp }; },
  run: async () => { const m = await import('./commands/run.ts'); return { run: m.run, help: m.runHelp }; },
  conformance: async () => { const m = await import('./commands/conformance.ts'); return { run: m.conformance, help: m.conformanceHelp }; },
  compare: async () => { const m = await import('./commands/compare.ts'); return { run: m.compare, help: m.compareHelp }; },
  pipelines: async () => { const m = await import('./commands/pipelines.ts'); return { run: m.pipelines, help: m.pipelinesHelp }; },
  bench: async () => { const m = await import('./commands/bench.ts'); return { run: m.bench, help: m.benchHelp }; },
};

async function usage(): Promise<string> {
  const helps = await Promise.all(Object.values(COMMANDS).map(async (load) => (await load()).help));
  return `kiln — computation-graph optimization from the command line

${helps.join('\n\n')}

Exit status: 0 on success, 2 on bad input or usage (one line on stderr), 1 on an internal error.
Add --debug to see stack traces.`;
}

export async function main(argv: string[], out: (s: string) => void = console.log, err: (s: string) => void = console.error): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const [name, ...rest] = args;
  try {
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      const topic = rest[0] ? COMMANDS[rest[0]] : undefined;
      out(topic ? (await topic()).help : await usage());
      return 0;
    }
    const load = COMMANDS[name];
    if (!load) throw new UsageError(`unknown command '${name}'; commands: ${Object.keys(COMMANDS).join(', ')} (kiln --help)`);
    const command = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      out(command.help);
      return 0;
    }
    return (await command.run(rest, out)) ?? 0;
  } catch (e) {
    const code = exitCodeFor(e);
    err(`kiln${name ? ` ${name}` : ''}: ${code === 1 ? 'internal error: ' : ''}${oneLine(e)}`);
    if (debug && e instanceof Error && e.stack) err(e.stack);
    return code;
  }
}
