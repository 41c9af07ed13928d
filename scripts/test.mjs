// `npm test`: every check, in order — system pieces, typecheck, unit + WebGPU kernel tests
// (Vitest, Dawn), end-to-end tests (Playwright in headless Chromium with WebGPU).
// Chromium and libvulkan1 are Debian packages (SwiftShader, the software WebGPU adapter, ships
// inside Chromium). When missing, root installs them with apt-get; anyone else gets one line
// naming the command.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.KILN_CHROMIUM ?? '/usr/bin/chromium';
const INSTALL = 'apt-get update && apt-get install -y chromium libvulkan1';

function hasVulkanLoader() {
  const r = spawnSync('ldconfig', ['-p'], { encoding: 'utf8' });
  return r.status === 0 ? /libvulkan\.so\.1\b/.test(r.stdout) : existsSync('/usr/lib/x86_64-linux-gnu/libvulkan.so.1');
}

function ensureSystemPieces() {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  if (!hasVulkanLoader()) missing.push('libvulkan1');
  if (!missing.length) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    console.error(`npm test needs ${missing.join(' and ')} (Debian packages); install with: sudo ${INSTALL}`);
    process.exit(1);
  }
  console.log(`kiln: installing ${missing.join(', ')} (Debian packages for headless WebGPU)…`);
  const r = spawnSync('sh', ['-c', `${INSTALL.replace('apt-get install', 'DEBIAN_FRONTEND=noninteractive apt-get install')} >/tmp/kiln-apt.log 2>&1`], { stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(CHROMIUM)) {
    console.error(`kiln: could not install ${missing.join(' and ')} (see /tmp/kiln-apt.log); run: ${INSTALL}`);
    process.exit(1);
  }
}

function step(title, command, args) {
  console.log(`\n── ${title} ──`);
  const t0 = Date.now();
  const r = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - t0) / 1000).toFixed(0);
  if (r.status !== 0) {
    console.error(`\n✗ ${title} failed (${seconds} s)`);
    process.exit(r.status ?? 1);
  }
  console.log(`✓ ${title} (${seconds} s)`);
}

ensureSystemPieces();
const only = process.argv[2];
if (!only || only === 'typecheck') step('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
if (!only || only === 'unit') step('unit and WebGPU kernel tests (Vitest, Dawn)', 'npx', ['vitest', 'run']);
if (!only || only === 'e2e') step('end-to-end tests (Playwright, headless Chromium)', 'npx', ['playwright', 'test']);
console.log('\nall tests passed');
