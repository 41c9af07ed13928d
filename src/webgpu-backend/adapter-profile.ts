// What kernel generators may assume about the adapter: is it a software rasterizer (SwiftShader,
// WARP, llvmpipe: barriers are costly, register blocking wins) or a real GPU (shared-memory tiling
// pays off), which optional features and WGSL language features it has, and its limits. Every
// generator receives the profile, so per-adapter variants are chosen in one place per op family.

/** 'cpu': a software adapter; 'gpu': GPU hardware. */
export type AdapterKind = 'cpu' | 'gpu';

/** The device limits the backend checks at compile time (names as in GPUSupportedLimits). */
export interface GpuLimits {
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
  readonly maxComputeWorkgroupsPerDimension: number;
  readonly maxStorageBuffersPerShaderStage: number;
  readonly minStorageBufferOffsetAlignment: number;
  readonly maxComputeWorkgroupStorageSize: number;
  readonly maxComputeInvocationsPerWorkgroup: number;
  readonly maxUniformBufferBindingSize: number;
}

/** WebGPU's default limits: what every device offers without asking for more. */
export const DEFAULT_LIMITS: GpuLimits = {
  maxStorageBufferBindingSize: 134217728,
  maxBufferSize: 268435456,
  maxComputeWorkgroupsPerDimension: 65535,
  maxStorageBuffersPerShaderStage: 8,
  minStorageBufferOffsetAlignment: 256,
  maxComputeWorkgroupStorageSize: 16384,
  maxComputeInvocationsPerWorkgroup: 256,
  maxUniformBufferBindingSize: 65536,
};

export interface AdapterProfile {
  readonly kind: AdapterKind;
  /** From GPUAdapterInfo, for display ('' where unknown). */
  readonly vendor: string;
  readonly architecture: string;
  readonly description: string;
  /** The device has 'shader-f16': float16 tensors are stored as f16 (else as f32, see gpu-dtype.ts). */
  readonly shaderF16: boolean;
  /** WGSL language feature packed_4x8_integer_dot_product: dot4I8Packed, unpack4xI8 and friends. */
  readonly packed4x8: boolean;
  readonly limits: GpuLimits;
}

/** What a caller may force (tests, "what would a GPU get" previews, smaller limits than the device's). */
export interface AdapterOverrides {
  readonly kind?: AdapterKind;
  readonly shaderF16?: boolean;
  readonly packed4x8?: boolean;
  /** Lower limits than the device's (a higher value than the device allows is ignored). */
  readonly limits?: Partial<GpuLimits>;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|warp|basic render|software/i;

/** Software adapters report themselves as fallback adapters or by name. */
export function isSoftwareAdapter(info: { vendor?: string; architecture?: string; description?: string; device?: string; isFallbackAdapter?: boolean } | undefined): boolean {
  if (!info) return false;
  if (info.isFallbackAdapter) return true;
  return SOFTWARE.test([info.vendor, info.architecture, info.description, info.device].filter(Boolean).join(' '));
}

function limitsOf(device: GPUDevice): GpuLimits {
  const l = device.limits;
  return Object.fromEntries(Object.keys(DEFAULT_LIMITS).map((k) => [k, l[k as keyof GPUSupportedLimits] as number])) as unknown as GpuLimits;
}

function applyLimitOverrides(base: GpuLimits, limits: Partial<GpuLimits> | undefined): GpuLimits {
  if (!limits) return base;
  const out: Record<string, number> = { ...base };
  for (const [k, v] of Object.entries(limits)) {
    if (typeof v !== 'number') continue;
    // Alignment is a minimum: a larger value is the stricter one. Every other limit is a maximum.
    out[k] = k === 'minStorageBufferOffsetAlignment' ? Math.max(out[k]!, v) : Math.min(out[k]!, v);
  }
  return out as unknown as GpuLimits;
}

/** The navigator's WGSL language features where there is a navigator with WebGPU. */
function navigatorWgslFeatures(): Iterable<string> | undefined {
  const nav = (globalThis as { navigator?: { gpu?: { wgslLanguageFeatures?: Iterable<string> } } }).navigator;
  return nav?.gpu?.wgslLanguageFeatures;
}

/**
 * The profile of the adapter behind `device`. `wgslLanguageFeatures` is the GPU object's set
 * (navigator.gpu in a browser, Dawn's instance in Node): a device does not expose it.
 */
export function detectProfile(device: GPUDevice, wgslLanguageFeatures?: Iterable<string>, overrides: AdapterOverrides = {}): AdapterProfile {
  const info = (device as GPUDevice & { adapterInfo?: GPUAdapterInfo & { isFallbackAdapter?: boolean } }).adapterInfo;
  const language = new Set(wgslLanguageFeatures ?? navigatorWgslFeatures() ?? []);
  return {
    kind: overrides.kind ?? (isSoftwareAdapter(info) ? 'cpu' : 'gpu'),
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    description: info?.description ?? '',
    shaderF16: overrides.shaderF16 ?? device.features.has('shader-f16'),
    packed4x8: overrides.packed4x8 ?? language.has('packed_4x8_integer_dot_product'),
    limits: applyLimitOverrides(limitsOf(device), overrides.limits),
  };
}

/** A profile without a device (legality checks, lowering in tests): a GPU with default limits and no optional features. */
export function defaultProfile(overrides: AdapterOverrides = {}): AdapterProfile {
  return {
    kind: overrides.kind ?? 'gpu',
    vendor: '',
    architecture: '',
    description: '',
    shaderF16: overrides.shaderF16 ?? false,
    packed4x8: overrides.packed4x8 ?? false,
    limits: applyLimitOverrides(DEFAULT_LIMITS, overrides.limits),
  };
}
