// How the tests launch Chromium: Debian's build, with WebGPU on SwiftShader. Checked on Chromium
// 156: without --enable-unsafe-webgpu a dedicated worker gets navigator.gpu but no adapter.
export const CHROMIUM_PATH = process.env.KILN_CHROMIUM ?? '/usr/bin/chromium';

export const QUIET_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  // Dawn rounds GPU timestamps to 65 µs unless told not to; per-kernel times need the real ones.
  '--disable-dawn-features=timestamp_quantization',
  ...QUIET_ARGS,
];
