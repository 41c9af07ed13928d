import { expect, test, type Page } from '@playwright/test';
import { GraphBuilder, makeModel } from '../src/ir/builder.ts';
import { exportModel } from '../src/ir/onnx/export.ts';
import { seededRandom } from '../src/reference/random-inputs.ts';
import { DEFAULT_MAX_MODEL_BYTES, readModel } from '../src/ui/load/read-model.ts';
import { expectShowing, loadBundled, modelBytes, openApp, openFileBytes } from './kiln.ts';

/** The banner text the app must show for a file: what Kiln's own reader says about it. */
function expectedError(name: string, bytes: Uint8Array, limit = DEFAULT_MAX_MODEL_BYTES): string {
  try {
    readModel(name, bytes, limit);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${name} unexpectedly opens`);
}

async function expectRefused(page: Page, name: string, bytes: Buffer, limit?: number): Promise<void> {
  await openFileBytes(page, name, bytes);
  const message = page.getByTestId('error-message');
  await expect(message).toHaveText(expectedError(name, new Uint8Array(bytes), limit));
  expect((await message.innerText()).split('\n').filter(Boolean)).toHaveLength(1);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'error');
}

test('corrupt files show a one-line error and the open model stays usable', async ({ page }) => {
  const mlp = loadBundled('mlp');
  await openApp(page);
  await expectShowing(page, mlp);

  const rand = seededRandom(42);
  const noise = Buffer.from(Array.from({ length: 5000 }, () => Math.floor(rand() * 256)));
  await expectRefused(page, 'noise.onnx', noise);
  await expectShowing(page, mlp);

  const whole = modelBytes('mlp.onnx');
  await expectRefused(page, 'mlp-truncated.onnx', whole.subarray(0, Math.floor(whole.length * 0.6)));
  await expectShowing(page, mlp);

  // Still usable: inspect a node, then open another bundled model.
  const node = mlp.graph.nodes.find((n) => n.opType !== 'Constant')!;
  await page.locator(`[data-testid="op-node"][data-node-id="${node.id}"]`).click();
  await expect(page.getByTestId('node-details')).toHaveAttribute('data-node-id', node.id);
  await page.getByTestId('model-picker').selectOption('cnn');
  await expectShowing(page, loadBundled('cnn'));
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
});

test('a graph with a cycle is refused, naming the cycle', async ({ page }) => {
  const b = new GraphBuilder('loop');
  const x = b.input('x', 'float32', [1]);
  b.node('Add', [x, 'relu_out'], { name: 'add', outputs: ['add_out'] });
  b.node('Relu', ['add_out'], { name: 'relu', outputs: ['relu_out'] });
  b.output('relu_out');
  await openApp(page);
  await expectRefused(page, 'cycle.onnx', Buffer.from(exportModel(makeModel(b.build()))));
  await expect(page.getByTestId('error-banner')).toContainText('cycle');
  await expectShowing(page, loadBundled('mlp'));
});

test('a file over ?maxModelBytes is refused with the size message', async ({ page }) => {
  const limit = modelBytes('mlp.onnx').length + 1000;
  await openApp(page, `?maxModelBytes=${limit}`);
  await expectShowing(page, loadBundled('mlp'));
  await expectRefused(page, 'huge.onnx', Buffer.alloc(limit + 1), limit);
  await expect(page.getByTestId('error-banner')).toContainText('limit');
  await expectShowing(page, loadBundled('mlp'));
});

test('dropping an .onnx file on the window opens it', async ({ page }) => {
  await openApp(page);
  const bytes = [...modelBytes('transformer.onnx')];
  const dataTransfer = await page.evaluateHandle((data) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], 'dropped.onnx'));
    return dt;
  }, bytes);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  await expectShowing(page, loadBundled('transformer'));
  await expect(page.getByTestId('model-info')).toContainText('dropped.onnx');
});

test('a model with an unknown op opens, with that node marked unsupported', async ({ page }) => {
  const b = new GraphBuilder('odd');
  const x = b.input('x', 'float32', [1, 4]);
  const y = b.node('Relu', [x], { name: 'relu' });
  b.output(b.node('Frobnicate', [y], { name: 'mystery', domain: 'example.com' }), 'float32', [1, 4]);
  const model = makeModel(b.build(), { opsetImports: [{ domain: '', version: 17 }, { domain: 'example.com', version: 1 }] });
  await openApp(page);
  await openFileBytes(page, 'odd.onnx', Buffer.from(exportModel(model)));
  await expectShowing(page, model);
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
  await expect(page.locator('[data-testid="op-node"][data-unsupported="true"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="op-node"][data-node-id="mystery"]')).toHaveAttribute('data-unsupported', 'true');
});
