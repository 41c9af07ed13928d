// Builds Kiln's own bundled models (seeded random weights) into public/models.
//   npm run build:models
// The files are committed; src/models/bundled-models.test.ts checks that this script still
// reproduces them byte for byte.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildBundledModels } from '../src/models/build.ts';

const dir = fileURLToPath(new URL('../public/models/', import.meta.url));
for (const { file, bytes } of buildBundledModels()) {
  writeFileSync(dir + file, bytes);
  console.log(`wrote public/models/${file} (${bytes.length} bytes)`);
}
