/**
 * Discord section of `npm run bench`: 100 concurrent /ask through the fake gateway against the
 * real discord.js client and real services. ACK = dispatch → interaction callback received;
 * completion = dispatch → answer edited in. Three bursts after a warm-up; percentiles over all.
 */
import type { BenchFigure } from '../bench.js';
import { callbackOf, editOriginalOf, startBot, type BotHarness } from '../../test/e2e/fake-discord/index.js';

const BURST = 100;
const ROUNDS = 3;
const QUESTIONS = [
  'Can we use Llama 2 in a product with 800 million monthly active users?',
  'Can we fine-tune Mistral 7B and sell the result?',
  'What does the Falcon 180B license forbid?',
  'Does OpenAI train on API data?',
  'Is Gemma open source?',
];

export async function run(): Promise<BenchFigure[]> {
  const h = await startBot({ logLevel: 'error' });
  try {
    await burst(h, 10); // warm-up: JIT, connection pool, index caches
    const ack: number[] = [];
    const done: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const result = await burst(h, BURST);
      ack.push(...result.ack);
      done.push(...result.done);
    }
    return [
      { name: `discord /ask x${BURST} concurrent: ACK p50`, value: percentile(ack, 50), unit: 'ms' },
      { name: `discord /ask x${BURST} concurrent: ACK p99`, value: percentile(ack, 99), unit: 'ms' },
      { name: `discord /ask x${BURST} concurrent: answer p50`, value: percentile(done, 50), unit: 'ms' },
      { name: `discord /ask x${BURST} concurrent: answer p99`, value: percentile(done, 99), unit: 'ms' },
    ];
  } finally {
    await h.stop();
  }
}

async function burst(h: BotHarness, size: number): Promise<{ ack: number[]; done: number[] }> {
  const users = Object.values(h.fake.users).filter((u) => !u.bot);
  const interactions = Array.from({ length: size }, (_, i) => h.fake.slash('ask', { question: QUESTIONS[i % QUESTIONS.length]! }, users[i % users.length]));
  const sentAt = interactions.map((interaction) => h.fake.interact(interaction));
  const [acks, edits] = await Promise.all([
    Promise.all(interactions.map((interaction, i) => h.fake.waitFor(callbackOf(interaction), { since: sentAt[i], timeout: 30_000 }))),
    Promise.all(interactions.map((interaction, i) => h.fake.waitFor(editOriginalOf(interaction), { since: sentAt[i], timeout: 60_000 }))),
  ]);
  return { ack: acks.map((r, i) => r.at - sentAt[i]!), done: edits.map((r, i) => r.at - sentAt[i]!) };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[rank]! * 10) / 10;
}

if (process.argv[1]?.endsWith('discord.ts')) {
  for (const figure of await run()) process.stdout.write(`${figure.name}: ${figure.value} ${figure.unit}\n`);
}
