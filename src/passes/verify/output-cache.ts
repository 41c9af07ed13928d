// Outputs of exported models on one set of inputs, computed once per distinct file: pipelines
// that end in the same model (common on small models) share one onnxruntime run, and the
// original's outputs are computed once for every pipeline compared with it.
import type { Tensor } from '../../ir/types.ts';
import type { ModelRunner } from '../pipelines.ts';

/** FNV-1a over the bytes, with the length: a cheap key; equal keys are confirmed byte by byte. */
function fingerprint(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return `${bytes.length}:${(h >>> 0).toString(16)}`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

interface Entry {
  readonly bytes: Uint8Array;
  readonly outputs: Promise<Tensor[]>;
}

export class OutputCache {
  private readonly entries = new Map<string, Entry[]>();
  /** Models actually run, and lookups answered from an earlier run. */
  runs = 0;
  hits = 0;

  constructor(
    private readonly run: ModelRunner,
    /** The inputs every model of this cache runs on. */
    readonly inputs: readonly Tensor[],
  ) {}

  /** Whether these exact bytes were run before (their outputs are shared). */
  has(bytes: Uint8Array): boolean {
    return (this.entries.get(fingerprint(bytes)) ?? []).some((e) => sameBytes(e.bytes, bytes));
  }

  outputs(bytes: Uint8Array): Promise<Tensor[]> {
    const key = fingerprint(bytes);
    const list = this.entries.get(key) ?? [];
    const hit = list.find((e) => sameBytes(e.bytes, bytes));
    if (hit) {
      this.hits++;
      return hit.outputs;
    }
    this.runs++;
    const outputs = this.run(bytes, this.inputs);
    // Failures surface where the outputs are awaited; this keeps an early one from going unhandled.
    outputs.catch(() => undefined);
    list.push({ bytes, outputs });
    this.entries.set(key, list);
    return outputs;
  }
}
