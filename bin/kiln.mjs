#!/usr/bin/env node
// Entry point of the `kiln` command (npx kiln ...). Kiln's sources are TypeScript; tsx compiles
// them on the fly so a clone needs no build step before the CLI works.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
// Native addons (onnxruntime, Dawn) can keep the event loop alive: exit explicitly.
process.exit(code);
