import { expect, test, type Locator } from '@playwright/test';
import { PIPELINES } from '../src/passes/pipelines.ts';
import { loadBundled, openApp, screenshotPath, stepPayloads } from './kiln.ts';

const viewportOf = (canvas: Locator) => canvas.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);

test('compare runs two presets side by side: a row per pipeline, one camera, one selection', async ({ page }) => {
  const presets = ['none', 'cleanup'];
  for (const id of presets) expect(PIPELINES[id], `preset ${id} exists`).toBeDefined();
  const model = loadBundled('mlp');
  const finals = presets.map((id) => stepPayloads(model, PIPELINES[id]!.passes).at(-1)?.model ?? model);

  await openApp(page, '?model=mlp');
  await page.getByTestId('workspace-compare').click();
  const view = page.getByTestId('compare-view');
  await expect(view).toHaveAttribute('data-status', 'done');
  const picks = page.getByTestId('compare-preset');
  for (const [i, id] of presets.entries()) await picks.nth(i).selectOption(id);
  await page.getByTestId('run-compare').click();

  const rows = page.getByTestId('compare-row');
  await expect(rows).toHaveCount(presets.length);
  for (const [i, id] of presets.entries()) {
    await expect(rows.nth(i)).toHaveAttribute('data-preset', id);
    await expect(rows.nth(i)).toHaveAttribute('data-nodes', String(finals[i]!.graph.nodes.length));
    const error = rows.nth(i).getByTestId('compare-error');
    await expect(error).toHaveAttribute('data-status', 'done');
    expect(Number(await error.getAttribute('data-rel-l2'))).toBeLessThanOrEqual(1e-4);
  }

  const canvases = page.getByTestId('compare-canvas');
  await expect(canvases).toHaveCount(presets.length);
  for (let i = 0; i < presets.length; i++) await expect(canvases.nth(i)).toHaveAttribute('data-status', 'ready');
  const [a, b] = [canvases.nth(0), canvases.nth(1)];
  const start = await viewportOf(b);
  expect(await viewportOf(a)).toBe(start);

  // Pan the first canvas by dragging its background (top right, away from the centered graph and
  // the controls at bottom left): the second follows.
  const pane = await a.locator('.react-flow__pane').boundingBox();
  expect(pane).not.toBeNull();
  const x = pane!.x + pane!.width - 20, y = pane!.y + 20;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x - 60, y + 80, { steps: 6 });
  await page.mouse.up();
  await expect.poll(() => viewportOf(b)).not.toBe(start);
  expect(await viewportOf(b)).toBe(await viewportOf(a));
  // Fitting one canvas (its own fit button) fits them all.
  const panned = await viewportOf(a);
  await b.locator('.react-flow__controls-fitview').click();
  await expect.poll(() => viewportOf(a)).not.toBe(panned);
  await expect.poll(() => viewportOf(a)).toBe(await viewportOf(b));

  // Selecting a node in one canvas selects the same node in the other.
  const shared = finals[1]!.graph.nodes.find((n) => n.opType === 'MatMul' && finals[0]!.graph.nodes.some((m) => m.id === n.id))!;
  await a.locator(`[data-testid="op-node"][data-node-id="${shared.id}"]`).click();
  await expect(b.locator(`[data-testid="op-node"][data-node-id="${shared.id}"]`)).toHaveAttribute('data-selected', 'true');

  await page.screenshot({ path: screenshotPath('screenshot-compare.png') });
});
