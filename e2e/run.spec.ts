import { chromium, expect, test } from '@playwright/test';
import { GraphBuilder, makeModel } from '../src/ir/builder.ts';
import { exportModel } from '../src/ir/onnx/export.ts';
import { checkSupport } from '../src/webgpu-backend/compile.ts';
import { opNode, runShownModel } from './backend-plan.ts';
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
  await expect(page.locator('[data-testid="op-node"][data-no-kernel="true"]')).toHaveCount(1);
  await expect(opNode(page, 'mystery')).toHaveAttribute('data-no-kernel', 'true');
  await opNode(page, 'mystery').click();
  await expect(page.getByTestId('no-kernel-reason')).toContainText(unsupported[0]!.reason);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-status', 'error');
  await expect(page.getByTestId('run-message')).toContainText('Frobnicate');
  await expect(page.getByTestId('run-message')).toContainText('mystery');
  await page.getByTestId('model-picker').selectOption('mlp');
  await expect(page.getByTestId('node-count')).toHaveAttribute('data-node-count', String(loadBundled('mlp').graph.nodes.length));
  await expect(page.getByTestId('run-button')).toBeEnabled();
});

test('a lost GPU device is reported in one line, and the next Run works on a fresh device', async ({ page }) => {
  // The hook applies to the first Run after the page loads only.
  await openApp(page, '?model=mlp&loseDeviceAfterRuns=2');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-status', 'error', { timeout: 150_000 });
  await expect(page.getByTestId('run-message')).toContainText('GPU device was lost');
  await runShownModel(page);
  await expect(page.getByTestId('run-message')).toHaveCount(0);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-match', 'true');
});

test('a shape too large for the device gets the backend’s message naming the node and the limit', async ({ page }) => {
  // An outer product: tiny inputs, an output of 20000×20000 floats (1.5 GiB) no binding can hold.
  const n = 20000;
  const b = new GraphBuilder('outer');
  const x = b.input('a', 'float32', [n, 1]);
  const y = b.input('b', 'float32', [1, n]);
  b.output(b.node('MatMul', [x, y], { name: 'outer' }), 'float32', [n, n]);
  const model = makeModel(b.build(), { opsetImports: [{ domain: '', version: 17 }] });
  expect(checkSupport(model, { inputShapes: { a: [n, 1], b: [1, n] } })).toEqual([]);
  await openApp(page);
  await openFileBytes(page, 'outer.onnx', Buffer.from(exportModel(model)));
  await expectShowing(page, model);
  await runShownModel(page);
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-status', 'error');
  await expect(page.getByTestId('run-message')).toContainText(/MatMul \(outer\): .* more than this device's max\w+/);
  await expect(page.getByTestId('run-button')).toBeEnabled();
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
    // Everything that needs no GPU keeps working: the WGSL pane lowers the model for a default profile.
    await opNode(page, 'fc1/MatMul').click();
    await page.getByTestId('text-mode-wgsl').click();
    await expect(page.getByTestId('wgsl-pane')).toHaveAttribute('data-kernel-id', 'fc1/MatMul');
    await expect(page.getByTestId('wgsl-pane')).toContainText('planned for a default GPU profile');
  } finally {
    await browser.close();
  }
});
