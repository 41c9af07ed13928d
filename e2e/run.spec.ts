import { chromium, expect, test } from '@playwright/test';
import { concreteShape } from '../src/reference/random-inputs.ts';
import { runtimeInputs } from '../src/ir/graph.ts';
import { checkSupport } from '../src/webgpu-backend/compile.ts';
import { CHROMIUM_PATH, QUIET_ARGS } from './chromium.ts';
import { loadBundled, manifest, openApp } from './kiln.ts';

// Compiling and 23 runs on SwiftShader take a while on a small shared machine.
test.setTimeout(180_000);

function inputShapes(id: string): Record<string, number[]> {
  const entry = manifest.models.find((m) => m.id === id)!;
  const model = loadBundled(id);
  return Object.fromEntries(
    runtimeInputs(model.graph).map((v) => {
      const given = entry.inputs.find((i) => i.name === v.name);
      const shape = given ? [...given.shape] : v.type?.kind === 'tensor' && v.type.shape ? concreteShape(v.type.shape) : [];
      return [v.name, shape];
    }),
  );
}

test('Run times the MLP on WebGPU and its outputs match onnxruntime-web', async ({ page }) => {
  await openApp(page, '?model=mlp');
  await page.getByTestId('run-button').click();
  const panel = page.getByTestId('run-panel');
  await expect(panel).toHaveAttribute('data-status', /done|error/, { timeout: 150_000 });
  await expect(page.getByTestId('run-message')).toHaveCount(0);
  await expect(page.getByTestId('latency-median')).toHaveText(/\d ms$/);
  await expect(page.getByTestId('latency-chart')).toHaveAttribute('data-points', '20');
  await expect(page.getByTestId('peak-memory')).toBeVisible();
  await expect(page.getByTestId('verdict')).toContainText('outputs match onnxruntime-web');
});

test('a model the backend cannot lower names its unsupported ops, and the app keeps working', async ({ page }) => {
  const candidate = manifest.models.map((m) => m.id).find((id) => checkSupport(loadBundled(id), { inputShapes: inputShapes(id) }).length > 0);
  test.skip(!candidate, 'every bundled model is supported by the WebGPU backend');
  const unsupported = checkSupport(loadBundled(candidate!), { inputShapes: inputShapes(candidate!) });
  await openApp(page, `?model=${candidate}`);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-status', 'error');
  const message = page.getByTestId('run-message');
  for (const op of new Set(unsupported.map((u) => u.opType))) await expect(message).toContainText(op);
  await page.getByTestId('model-picker').selectOption('mlp');
  await expect(page.getByTestId('node-count')).toHaveAttribute('data-node-count', String(loadBundled('mlp').graph.nodes.length));
  await expect(page.getByTestId('run-button')).toBeEnabled();
});

test('a lost GPU device is reported in one line', async ({ page }) => {
  await openApp(page, '?model=mlp&loseDeviceAfterRuns=2');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-status', 'error', { timeout: 150_000 });
  await expect(page.getByTestId('run-message')).toContainText('GPU device was lost');
});

test('without WebGPU the run says so and nothing hangs', async ({}, testInfo) => {
  // A second browser without --enable-unsafe-webgpu: Chromium then offers no adapter here.
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: QUIET_ARGS });
  try {
    const page = await browser.newPage({ baseURL: testInfo.project.use.baseURL });
    await openApp(page, '?model=mlp');
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('run-panel')).toHaveAttribute('data-status', 'error');
    await expect(page.getByTestId('run-message')).toHaveText(/WebGPU is not available|no GPU adapter/);
  } finally {
    await browser.close();
  }
});
