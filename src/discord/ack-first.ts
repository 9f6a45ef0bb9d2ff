/**
 * Acknowledgements first. Every interaction must be acknowledged within 3 s, but acknowledging
 * and answering share one event loop and one connection pool. Measured with 100 concurrent /ask
 * (fake Discord, 2 cores): when answers start as soon as their own deferral returns, the answer
 * work and its edits crowd the loop while the later deferrals are still opening connections, and
 * the last ACKs took 0.6–1.4 s. Holding answer work back until no acknowledgement is in flight
 * (bounded by `maxDelayMs`, so a steady stream cannot starve it) brings them back under 250 ms.
 *
 * Starts are also spread one per event-loop iteration, so gateway frames read in between get
 * their deferrals sent before the next answer begins. Nothing is capped: work that awaits the
 * network (a remote LLM) overlaps freely once started.
 */
export interface AckFirstScheduler {
  /** Runs an acknowledgement (defer/reply); answer work waits while any is in flight. */
  acknowledge<T>(send: () => Promise<T>): Promise<T>;
  /** Resolves when it is this caller's turn to start its (slower) work. */
  turn(): Promise<void>;
  readonly waiting: number;
  readonly acknowledging: number;
}

export function createAckFirstScheduler(options: { maxDelayMs?: number } = {}): AckFirstScheduler {
  const maxDelayMs = options.maxDelayMs ?? 250;
  const queue: Array<{ start: () => void; since: number }> = [];
  let acknowledging = 0;
  let scheduled = false;
  let timer: NodeJS.Timeout | null = null;

  function schedule(): void {
    if (scheduled || queue.length === 0) return;
    scheduled = true;
    setImmediate(startNext);
  }

  function startNext(): void {
    scheduled = false;
    const head = queue[0];
    if (!head) return;
    const waited = performance.now() - head.since;
    if (acknowledging > 0 && waited < maxDelayMs) {
      // Resumed by the last acknowledgement finishing, or by this timer at the latest.
      timer ??= setTimeout(() => {
        timer = null;
        schedule();
      }, maxDelayMs - waited);
      return;
    }
    queue.shift()!.start();
    schedule();
  }

  return {
    async acknowledge(send) {
      acknowledging += 1;
      try {
        return await send();
      } finally {
        acknowledging -= 1;
        if (acknowledging === 0) schedule();
      }
    },
    turn() {
      return new Promise<void>((start) => {
        queue.push({ start, since: performance.now() });
        schedule();
      });
    },
    get waiting() {
      return queue.length;
    },
    get acknowledging() {
      return acknowledging;
    },
  };
}
