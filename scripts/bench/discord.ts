/**
 * Discord section of `npm run bench`: 100 concurrent /ask through the fake gateway against the
 * real discord.js client and real services. ACK = dispatch → interaction callback received;
 * completion = dispatch → answer edited in. Three bursts after a warm-up; each figure is the
 * median over the bursts of that burst's p50 / p99.
 */
import { callbackOf, editOriginalOf, startBot, type BotHarness } from '../../test/e2e/fake-discord/index.js';
import { median, percentile, runSectionIfMain, type BenchFigure } from './run-section.js';

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
    const bursts: Array<{ ack: number[]; done: number[] }> = [];
    for (let round = 0; round < ROUNDS; round++) bursts.push(await burst(h, BURST));
    const figure = (what: string, of: 'ack' | 'done', p: number): BenchFigure => ({
      name: `discord /ask x${BURST} concurrent: ${what} p${p} (median of ${ROUNDS} bursts)`,
      value: round1(median(bursts.map((b) => percentile(b[of], p)))),
      unit: 'ms',
    });
    return [figure('ACK', 'ack', 50), figure('ACK', 'ack', 99), figure('answer completion', 'done', 50), figure('answer completion', 'done', 99)];
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

function round1(ms: number): number {
  return Math.round(ms * 10) / 10;
}

await runSectionIfMain(import.meta.url, 'discord', run);
