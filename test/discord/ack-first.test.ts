import { describe, expect, it } from 'vitest';
import { createAckFirstScheduler } from '../../src/discord/ack-first.js';

describe('ack-first scheduler', () => {
  it('holds work back while an acknowledgement is in flight, then starts it', async () => {
    const scheduler = createAckFirstScheduler({ maxDelayMs: 5_000 });
    const order: string[] = [];
    let finishAck!: () => void;
    const ack = scheduler.acknowledge(() => new Promise<void>((resolve) => (finishAck = resolve)).then(() => order.push('ack done')));
    const work = scheduler.turn().then(() => order.push('work started'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(order).toEqual([]);
    finishAck();
    await Promise.all([ack, work]);
    expect(order).toEqual(['ack done', 'work started']);
  });

  it('does not starve work behind a never-ending stream of acknowledgements', async () => {
    const scheduler = createAckFirstScheduler({ maxDelayMs: 40 });
    void scheduler.acknowledge(() => new Promise(() => undefined)); // an ACK that never completes
    const started = performance.now();
    await scheduler.turn();
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });

  it('starts waiting work one per event-loop iteration, in order', async () => {
    const scheduler = createAckFirstScheduler();
    const order: number[] = [];
    const io: number[] = [];
    const all = Array.from({ length: 5 }, (_, i) => scheduler.turn().then(() => order.push(i)));
    // An I/O-phase callback queued now runs before the later starts.
    setImmediate(() => io.push(order.length));
    await Promise.all(all);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(io[0]).toBeLessThan(5);
  });
});
