// A worker running one engine, with every call bounded: a worker that fails to load, crashes or
// hangs becomes an error for that engine (and is terminated, so it stops using the CPU the other
// engines are being timed on) instead of a benchmark that never ends.
import { wrap, type Remote } from 'comlink';

export interface EngineHandle<T> {
  readonly api: Remote<T>;
  /** `work`, or a rejection when the worker dies or `limitMs` passes first (then the worker is terminated). */
  guard<R>(work: Promise<R>, limitMs: number, what: string): Promise<R>;
  terminate(): void;
}

export function startEngine<T>(worker: Worker): EngineHandle<T> {
  let fail: (e: Error) => void = () => undefined;
  const died = new Promise<never>((_, reject) => (fail = reject));
  died.catch(() => undefined);
  worker.addEventListener('error', (e) => fail(new Error(`the worker failed: ${e.message || 'it could not load or crashed'}`)));
  let terminated = false;
  const terminate = () => {
    if (terminated) return;
    terminated = true;
    worker.terminate();
  };
  return {
    api: wrap<T>(worker),
    async guard<R>(work: Promise<R>, limitMs: number, what: string): Promise<R> {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took more than ${Math.round(limitMs / 1000)} s`)), limitMs);
      });
      try {
        return await Promise.race([work, died, late]);
      } catch (e) {
        terminate();
        throw e;
      } finally {
        clearTimeout(timer);
      }
    },
    terminate,
  };
}
