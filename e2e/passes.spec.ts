import { expect, test } from '@playwright/test';
import { exportModel } from '../src/ir/onnx/export.ts';
import { runPipeline } from '../src/passes/pipeline.ts';
import { PIPELINES } from '../src/passes/pipelines.ts';
import { highlightSteps } from '../src/ui/steps/highlights.ts';
import { expectShowing, loadBundled, openApp, openFileBytes } from './kiln.ts';

function cleanup(model: ReturnType<typeof loadBundled>) {
  const pipeline = PIPELINES.cleanup;
  expect(pipeline, "the 'cleanup' pipeline is registered in src/passes/pipelines.ts").toBeDefined();
  const steps = runPipeline(model, pipeline!.passes);
  const payloads = steps.map((s) => ({ passId: s.pass.id, title: s.pass.title, model: s.result.model, changes: s.result.changes, ms: s.ms }));
  return { after: payloads[payloads.length - 1]?.model ?? model, highlights: highlightSteps(model, payloads) };
}

test('the cleanup pass changes the graph, marks what changed, and undo restores it', async ({ page }) => {
  const model = loadBundled('mlp');
  const { after, highlights } = cleanup(model);
  expect(after.graph.nodes.length, 'cleanup changes the MLP').not.toBe(model.graph.nodes.length);

  await openApp(page);
  await expectShowing(page, model);
  await page.getByTestId('pass-button').click();
  await expect(page.getByTestId('pass-panel')).toHaveAttribute('data-status', 'done');
  await expectShowing(page, after);

  const removedList = page.getByTestId('removed-nodes');
  for (const n of highlights.removed) await expect(removedList).toContainText(n.id);
  await expect(page.locator('[data-testid="op-node"][data-change="added"]')).toHaveCount(highlights.added.size);
  await expect(page.locator('[data-testid="op-node"][data-change="rewired"]')).toHaveCount(highlights.rewired.size);
  await expect(page.locator('[data-testid="op-node"][data-change="weights"]')).toHaveCount(highlights.newWeightReaders.size);

  const first = highlights.explanations.find((e) => e.produced.length + e.matched.length > 0);
  if (first) {
    await page.getByTestId('explanations').getByRole('button').first().click();
    const shown = [...first.produced, ...first.matched].filter((id) => after.graph.nodes.some((n) => n.id === id));
    for (const id of shown) await expect(page.locator(`[data-testid="op-node"][data-node-id="${id}"]`)).toHaveAttribute('data-selected', 'true');
  }

  await page.getByTestId('undo-button').click();
  await expectShowing(page, model);
  await expect(page.locator('[data-testid="op-node"][data-change]')).toHaveCount(0);
});

test('a pass that changes nothing says so', async ({ page }) => {
  const { after } = cleanup(loadBundled('mlp'));
  await openApp(page);
  await openFileBytes(page, 'mlp-clean.onnx', Buffer.from(exportModel(after)));
  await expectShowing(page, after);
  await page.getByTestId('pass-button').click();
  await expect(page.getByTestId('pass-panel')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('pass-message')).toContainText('No changes');
  await expectShowing(page, after);
});
