import { expect, test } from '@playwright/test';
import { PIPELINES } from '../src/passes/pipelines.ts';
import { traceOrigins } from '../src/passes/metrics/index.ts';
import { matchOtherKernel } from '../src/ui/editor/kernel-match.ts';
import { constantsShownAsWeights } from '../src/ui/graph/to-flow.ts';
import { checkSupport } from '../src/webgpu-backend/compile.ts';
import { compileInNode, manifestShapes, opNode, runShownModel } from './backend-plan.ts';
import { expectView, loadBundled, openApp, runPreset, screenshotPath, stepPayloads } from './kiln.ts';

// Compiling and 23 runs on SwiftShader take a while on a small shared machine.
test.setTimeout(180_000);

test('a run shows per-kernel times, the memory timeline, the WGSL of a kernel and a diff against another pipeline', async ({ page }) => {
  const model = loadBundled('mlp');
  const { plan, memory } = await compileInNode(model, manifestShapes('mlp'));
  const drawn = new Set(model.graph.nodes.map((n) => n.id).filter((id) => !constantsShownAsWeights(model.graph).has(id)));

  await openApp(page, '?model=mlp');
  await runShownModel(page);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-match', 'true');
  await expect(page.getByTestId('timing-source')).toHaveAttribute('data-source', 'gpu-timestamps');
  await expect(page.getByTestId('kernel-count')).toHaveText(String(plan.kernels.length));

  // One bar per kernel of the plan, slowest first.
  const bars = page.getByTestId('kernel-bar');
  await expect(bars).toHaveCount(plan.kernels.length);
  const ids = await bars.evaluateAll((els) => els.map((e) => e.getAttribute('data-kernel-id')));
  expect(new Set(ids)).toEqual(new Set(plan.kernels.map((k) => k.id)));
  const ms = await bars.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-ms'))));
  expect(ms).toEqual([...ms].sort((a, b) => b - a));

  // The memory chart draws the plan's timeline with its peak, lower bound and weights.
  const chart = page.getByTestId('memory-chart');
  await expect(chart).toHaveAttribute('data-points', String(plan.timeline.length));
  await expect(chart).toHaveAttribute('data-peak', String(memory.peakActivationBytes));
  await expect(chart).toHaveAttribute('data-lower-bound', String(memory.lowerBoundBytes));
  await expect(chart).toHaveAttribute('data-weights', String(memory.weightBytes));

  // Clicking the slowest bar selects its nodes, brings them into view and shows its WGSL.
  const slowest = plan.kernels.find((k) => k.id === ids[0])!;
  await bars.first().click();
  for (const id of slowest.nodeIds.filter((n) => drawn.has(n))) {
    await expect(opNode(page, id)).toHaveAttribute('data-selected', 'true');
    await expect(opNode(page, id)).toBeInViewport();
  }
  const wgsl = page.getByTestId('wgsl-pane');
  await expect(wgsl).toHaveAttribute('data-kernel-id', slowest.id);
  await expect(wgsl).toHaveAttribute('data-variant', slowest.variant);
  await expect(wgsl).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('wgsl-editor')).toContainText(slowest.variant);

  // The heatmap fills every node a kernel computes; folded nodes are drawn as folded.
  await page.getByTestId('heatmap-toggle').click();
  await expect(page.getByTestId('heatmap-legend')).toBeVisible();
  const inKernels = [...drawn].filter((id) => plan.kernels.some((k) => k.nodeIds.includes(id)));
  await expect(page.locator('[data-testid="op-node"][data-heat="time"]')).toHaveCount(inKernels.length);
  for (const id of plan.foldedNodes.filter((n) => drawn.has(n))) await expect(opNode(page, id)).toHaveAttribute('data-heat', 'folded');

  // A node's kernel against the same node under another pipeline, planned in the worker.
  const preset = 'ort-extended';
  const steps = stepPayloads(model, PIPELINES[preset]!.passes);
  const final = steps.at(-1)?.model ?? model;
  const other = await compileInNode(final, manifestShapes('mlp'));
  const origins = Object.fromEntries(traceOrigins(model, steps).at(-1)!);
  const nodes = final.graph.nodes.map((n) => ({ id: n.id, opType: n.opType, outputs: n.outputs }));
  const addKernel = plan.kernels.find((k) => k.nodeIds.includes('fc1/Add'))!;
  const identity = new Map(model.graph.nodes.map((n) => [n.id, [n.id]]));
  const expected = matchOtherKernel('fc1/Add', addKernel, identity, { ...other, profile: 'device', origins, nodes }, preset);
  await opNode(page, 'fc1/Add').click();
  await expect(wgsl).toHaveAttribute('data-kernel-id', addKernel.id);
  await page.getByTestId('kernel-diff-preset').selectOption(preset);
  await expect(wgsl).toHaveAttribute('data-diff', expected.kind);
  await expect(page.getByTestId('kernel-diff-note')).toContainText(expected.note);
  if (expected.kind === 'kernels') {
    await expect(wgsl).toHaveAttribute('data-same-group', String(expected.sameGroup));
    await expect(page.getByTestId('wgsl-diff-editor')).toBeVisible();
    await expect(wgsl).toHaveAttribute('data-status', 'ready');
  }
  await page.screenshot({ path: screenshotPath('screenshot-run.png') });
});

test('Run compiles the step shown in the steps view and checks it against the original', async ({ page }) => {
  const model = loadBundled('mlp');
  const steps = stepPayloads(model, PIPELINES['ort-extended']!.passes);
  const final = steps.at(-1)!.model;
  const { plan } = await compileInNode(final, manifestShapes('mlp'));
  await openApp(page, '?model=mlp');
  await runPreset(page, 'ort-extended');
  await expectView(page, steps.length, final);
  await runShownModel(page);
  await expect(page.getByTestId('run-message')).toHaveCount(0);
  await expect(page.getByTestId('kernel-count')).toHaveText(String(plan.kernels.length));
  await expect(page.getByTestId('kernel-bar')).toHaveCount(plan.kernels.length);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-match', 'true');
});

test('the CNN runs and matches when checkSupport allows it, else badges exactly the nodes it names', async ({ page }) => {
  const model = loadBundled('cnn');
  const unsupported = checkSupport(model, { inputShapes: manifestShapes('cnn') });
  await openApp(page, '?model=cnn');
  const badged = page.locator('[data-testid="op-node"][data-no-kernel="true"]');
  if (unsupported.length === 0) {
    // The CNN's kernels have landed: it runs and matches instead.
    await runShownModel(page);
    await expect(badged).toHaveCount(0);
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-match', 'true');
    return;
  }
  const drawn = new Set(model.graph.nodes.map((n) => n.id).filter((id) => !constantsShownAsWeights(model.graph).has(id)));
  const expected = unsupported.filter((u) => drawn.has(u.nodeId));
  await expect(badged).toHaveCount(expected.length);
  for (const u of expected) await expect(opNode(page, u.nodeId)).toHaveAttribute('data-no-kernel', 'true');
  const first = expected[0]!;
  await opNode(page, first.nodeId).click();
  await expect(page.getByTestId('no-kernel-reason')).toContainText(first.reason);
  await runShownModel(page);
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-status', 'error');
  await expect(page.getByTestId('run-message')).toContainText(first.opType);
});

test('Cancel stops a long compile, says so, and the next Run works', async ({ page }) => {
  // holdCompileMs holds the first compile in the worker: a stand-in for a compile that takes long.
  await openApp(page, '?model=mlp&holdCompileMs=600000');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-phase')).toHaveText('compiling…');
  await page.getByTestId('cancel-button').click();
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('run-message')).toContainText('Cancelled');
  await expect(page.getByTestId('cancel-button')).toHaveCount(0);
  await opNode(page, 'relu1').click();
  await expect(page.getByTestId('node-details')).toHaveAttribute('data-node-id', 'relu1');
  await runShownModel(page);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-match', 'true');
});
