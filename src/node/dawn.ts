// WebGPU in Node through Dawn (the `webgpu` npm package). One device per process, created on
// first use: Dawn start-up costs far more than any test, and one device lets pipelines be cached.
// Machines without a GPU get SwiftShader (software Vulkan shipped by Debian's chromium package).
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, globals } from 'webgpu';
import { InputError } from '../ir/errors.ts';

export interface NodeGpu {
  readonly device: GPUDevice;
  readonly adapterInfo: { readonly vendor: string; readonly architecture: string; readonly device: string; readonly description: string };
  readonly features: string[];
  /** The instance's WGSL language features (a device does not expose them): pass to compileModel. */
  readonly wgslLanguageFeatures: string[];
}

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
// Dawn rounds timestamps to 65,536 ns by default, which makes per-kernel times of small kernels 0.
const DAWN_FLAGS = ['disable-dawn-features=timestamp_quantization'];

let cached: Promise<NodeGpu> | undefined;
// Dawn's instance must outlive every device made from it: if the GC frees it, Dawn's event
// processing touches freed memory and the process crashes. One instance serves the process.
let instance: GPU | undefined;

/** The process's WebGPU device (created once; created again after releaseNodeGpu or a loss). */
export function createNodeGpu(): Promise<NodeGpu> {
  if (!cached) {
    const attempt = openNodeGpu();
    cached = attempt;
    // A failed attempt must not stick: the next caller may have fixed the environment.
    attempt.catch(() => {
      if (cached === attempt) cached = undefined;
    });
  }
  return cached;
}

/** Destroys the cached device; the next createNodeGpu() opens a fresh one. */
export async function releaseNodeGpu(): Promise<void> {
  const current = cached;
  cached = undefined;
  if (!current) return;
  try {
    (await current).device.destroy();
  } catch {
    // It never opened: nothing to release.
  }
}

/** A GPU the kernel exposes (DRM render node or NVIDIA device): then its own Vulkan driver is used. */
function hasGpuDeviceNode(): boolean {
  if (existsSync('/dev/nvidia0')) return true;
  try {
    return readdirSync('/dev/dri').some((f) => f.startsWith('renderD'));
  } catch {
    return false;
  }
}

function prepareEnvironment(): void {
  // Set before create(): the Vulkan loader reads these when Dawn first enumerates adapters.
  // Without a GPU, Vulkan falls back to SwiftShader (the system's lavapipe is too old for Dawn).
  if (!process.env.VK_ICD_FILENAMES && !hasGpuDeviceNode() && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  if (!process.env.XDG_RUNTIME_DIR) {
    // One private directory per user, not one per process: nothing is ever written there.
    const dir = join(tmpdir(), `kiln-xdg-${process.getuid?.() ?? 'user'}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    process.env.XDG_RUNTIME_DIR = dir;
  }
}

export interface OpenOptions {
  /** Request 'timestamp-query' when the adapter has it (default true). */
  readonly timestampQuery?: boolean;
  /** Request 'shader-f16' when the adapter has it (default true; SwiftShader does not). */
  readonly shaderF16?: boolean;
}

/** A new device that is not cached (the caller destroys it): for tests and side-by-side runs. */
export async function openNodeGpu(options: OpenOptions = {}): Promise<NodeGpu> {
  prepareEnvironment();
  if (!instance) {
    Object.assign(globalThis, globals);
    instance = create(DAWN_FLAGS);
  }
  const adapter = await instance.requestAdapter();
  if (!adapter) throw new InputError("no WebGPU adapter: install Debian's chromium (SwiftShader) and libvulkan1");
  const wanted: [GPUFeatureName, boolean][] = [['timestamp-query', options.timestampQuery ?? true], ['shader-f16', options.shaderF16 ?? true]];
  const requiredFeatures = wanted.filter(([f, on]) => on && adapter.features.has(f)).map(([f]) => f);
  // Models need bigger buffers than WebGPU's defaults (128 MiB bindings): ask for what the adapter has.
  const requiredLimits: Record<string, number> = {
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage,
  };
  const device = await adapter.requestDevice({ requiredFeatures, requiredLimits });
  const info = adapter.info;
  const gpu: NodeGpu = {
    device,
    adapterInfo: { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description },
    features: [...device.features],
    wgslLanguageFeatures: [...(instance.wgslLanguageFeatures ?? [])],
  };
  void device.lost.then(async () => {
    // A lost device is useless: forget it so the next caller gets a working one.
    const current = cached;
    if (current && (await current.catch(() => undefined)) === gpu && cached === current) cached = undefined;
  });
  return gpu;
}
