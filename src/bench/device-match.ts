// Kiln's device under the same features and limits onnxruntime-web's WebGPU EP asked for: the app
// requests its device with acquireDevice (timestamp-query and the adapter's buffer limits); bench
// widens that request — what the adapter has, never more — so no engine gets a device with more
// room than another. Dawn's toggles (robustness, timestamp quantization) are per browser and
// shared anyway; features and limits are per device, hence this.

export interface DeviceAsk {
  readonly features: readonly string[];
  readonly limits: Readonly<Record<string, number>>;
  /** Whose request this is (for the report). */
  readonly from?: string;
}

interface AdapterLike {
  readonly features: { has(name: string): boolean };
  readonly limits: unknown;
}

interface Descriptor {
  requiredFeatures?: Iterable<string>;
  requiredLimits?: Record<string, number | undefined>;
  [key: string]: unknown;
}

/** `descriptor` widened by `ask`, within what `adapter` supports. Limits named min* are alignments: left as asked by the app. */
export function widenDescriptor(descriptor: Descriptor | undefined, ask: DeviceAsk, adapter: AdapterLike): Descriptor {
  const features = new Set([...(descriptor?.requiredFeatures ?? [])]);
  for (const f of ask.features) if (adapter.features.has(f)) features.add(f);
  const limits: Record<string, number | undefined> = { ...(descriptor?.requiredLimits ?? {}) };
  const supported = adapter.limits as Record<string, number | undefined>;
  for (const [k, v] of Object.entries(ask.limits)) {
    const most = supported[k];
    if (k.startsWith('min') || typeof most !== 'number') continue;
    limits[k] = Math.max(limits[k] ?? 0, Math.min(v, most));
  }
  return { ...descriptor, requiredFeatures: [...features], requiredLimits: limits };
}

/** From here on, every requestDevice in this realm is widened by `ask`; `seen` gets each request as it was before. */
export function matchDeviceRequests(ask: DeviceAsk, seen: (original: { requiredFeatures: string[]; requiredLimits: Record<string, number> }) => void, adapterClass: { prototype: object } = GPUAdapter): void {
  const proto = adapterClass.prototype as { requestDevice: (d?: Descriptor) => Promise<unknown> };
  const original = proto.requestDevice;
  proto.requestDevice = function (this: AdapterLike, descriptor?: Descriptor) {
    const limits: Record<string, number> = {};
    for (const [k, v] of Object.entries(descriptor?.requiredLimits ?? {})) if (typeof v === 'number') limits[k] = v;
    seen({ requiredFeatures: [...(descriptor?.requiredFeatures ?? [])].sort(), requiredLimits: limits });
    return original.call(this, widenDescriptor(descriptor, ask, this));
  };
}
