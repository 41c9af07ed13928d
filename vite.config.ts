import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // onnxruntime-web's "extern wasm" build loads its runtime from ort.env.wasm.wasmPaths (/ort/,
    // copied there at install time) instead of bundling a second 14 MB copy of the .wasm.
    conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions],
  },
  // Workers import code-split modules (Monaco's worker, onnxruntime-web's runtime): ES workers.
  worker: { format: 'es' },
  optimizeDeps: {
    // onnxruntime-web locates its runtime relative to its own module; pre-bundling would move it.
    exclude: ['onnxruntime-web'],
    // Imported only from workers, which the dev server's dependency scan does not follow; listing
    // them avoids a re-optimization and page reload on the first visit.
    include: ['elkjs/lib/elk.bundled.js', 'comlink'],
  },
  build: {
    target: 'es2022',
    // Monaco and ELK are large by nature; they load lazily or in workers.
    chunkSizeWarningLimit: 4096,
    // bench.html: the page `kiln bench` drives (src/bench/page.ts).
    rolldownOptions: { input: { index: fileURLToPath(new URL('index.html', import.meta.url)), bench: fileURLToPath(new URL('bench.html', import.meta.url)) } },
  },
});
