import { expect, test, type Page } from '@playwright/test';
import type { Model } from '../src/ir/types.ts';
import { printModel } from '../src/ir/text/print.ts';
import { changed } from '../src/passes/pass.ts';
import { PIPELINES } from '../src/passes/pipelines.ts';
import { PASSES } from '../src/passes/registry.ts';
import { constantsShownAsWeights } from '../src/ui/graph/to-flow.ts';
import { highlightSteps } from '../src/ui/steps/highlights.ts';
import { toleranceFor } from '../src/ui/checks/tolerance.ts';
import { GraphBuilder, makeModel } from '../src/ir/builder.ts';
import { exportModel } from '../src/ir/onnx/export.ts';
import { tensorFromNumbers } from '../src/ir/tensor.ts';
import { expectShowing, expectView, loadBundled, openApp, openFileBytes, runPreset, stepPayloads } from './kiln.ts';

const opNode = (page: Page, id: string) => page.locator(`[data-testid="op-node"][data-node-id="${id}"]`);

/**
 * The diff the canvas must show for step k: counts from the change record (a node rewritten under
 * its own id is changed, not removed), ghosts for removed boxes.
 */
async function expectStepDiff(page: Page, before: Model, step: ReturnType<typeof stepPayloads>[number]): Promise<void> {
  const h = highlightSteps(before, [step]);
  const summary = page.getByTestId('change-summary');
  const afterIds = new Set(step.model.graph.nodes.map((n) => n.id));
  expect(h.removed.map((n) => n.id)).toEqual(step.changes.removed.filter((id) => !afterIds.has(id) && before.graph.nodes.some((n) => n.id === id)));
  await expect(summary).toHaveAttribute('data-removed', String(h.removed.length));
  await expect(summary).toHaveAttribute('data-added', String(h.added.size));
  await expect(summary).toHaveAttribute('data-rewired', String(h.rewired.size));
  await expect(page.locator('[data-testid="op-node"][data-change="added"]')).toHaveCount(h.added.size);
  await expect(page.locator('[data-testid="op-node"][data-change="rewired"]')).toHaveCount(h.rewired.size);
  const boxed = constantsShownAsWeights(before.graph);
  await expect(page.getByTestId('ghost-node')).toHaveCount(h.removed.filter((n) => !boxed.has(n.id)).length);
}

test('a preset runs in the worker and steps with the arrow keys, showing each step’s diff', async ({ page }) => {
  const model = loadBundled('mlp');
  const steps = stepPayloads(model, PIPELINES.cleanup!.passes);
  expect(steps.some((s) => changed(s.changes)), 'cleanup changes the MLP').toBe(true);
  const models = [model, ...steps.map((s) => s.model)];

  await openApp(page, '?model=mlp');
  await runPreset(page, 'cleanup');
  await expect(page.getByTestId('preset-description')).toHaveText(PIPELINES.cleanup!.description);
  const rows = page.getByTestId('step-row');
  await expect(rows).toHaveCount(models.length);
  for (const [k, m] of models.entries()) await expect(rows.nth(k)).toHaveAttribute('data-node-count', String(m.graph.nodes.length));

  // Run to end shows the last step; Home goes back to the original; → walks every step.
  await expectView(page, steps.length, models[steps.length]!);
  await page.keyboard.press('Home');
  await expectView(page, 0, model);
  for (let k = 1; k <= steps.length; k++) {
    await page.keyboard.press('ArrowRight');
    await expectView(page, k, models[k]!);
    await expectStepDiff(page, models[k - 1]!, steps[k - 1]!);
  }
  await page.keyboard.press('ArrowLeft');
  await expectView(page, steps.length - 1, models[steps.length - 1]!);
  await page.keyboard.press('End');
  await expectView(page, steps.length, models[steps.length]!);

  // Clicking an explanation selects its nodes (kept ones on the canvas, removed ones as ghosts).
  const k = steps.findIndex((s) => s.changes.explanations.some((e) => e.produced.length + e.matched.length > 0)) + 1;
  expect(k, 'a cleanup step explains a rewrite with nodes').toBeGreaterThan(0);
  await rows.nth(k).click();
  await expectView(page, k, models[k]!);
  const explanation = steps[k - 1]!.changes.explanations.find((e) => e.produced.length + e.matched.length > 0)!;
  const index = steps[k - 1]!.changes.explanations.indexOf(explanation);
  await page.getByTestId('explanations').getByRole('button').nth(index).click();
  const present = new Set(models[k]!.graph.nodes.map((n) => n.id));
  const boxedBefore = constantsShownAsWeights(models[k - 1]!.graph);
  for (const id of [...explanation.produced, ...explanation.matched]) {
    if (present.has(id)) {
      if (!constantsShownAsWeights(models[k]!.graph).has(id)) await expect(opNode(page, id)).toHaveAttribute('data-selected', 'true');
    } else if (!boxedBefore.has(id)) await expect(page.locator(`[data-testid="ghost-node"][data-node-id="${id}"]`)).toHaveAttribute('data-selected', 'true');
  }

  await page.getByTestId('undo-button').click();
  await expectShowing(page, model);
  await expect(page.getByTestId('step-list')).toHaveCount(0);
});

test('each cleanup step passes its numeric check, and the text diff shows both sides', async ({ page }) => {
  const model = loadBundled('mlp');
  const steps = stepPayloads(model, PIPELINES.cleanup!.passes);
  const bound = toleranceFor({ kind: 'preset', id: 'cleanup' }).tolerance;
  await openApp(page, '?model=mlp');
  await runPreset(page, 'cleanup');

  const checks = page.getByTestId('step-check');
  await expect(checks).toHaveCount(steps.length);
  for (let i = 0; i < steps.length; i++) {
    await expect(checks.nth(i)).toHaveAttribute('data-status', 'done');
    await expect(checks.nth(i)).toHaveAttribute('data-pass', 'true');
    expect(Number(await checks.nth(i).getAttribute('data-rel-l2'))).toBeLessThanOrEqual(bound);
  }
  await expect(page.getByTestId('check-verdict')).toHaveAttribute('data-pass', 'true');

  // The diff of step 1: a line only the model before it has, and one only the model after it has.
  await page.getByTestId('step-row').nth(1).click();
  const before = printModel(model, { weights: 'elide' }).split('\n');
  const after = printModel(steps[0]!.model, { weights: 'elide' }).split('\n');
  const removed = before.find((l) => l.trim() && !after.includes(l))!;
  const added = after.find((l) => l.trim() && !before.includes(l))!;
  expect(removed && added, 'step 1 changes the printed text').toBeTruthy();
  await page.getByTestId('diff-toggle').click();
  const pane = page.getByTestId('text-pane');
  await expect(pane).toHaveAttribute('data-mode', 'diff');
  await expect(pane).toHaveAttribute('data-status', 'ready');
  await expect(pane.locator('.editor.original .view-lines')).toContainText(removed.trim());
  await expect(pane.locator('.editor.modified .view-lines')).toContainText(added.trim());
  await page.getByTestId('diff-toggle').click();
  await expect(pane).toHaveAttribute('data-mode', 'text');
  await expect(pane).toHaveAttribute('data-status', 'ready');
});

test('a custom pipeline composed by drag-and-drop and the keyboard runs, hides idle steps, and explains fused nodes', async ({ page }) => {
  const ids = ['fuse-conv-bn', 'fold-constants', 'eliminate-dead-code'];
  for (const id of ids) expect(PASSES[id], `pass ${id} is registered`).toBeDefined();
  const model = loadBundled('cnn');
  const steps = stepPayloads(model, ids.map((id) => PASSES[id]!));
  const fusing = steps.findIndex((s) => s.changes.added.length > 0);
  expect(fusing, 'fuse-conv-bn adds nodes to the CNN').toBe(0);

  await openApp(page, '?model=cnn');
  await page.getByTestId('mode-custom').click();
  // Drag: search the library, then drop the pass into the list.
  await page.getByTestId('pass-search').fill('batchnorm');
  await expect(page.getByTestId('library-pass')).toHaveCount(Object.values(PASSES).filter((p) => `${p.id} ${p.title} ${p.description}`.toLowerCase().includes('batchnorm')).length);
  await page.locator('[data-testid="library-pass"][data-pass-id="fuse-conv-bn"]').dragTo(page.getByTestId('custom-passes'));
  await page.getByTestId('pass-search').fill('');
  // Keyboard: add with Enter on the + buttons, then reorder with ↑.
  await page.locator('[data-testid="library-pass"][data-pass-id="eliminate-dead-code"]').getByTestId('add-pass').press('Enter');
  await page.locator('[data-testid="library-pass"][data-pass-id="fold-constants"]').getByTestId('add-pass').press('Enter');
  await page.getByRole('button', { name: 'Move fold-constants up' }).press('Enter');
  const list = page.getByTestId('custom-pass');
  await expect(list).toHaveCount(3);
  for (const [i, id] of ids.entries()) await expect(list.nth(i)).toHaveAttribute('data-pass-id', id);

  await page.getByTestId('run-pipeline').click();
  await expect(page.getByTestId('pass-panel')).toHaveAttribute('data-status', 'done');
  const rows = page.getByTestId('step-row');
  await expect(rows).toHaveCount(steps.length + 1);
  for (const [i, s] of steps.entries()) await expect(rows.nth(i + 1)).toHaveAttribute('data-node-count', String(s.model.graph.nodes.length));
  await page.getByTestId('hide-unchanged').check();
  await expect(rows).toHaveCount(1 + steps.filter((s) => changed(s.changes)).length);

  // The fused Conv: drawn with the fused look, animated in, and its inspector names the original nodes.
  await rows.nth(1).click();
  await expectView(page, 1, steps[0]!.model);
  await expectStepDiff(page, model, steps[0]!);
  const fused = steps[0]!.model.graph.nodes.find((n) => n.id === steps[0]!.changes.added[0])!;
  await expect(opNode(page, fused.id)).toHaveAttribute('data-fused', 'true');
  await opNode(page, fused.id).click();
  const provenance = page.getByTestId('provenance');
  await expect(provenance).toHaveAttribute('data-origins', [...fused.provenance!].join(' '));
  for (const id of fused.provenance!) await expect(provenance.getByTestId('origin-nodes')).toContainText(id);
});

test('near misses say why a rule declined, and clicking one selects its node', async ({ page }) => {
  // Conv feeds both a BatchNormalization and a Relu: folding the BN would compute the Conv twice.
  const b = new GraphBuilder('shared');
  const x = b.input('x', 'float32', [1, 1, 4, 4]);
  const c = b.node('Conv', [x, b.initializer(tensorFromNumbers('w', 'float32', [1, 1, 1, 1], [2]))], { name: 'conv' });
  const p = (name: string, v: number) => b.initializer(tensorFromNumbers(name, 'float32', [1], [v]));
  b.output(b.node('BatchNormalization', [c, p('s', 1), p('b', 0), p('m', 0), p('v', 1)], { name: 'bn' }), 'float32', [1, 1, 4, 4]);
  b.output(b.node('Relu', [c], { name: 'relu' }), 'float32', [1, 1, 4, 4]);
  const model = makeModel(b.build());
  const [step] = stepPayloads(model, [PASSES['fuse-conv-bn']!]);
  const misses = step!.changes.nearMisses;
  expect(misses.length, 'fuse-conv-bn declines on a shared Conv').toBeGreaterThan(0);

  await openApp(page);
  await openFileBytes(page, 'shared-conv.onnx', Buffer.from(exportModel(model)));
  await expectShowing(page, model);
  await page.getByTestId('mode-custom').click();
  await page.locator('[data-testid="library-pass"][data-pass-id="fuse-conv-bn"]').getByTestId('add-pass').click();
  await page.getByTestId('run-pipeline').click();
  await expect(page.getByTestId('pass-panel')).toHaveAttribute('data-status', 'done');
  const items = page.getByTestId('near-misses').getByRole('button');
  await expect(items).toHaveCount(misses.length);
  for (const [i, m] of misses.entries()) {
    await expect(items.nth(i)).toContainText(m.rule);
    await expect(items.nth(i)).toContainText(m.reason);
  }
  await items.first().click();
  await expect(opNode(page, misses[0]!.nodeId)).toHaveAttribute('data-selected', 'true');
  await expect(page.getByTestId('node-details')).toHaveAttribute('data-node-id', misses[0]!.nodeId);
});
