import { chromium, expect, test } from '@playwright/test';
import { GraphBuilder, makeModel } from '../src/ir/builder.ts';
import { exportModel } from '../src/ir/onnx/export.ts';
import { checkSupport } from '../src/webgpu-backend/compile.ts';
import { CHROMIUM_PATH, QUIET_ARGS } from './chromium.ts';
import { expectShowing, loadBundled, openApp, openFileBytes } from './kiln.ts';

// Compiling and 23 runs on SwiftShader take a while on a small shared machine.
test.setTimeout(180_000);

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
  // An op no backend will ever have, so this test never depends on what Kiln supports today.
  const b = new GraphBuilder('odd');
  const x = b.input('x', 'float32', [1, 4]);
  const y = b.node('Relu', [x], { name: 'relu' });
  b.output(b.node('Frobnicate', [y], { name: 'mystery', domain: 'example.com' }), 'float32', [1, 4]);
  const model = makeModel(b.build(), { opsetImports: [{ domain: '', version: 17 }, { domain: 'example.com', version: 1 }] });
  const unsupported = checkSupport(model, { inputShapes: { x: [1, 4] } });
  expect(unsupported.map((u) => u.nodeId)).toEqual(['mystery']);
  await openApp(page);
  await openFileBytes(page, 'odd.onnx', Buffer.from(exportModel(model)));
  await expectShowing(page, model);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-status', 'error');
  await expect(page.getByTestId('run-message')).toContainText('Frobnicate');
  await expect(page.getByTestId('run-message')).toContainText('mystery');
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
