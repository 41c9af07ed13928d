import { expect, test } from '@playwright/test';
import { inferShapes } from '../src/ir/infer/infer-shapes.ts';
import { printModel } from '../src/ir/text/print.ts';
import { formatAttribute } from '../src/ui/format/attributes.ts';
import { formatType } from '../src/ui/format/values.ts';
import { constantsShownAsWeights, countNodes } from '../src/ui/graph/to-flow.ts';
import { expectShowing, loadBundled, manifest, openApp, runPreset, screenshotPath } from './kiln.ts';

const defaultEntry = manifest.models.find((m) => m.id === manifest.default)!;

test('opens on the default bundled model with its node and op counts', async ({ page }) => {
  const model = loadBundled(defaultEntry.id);
  await openApp(page);
  await expectShowing(page, model);
  await expect(page.getByTestId('op-count')).toHaveAttribute('data-op-count', String(countNodes(model.graph).opTypes));
  const info = page.getByTestId('model-info');
  await expect(info).toContainText(defaultEntry.name);
  await expect(info).toContainText(defaultEntry.description);
  await expect(info).toContainText(defaultEntry.license);
});

test('clicking a node shows its attributes and inferred shapes in the inspector', async ({ page }) => {
  const model = loadBundled(defaultEntry.id);
  const folded = constantsShownAsWeights(model.graph);
  const node = model.graph.nodes.find((n) => n.attributes.length > 0 && !folded.has(n.id));
  expect(node, 'the default model has a drawn node with attributes').toBeDefined();
  const types = inferShapes(model).types;

  await openApp(page);
  await page.locator(`[data-testid="op-node"][data-node-id="${node!.id}"]`).click();
  const details = page.getByTestId('node-details');
  await expect(details).toHaveAttribute('data-node-id', node!.id);
  await expect(details).toContainText(node!.opType);
  for (const a of node!.attributes) {
    await expect(details.getByTestId('attributes')).toContainText(a.name);
    await expect(details.getByTestId('attributes')).toContainText(formatAttribute(a));
  }
  for (const out of node!.outputs.filter(Boolean)) {
    await expect(details.getByTestId('outputs')).toContainText(formatType(types.get(out)));
  }
  for (const input of node!.inputs.filter(Boolean)) {
    await expect(details.getByTestId('inputs')).toContainText(input);
  }
});

test('the text pane shows the model in the ONNX text syntax', async ({ page }) => {
  const model = loadBundled(defaultEntry.id);
  const lines = printModel(model, { weights: 'elide' }).split('\n').filter((l) => l.trim()).slice(0, 3);
  await openApp(page);
  const pane = page.getByTestId('text-pane');
  await expect(pane).toHaveAttribute('data-status', 'ready');
  for (const line of lines) await expect(pane.locator('.view-lines')).toContainText(line.trim());
});

test('takes the README screenshot of the default model, one cleanup step in', async ({ page }) => {
  await openApp(page);
  // The README's picture: the first cleanup step's diff and explanations, its numeric check, and
  // a WebGPU run of that step's model (either outcome of the run will do for a picture).
  await runPreset(page, 'cleanup');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('graph')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('numeric-check')).toHaveAttribute('data-status', /done|error/);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-status', /done|error/, { timeout: 120_000 });
  const explanation = page.getByTestId('explanations').getByRole('button').first();
  if (await explanation.count()) await explanation.click();
  await expect(page.getByTestId('text-pane')).toHaveAttribute('data-status', 'ready');
  await page.screenshot({ path: screenshotPath('screenshot.png') });
});
