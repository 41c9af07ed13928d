import { expect, test } from '@playwright/test';
import { exportModel } from '../src/ir/onnx/export.ts';
import { PIPELINES } from '../src/passes/pipelines.ts';
import { expectShowing, loadBundled, openApp, openFileBytes, runPreset, stepPayloads } from './kiln.ts';

test('a pipeline that changes nothing says so', async ({ page }) => {
  const steps = stepPayloads(loadBundled('mlp'), PIPELINES.cleanup!.passes);
  const after = steps[steps.length - 1]!.model;
  await openApp(page);
  await openFileBytes(page, 'mlp-clean.onnx', Buffer.from(exportModel(after)));
  await expectShowing(page, after);
  await runPreset(page, 'cleanup');
  await expect(page.getByTestId('pass-message')).toContainText('No changes');
  await expectShowing(page, after);
});
