/**
 * Closes polls at their deadline. Timers live in memory, so `start()` first closes what became
 * overdue while Parley was down, then re-arms a timer for every open poll. With several processes
 * on one PostgreSQL (shards, hosts), each also sweeps every `sweepMs`: it arms timers for polls
 * another process created and closes what is overdue (a process that stopped leaves its polls to
 * the others). Closing is a compare-and-set in the store, so only one process announces a poll.
 */
import type { Logger } from '../core/logger.js';
import type { PollService } from './poll-service.js';
import type { Poll } from './types.js';

/** setTimeout's ceiling (~24.8 days); longer deadlines re-arm when it fires. */
const MAX_TIMER_MS = 2_147_483_647;

export interface PollSchedulerOptions {
  /** How often to look for polls created elsewhere and overdue ones; default 15 s. */
  sweepMs?: number;
}

export class PollScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private unsubscribe: Array<() => void> = [];
  private running = false;
  private sweeper: NodeJS.Timeout | undefined;
  private readonly sweepMs: number;

  constructor(
    private readonly polls: PollService,
    private readonly logger?: Logger,
    options: PollSchedulerOptions = {},
  ) {
    this.sweepMs = options.sweepMs ?? 15_000;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = [
      this.polls.onCreated((poll) => this.arm(poll)),
      this.polls.onClosed(({ results }) => this.cancel(results.poll.id)),
    ];
    const closed = await this.polls.closeOverdue();
    if (closed.length > 0) this.logger?.info({ polls: closed.map((c) => c.results.poll.id) }, 'closed polls whose deadline passed while stopped');
    await this.armOpenPolls();
    this.sweeper = setInterval(() => {
      this.sweep().catch((error: unknown) => this.logger?.error({ err: error }, 'sweeping for overdue polls failed'));
    }, this.sweepMs);
    this.sweeper.unref();
  }

  stop(): void {
    this.running = false;
    clearInterval(this.sweeper);
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** Number of polls waiting for their deadline (for tests and diagnostics). */
  get pending(): number {
    return this.timers.size;
  }

  private async sweep(): Promise<void> {
    await this.polls.closeOverdue();
    await this.armOpenPolls();
  }

  private async armOpenPolls(): Promise<void> {
    for (const poll of await this.polls.listOpenPolls()) if (!this.timers.has(poll.id)) this.arm(poll);
  }

  private arm(poll: Poll): void {
    if (!this.running || poll.closedAt !== null) return;
    this.cancel(poll.id);
    const delay = Math.min(Math.max(0, poll.closesAt - this.polls.now()), MAX_TIMER_MS);
    const timer = setTimeout(() => {
      this.timers.delete(poll.id);
      if (poll.closesAt > this.polls.now()) return this.arm(poll);
      this.polls.closeOverdue().catch((error: unknown) => this.logger?.error({ err: error, pollId: poll.id }, 'closing an overdue poll failed'));
    }, delay);
    timer.unref();
    this.timers.set(poll.id, timer);
  }

  private cancel(pollId: string): void {
    const timer = this.timers.get(pollId);
    if (timer) clearTimeout(timer);
    this.timers.delete(pollId);
  }
}
