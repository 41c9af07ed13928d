// Shared e2e helpers. Expected values come from Kiln's own modules run here in the test process,
// never from numbers copied out of a previous run.
import { expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { importModel } from '../src/ir/onnx/import.ts';
import type { Model } from '../src/ir/types.ts';
import type { Manifest } from '../src/models/manifest.ts';
import type { Pass } from '../src/passes/pass.ts';
import { runPipeline } from '../src/passes/pipeline.ts';
import { countNodes, describeNodeCount } from '../src/ui/graph/to-flow.ts';
import type { StepPayload } from '../src/workers/protocol.ts';

export const modelsDir = new URL('../public/models/', import.meta.url);

export const manifest: Manifest = JSON.parse(readFileSync(new URL('manifest.json', modelsDir), 'utf8'));

export function modelBytes(file: string): Buffer {
  return readFileSync(new URL(file, modelsDir));
}

export function loadBundled(id: string): Model {
  const entry = manifest.models.find((m) => m.id === id);
  if (!entry) throw new Error(`no bundled model ${id}`);
  return importModel(new Uint8Array(modelBytes(entry.file)));
}

/** What the app should show for a model: the status-bar text and the number of op boxes. */
export function expectedCounts(model: Model): { text: string; nodes: number; boxes: number } {
  const c = countNodes(model.graph);
  return { text: describeNodeCount(c), nodes: c.nodes, boxes: c.nodes - c.constantsAsWeights };
}

/** Opens the app (optionally with a query) and waits until a model is laid out on the canvas. */
export async function openApp(page: Page, query = ''): Promise<void> {
  await page.goto(`/${query}`);
  await expectGraphReady(page);
}

export async function expectGraphReady(page: Page): Promise<void> {
  await expect(page.getByTestId('graph')).toHaveAttribute('data-status', 'ready');
}

/** Waits for the canvas to show `model`: the node count in the status bar and one box per drawn node. */
export async function expectShowing(page: Page, model: Model): Promise<void> {
  const want = expectedCounts(model);
  await expect(page.getByTestId('node-count')).toHaveText(want.text);
  await expectGraphReady(page);
  await expect(page.getByTestId('op-node')).toHaveCount(want.boxes);
}

export async function openFileBytes(page: Page, name: string, bytes: Buffer): Promise<void> {
  await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
}

/** What the passes worker returns for `passes` on `model`, computed here with Kiln's own pipeline runner. */
export function stepPayloads(model: Model, passes: readonly Pass[]): StepPayload[] {
  return runPipeline(model, passes).map((s) => ({ passId: s.pass.id, title: s.pass.title, model: s.result.model, changes: s.result.changes, ms: s.ms }));
}

/** Picks a preset in the pipeline panel, runs it, and waits until the pipeline is done. */
export async function runPreset(page: Page, id: string): Promise<void> {
  await page.getByTestId('mode-preset').click();
  await page.getByTestId('preset-picker').selectOption(id);
  await page.getByTestId('run-pipeline').click();
  await expect(page.getByTestId('pass-panel')).toHaveAttribute('data-status', 'done');
}

/** Waits until the canvas shows view `k` (0 = the original) of a pipeline run, fully laid out. */
export async function expectView(page: Page, k: number, model: Model): Promise<void> {
  await expect(page.getByTestId('graph')).toHaveAttribute('data-view', String(k));
  await expectShowing(page, model);
}

/**
 * Where a README screenshot goes: docs/ when KILN_UPDATE_SCREENSHOTS=1 (`npm run screenshots`),
 * else test-results/, so a plain `npm test` never modifies tracked files.
 */
export function screenshotPath(file: string): string {
  return process.env.KILN_UPDATE_SCREENSHOTS === '1' ? `docs/${file}` : `test-results/${file}`;
}
