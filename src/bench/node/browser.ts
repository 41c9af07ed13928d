// Headless Chromium for bench: Debian's build with the flags the end-to-end tests use (WebGPU on
// SwiftShader, Dawn's timestamp quantization off), so every engine runs under one set of Dawn
// settings in one browser process.
import { existsSync } from 'node:fs';
import type { Browser } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../e2e/chromium.ts';
import { InputError } from '../../ir/errors.ts';

export const BENCH_CHROMIUM_ARGS: readonly string[] = CHROMIUM_ARGS;

/** Fails with how to install Chromium when it is missing (before anything slow starts). */
export function assertChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new InputError(`Chromium not found at ${CHROMIUM_PATH}: install it with \`sudo apt-get install -y chromium\` (Debian's build has SwiftShader for WebGPU without a GPU), or set KILN_CHROMIUM to a Chromium binary`);
  }
}

export async function launchChromium(): Promise<{ browser: Browser; path: string }> {
  assertChromium();
  const { chromium } = await import('@playwright/test');
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
    return { browser, path: CHROMIUM_PATH };
  } catch (e) {
    throw new InputError(`could not start Chromium at ${CHROMIUM_PATH}: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
  }
}
