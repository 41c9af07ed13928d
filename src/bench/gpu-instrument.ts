// Counts what any engine does with WebGPU in this realm (page or worker), without its help: wraps
// the prototypes' createBuffer / destroy (live bytes), dispatchWorkgroups (dispatches) and
// requestAdapter / requestDevice (what each engine asked for). Installed before an engine loads,
// so Kiln and onnxruntime-web are measured by the same code.
import { BufferLedger } from './gpu-ledger.ts';

type Proto = Record<string, unknown>;
interface Klass {
  readonly prototype: object;
}

/** The WebGPU interfaces to wrap: the realm's globals, or stand-ins in a test. */
export interface GpuClasses {
  readonly GPU?: Klass;
  readonly GPUAdapter?: Klass;
  readonly GPUDevice: Klass;
  readonly GPUBuffer: Klass;
  readonly GPUComputePassEncoder: Klass;
}

/** What an engine asked for when it made its device, and what it got. */
export interface DeviceRequest {
  readonly adapterOptions?: unknown;
  readonly requiredFeatures: string[];
  readonly requiredLimits: Record<string, number>;
  /** Kiln: what the app's own code asked for, before bench widened it (device-match.ts). */
  appRequest?: { readonly requiredFeatures: string[]; readonly requiredLimits: Record<string, number> };
  /** The device's features and a few limits that shape kernels, as granted (set once it exists). */
  granted?: { readonly features: string[]; readonly limits: Record<string, number> };
}

export interface GpuInstrument {
  readonly ledger: BufferLedger;
  /** dispatchWorkgroups + dispatchWorkgroupsIndirect calls so far. */
  dispatches(): number;
  readonly devices: DeviceRequest[];
}

const INSTALLED = Symbol.for('kiln.bench.gpu-instrument');

const GRANTED_LIMITS = ['maxBufferSize', 'maxStorageBufferBindingSize', 'maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupSizeX', 'maxStorageBuffersPerShaderStage'];

function wrap(proto: Proto, name: string, make: (original: (...args: unknown[]) => unknown) => (this: unknown, ...args: unknown[]) => unknown): void {
  const original = proto[name];
  if (typeof original !== 'function') return;
  proto[name] = make(original as (...args: unknown[]) => unknown);
}

function plainLimits(limits: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (limits && typeof limits === 'object') for (const [k, v] of Object.entries(limits)) if (typeof v === 'number') out[k] = v;
  return out;
}

/** Wraps the classes once per realm; a second call returns the first instrument. */
export function instrumentGpu(classes: GpuClasses = globalThis as unknown as GpuClasses): GpuInstrument {
  const host = classes.GPUDevice.prototype as Proto & { [INSTALLED]?: GpuInstrument };
  if (host[INSTALLED]) return host[INSTALLED];
  const ledger = new BufferLedger();
  const devices: DeviceRequest[] = [];
  let dispatches = 0;
  let lastAdapterOptions: unknown;

  wrap(classes.GPUDevice.prototype as Proto, 'createBuffer', (original) => function (this: unknown, ...args) {
    const buffer = original.apply(this, args) as object;
    ledger.create(buffer, Number((args[0] as { size?: number } | undefined)?.size ?? 0));
    return buffer;
  });
  wrap(classes.GPUBuffer.prototype as Proto, 'destroy', (original) => function (this: unknown, ...args) {
    ledger.destroy(this as object);
    return original.apply(this, args);
  });
  for (const name of ['dispatchWorkgroups', 'dispatchWorkgroupsIndirect']) {
    wrap(classes.GPUComputePassEncoder.prototype as Proto, name, (original) => function (this: unknown, ...args) {
      dispatches++;
      return original.apply(this, args);
    });
  }
  if (classes.GPU) {
    wrap(classes.GPU.prototype as Proto, 'requestAdapter', (original) => function (this: unknown, ...args) {
      lastAdapterOptions = args[0];
      return original.apply(this, args);
    });
  }
  if (classes.GPUAdapter) {
    wrap(classes.GPUAdapter.prototype as Proto, 'requestDevice', (original) => async function (this: unknown, ...args) {
      const descriptor = (args[0] ?? {}) as { requiredFeatures?: Iterable<string>; requiredLimits?: unknown };
      const request: DeviceRequest = {
        ...(lastAdapterOptions !== undefined ? { adapterOptions: structuredCloneSafe(lastAdapterOptions) } : {}),
        requiredFeatures: [...(descriptor.requiredFeatures ?? [])].map(String).sort(),
        requiredLimits: plainLimits(descriptor.requiredLimits),
      };
      devices.push(request);
      const device = (await original.apply(this, args)) as { features?: Iterable<string>; limits?: Record<string, number> };
      const limits: Record<string, number> = {};
      for (const k of GRANTED_LIMITS) if (typeof device.limits?.[k] === 'number') limits[k] = device.limits[k];
      request.granted = { features: [...(device.features ?? [])].map(String).sort(), limits };
      return device;
    });
  }
  const instrument: GpuInstrument = { ledger, dispatches: () => dispatches, devices };
  host[INSTALLED] = instrument;
  return instrument;
}

/** Adapter options as plain data (they may hold a non-cloneable object in theory). */
function structuredCloneSafe(v: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(v)) as unknown;
  } catch {
    return String(v);
  }
}
