// The built app bench serves: dist/, built with Vite's API when bench.html is missing or older
// than any source it is made from. Only the bench page is built (into dist/, beside whatever app
// build is there, emptying nothing): a half-finished edit to the app's UI must not stop a
// benchmark, and a benchmark must not delete the app build an end-to-end run is serving.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time under `path` (files and folders, recursively). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = s.mtimeMs;
  for (const entry of readdirSync(path)) t = Math.max(t, newest(join(path, entry)));
  return t;
}

const SOURCES = ['src', 'public', 'index.html', 'bench.html', 'vite.config.ts', 'package.json'];

export function isStale(root: string, outDir: string): boolean {
  const built = join(outDir, 'bench.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((s) => newest(join(root, s)) > builtAt);
}

/** Builds the app (both pages) into `outDir` unless it is up to date; says which it did. */
export async function ensureBuilt(root: string, outDir: string, log: (s: string) => void): Promise<'built' | 'fresh'> {
  if (!isStale(root, outDir)) return 'fresh';
  log(`building the app into ${outDir} (vite build)…`);
  const { build } = await import('vite');
  const benchOnly = {
    name: 'kiln-bench-only',
    // Runs after vite.config.ts is merged in: replaces its inputs (the app and bench) with bench alone.
    config(config: { build?: { rolldownOptions?: { input?: unknown } } }) {
      config.build ??= {};
      config.build.rolldownOptions = { ...config.build.rolldownOptions, input: { bench: join(root, 'bench.html') } };
    },
  };
  await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', plugins: [benchOnly], build: { outDir, emptyOutDir: false } });
  return 'built';
}
