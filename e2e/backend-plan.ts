// Expected kernel plans for the run tests, compiled here in the test process with Kiln's own
// backend on Dawn (the `webgpu` npm package, SwiftShader without a GPU): the same code and the same
// software adapter the page's GPU worker uses, so kernel counts, variants and memory figures agree.
import { expect, type Page } from '@playwright/test';
import { createNodeGpu } from '../src/node/dawn.ts';
import type { Model } from '../src/ir/types.ts';
import { compileModel, type KernelPlan, type MemoryStats } from '../src/webgpu-backend/compile.ts';
import { manifest } from './kiln.ts';

export async function compileInNode(model: Model, inputShapes: Readonly<Record<string, readonly number[]>>): Promise<{ plan: KernelPlan; memory: MemoryStats }> {
  const gpu = await createNodeGpu();
  const compiled = await compileModel(gpu.device, model, { inputShapes, wgslLanguageFeatures: gpu.wgslLanguageFeatures });
  try {
    return { plan: compiled.plan, memory: compiled.memory };
  } finally {
    compiled.destroy();
  }
}

/** The input shapes the app uses for a bundled model (its manifest entry). */
export function manifestShapes(id: string): Record<string, number[]> {
  const entry = manifest.models.find((m) => m.id === id);
  if (!entry) throw new Error(`no bundled model ${id}`);
  return Object.fromEntries(entry.inputs.map((i) => [i.name, [...i.shape]]));
}

export const opNode = (page: Page, id: string) => page.locator(`[data-testid="op-node"][data-node-id="${id}"]`);

/** Presses Run and waits until the run is over (done or error). */
export async function runShownModel(page: Page): Promise<void> {
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-status', /done|error|cancelled/, { timeout: 150_000 });
}
