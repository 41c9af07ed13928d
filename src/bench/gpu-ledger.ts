// Live GPU bytes as the engine itself sees them: every createBuffer adds its size, the first
// destroy() of that buffer takes it away. A buffer dropped without destroy() stays counted (the
// engine still holds it as far as anyone can tell; WebGPU frees it only when garbage collected).

export interface MemorySnapshot {
  /** Bytes of buffers created and not yet destroyed. */
  readonly liveBytes: number;
  /** The most bytes live at once since the ledger started. */
  readonly peakBytes: number;
  /** The most bytes live at once since the last mark() (the timed phase). */
  readonly windowPeakBytes: number;
  readonly buffersCreated: number;
  readonly buffersDestroyed: number;
}

export class BufferLedger {
  private readonly sizes = new WeakMap<object, number>();
  private live = 0;
  private peak = 0;
  private windowPeak = 0;
  private created = 0;
  private destroyed = 0;
  private paused = 0;

  create(buffer: object, bytes: number): void {
    if (this.paused > 0 || this.sizes.has(buffer)) return;
    this.sizes.set(buffer, bytes);
    this.created++;
    this.live += bytes;
    this.peak = Math.max(this.peak, this.live);
    this.windowPeak = Math.max(this.windowPeak, this.live);
  }

  /** Idempotent, like GPUBuffer.destroy(); buffers the ledger never saw are ignored. */
  destroy(buffer: object): void {
    const bytes = this.sizes.get(buffer);
    if (bytes === undefined || bytes < 0) return;
    this.sizes.set(buffer, -1);
    this.destroyed++;
    this.live -= bytes;
  }

  /**
   * Runs `work` with buffer creation unrecorded: bench's own measurements (the reference kernels)
   * must not count as an engine's memory. Their destroy() calls are ignored as unknown buffers.
   */
  async untracked<T>(work: () => Promise<T>): Promise<T> {
    this.paused++;
    try {
      return await work();
    } finally {
      this.paused--;
    }
  }

  /** Starts a new window: its peak begins at what is live now. */
  mark(): void {
    this.windowPeak = this.live;
  }

  snapshot(): MemorySnapshot {
    return { liveBytes: this.live, peakBytes: this.peak, windowPeakBytes: this.windowPeak, buffersCreated: this.created, buffersDestroyed: this.destroyed };
  }
}
