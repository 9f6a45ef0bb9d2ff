/**
 * Runs a task per key at most once per interval, always ending with a run after the last request:
 * a burst of 100 votes on one poll becomes ~1 message edit per second, the last one up to date.
 * Runs for one key never overlap.
 */
export class Coalescer {
  private readonly state = new Map<string, { run: () => Promise<void>; dirty: boolean; inFlight: boolean; lastStart: number; timer: NodeJS.Timeout | null }>();
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly onError: (error: unknown, key: string) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** Asks for `run` to happen soon for `key`; the latest `run` given wins. */
  request(key: string, run: () => Promise<void>): void {
    if (this.stopped) return;
    let s = this.state.get(key);
    if (!s) this.state.set(key, (s = { run, dirty: false, inFlight: false, lastStart: -Infinity, timer: null }));
    s.run = run;
    s.dirty = true;
    this.pump(key);
  }

  /** Resolves when nothing is pending or running (tests, shutdown). */
  async idle(): Promise<void> {
    while ([...this.state.values()].some((s) => s.dirty || s.inFlight)) await new Promise((r) => setTimeout(r, 20));
  }

  stop(): void {
    this.stopped = true;
    for (const s of this.state.values()) if (s.timer) clearTimeout(s.timer);
    this.state.clear();
  }

  private pump(key: string): void {
    const s = this.state.get(key);
    if (!s || s.inFlight || s.timer || !s.dirty) return;
    const wait = s.lastStart + this.intervalMs - this.now();
    if (wait > 0) {
      s.timer = setTimeout(() => {
        s.timer = null;
        this.pump(key);
      }, wait);
      return;
    }
    s.dirty = false;
    s.inFlight = true;
    s.lastStart = this.now();
    s.run()
      .catch((error: unknown) => this.onError(error, key))
      .finally(() => {
        s.inFlight = false;
        if (s.dirty) this.pump(key);
        else if (this.state.get(key) === s) {
          // Forget quiet keys once their interval has passed, so the map does not grow forever.
          s.timer = setTimeout(() => {
            s.timer = null;
            if (!s.dirty && !s.inFlight && this.state.get(key) === s) this.state.delete(key);
            else this.pump(key);
          }, this.intervalMs);
          s.timer.unref?.();
        }
      });
  }
}
