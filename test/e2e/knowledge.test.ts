/**
 * /knowledge end to end: an admin uploads a Markdown file and a PDF (served by the fake Discord as
 * attachments), members' questions that only those documents answer get them cited at once,
 * another server never sees them, and after /knowledge remove the question is not covered
 * again — all in one running bot, no restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageFlags } from 'discord.js';
import {
  attachmentOption,
  callbackOf,
  editOriginalOf,
  messageSendingRequests,
  snowflake,
  startBot,
  visibleText,
  type ApiAttachment,
  type BotHarness,
  type OptionValues,
  type FakeUser,
  type RecordedRequest,
} from './fake-discord/index.js';
import { tinyPdf } from '../knowledge/tiny-pdf.js';

let h: BotHarness;

beforeAll(async () => {
  h = await startBot();
});

afterAll(async () => {
  await h?.stop();
});

const VENDOR_DPA = `# Procurement checklist

How our team buys software and services, agreed in March.

## §4 Quotes

Every purchase above 1,000 euros needs three written quotes from different suppliers.

## §5 Purchase approval

Purchases above 5,000 euros need written sign-off by the Head of Finance, Marta Okafor, before the order is placed.
`;
const DPA_QUESTION = 'Who has to sign off purchases above 5,000 euros?';
const PDF_QUESTION = 'What service credit does Kestrel Cloud owe when the Kestrel uptime falls below 99.5 percent?';
const DPA_CITATION = 'Procurement checklist (added by ada) — §5 Purchase approval';

async function run(interaction: { id: string; token: string }): Promise<{ ack: RecordedRequest; edit: RecordedRequest }> {
  const at = h.fake.interact(interaction);
  const ack = await h.fake.waitFor(callbackOf(interaction), { since: at });
  const edit = await h.fake.waitFor(editOriginalOf(interaction), { since: at, timeout: 15_000 });
  return { ack, edit };
}

function knowledge(subcommand: string, options: OptionValues, user: FakeUser, attachments?: ApiAttachment[]) {
  return h.fake.slash('knowledge', options, user, { subcommand, ...(attachments ? { attachments } : {}) });
}

async function add(filename: string, bytes: Uint8Array, contentType: string, user: FakeUser = h.fake.users.admin) {
  const file = h.fake.attachment(filename, bytes, contentType);
  return run(knowledge('add', { file: attachmentOption(file) }, user, [file]));
}

async function ask(question: string, guild?: string) {
  const { edit } = await run(h.fake.slash('ask', { question }, h.fake.users.alice, guild ? { guild, channel: snowflake() } : {}));
  return visibleText(edit.body);
}

describe('/knowledge', () => {
  it('adds a Markdown and a PDF document that are cited at once, only in this server, until removed', async () => {
    expect(await ask(DPA_QUESTION)).toMatch(/doesn't cover|does not cover/i);

    const markdown = await add('procurement.md', new TextEncoder().encode(VENDOR_DPA), 'text/markdown; charset=utf-8');
    expect(markdown.ack.body).toMatchObject({ type: 5, data: { flags: MessageFlags.Ephemeral } });
    expect(markdown.edit.body.content).toMatch(/Added \*\*Procurement checklist\*\* \(\d+ passages?, id `\w+`\)/);

    const dpaAnswer = await ask(DPA_QUESTION);
    expect(dpaAnswer).toContain('Marta Okafor');
    expect(dpaAnswer).toContain(DPA_CITATION);

    const pdf = tinyPdf(
      [
        ['Kestrel Cloud Service Level Agreement', 'Kestrel Cloud commits to 99.5 percent monthly uptime for hosted inference.'],
        ['When the Kestrel uptime falls below 99.5 percent, Kestrel Cloud owes a service credit of 10 percent of the monthly fee.'],
      ],
      'Kestrel Cloud SLA',
    );
    const added = await add('kestrel-sla.pdf', pdf, 'application/pdf');
    expect(added.edit.body.content).toMatch(/Added \*\*Kestrel Cloud SLA\*\*/);
    const pdfAnswer = await ask(PDF_QUESTION);
    expect(pdfAnswer).toContain('service credit of 10 percent');
    expect(pdfAnswer).toMatch(/\*\*\[1\]\*\* Kestrel Cloud SLA \(added by ada\)$/m);

    // Another server shares the bot but not the documents.
    const otherServer = snowflake();
    for (const question of [DPA_QUESTION, PDF_QUESTION]) {
      const elsewhere = await ask(question, otherServer);
      expect(elsewhere).toMatch(/doesn't cover|does not cover/i);
      expect(elsewhere).not.toMatch(/added by ada|Marta Okafor|service credit of 10 percent/);
    }
    const otherList = await run(h.fake.slash('knowledge', {}, h.fake.users.admin, { subcommand: 'list', guild: otherServer, channel: snowflake() }));
    expect(visibleText(otherList.edit.body)).toMatch(/No documents yet/);

    const list = await run(knowledge('list', {}, h.fake.users.bob));
    const listed = visibleText(list.edit.body);
    expect(listed).toMatch(/documents \(2\)/);
    expect(listed).toMatch(/\*\*Procurement checklist\*\* · procurement\.md · added by ada <t:\d+:d> · \d+ passages?/);
    expect(listed).toMatch(/\*\*Kestrel Cloud SLA\*\* · kestrel-sla\.pdf · added by ada/);

    const typed = h.fake.autocomplete('knowledge', { document: 'procure' }, 'document', h.fake.users.admin, { subcommand: 'remove' });
    const at = h.fake.interact(typed);
    const choices = (await h.fake.waitFor(callbackOf(typed), { since: at })).body.data.choices as Array<{ name: string; value: string }>;
    expect(choices.map((c) => c.name)).toEqual(['Procurement checklist · procurement.md']);

    const removed = await run(knowledge('remove', { document: choices[0]!.value }, h.fake.users.admin));
    expect(removed.edit.body.content).toMatch(/Removed \*\*Procurement checklist\*\*/);
    const afterRemoval = await ask(DPA_QUESTION);
    expect(afterRemoval).toMatch(/doesn't cover|does not cover/i);
    expect(afterRemoval).not.toContain('Procurement checklist');
    expect(await ask(PDF_QUESTION)).toContain('Kestrel Cloud SLA (added by ada)');

    expect(h.fake.unknownRoutes).toEqual([]);
    expect(h.fake.limitViolations).toEqual([]);
    for (const { body } of messageSendingRequests(h.fake.requests)) expect(body.allowed_mentions).toMatchObject({ parse: [] });
  });

  it('refuses members without Manage Server, and files of another type, too large or unreadable, changing nothing', async () => {
    const before = (await h.services.teamDocuments.list({ guildId: h.fake.world.guildId })).own.length;
    const notes = h.fake.attachment('notes.md', new TextEncoder().encode('# Notes\n\nSome notes.'), 'text/markdown');
    const byMember = knowledge('add', { file: attachmentOption(notes) }, h.fake.users.alice, [notes]);
    const refusal = await h.fake.waitFor(callbackOf(byMember), { since: h.fake.interact(byMember) });
    expect(refusal.body).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral } });
    expect(refusal.body.data.content).toMatch(/Manage Server/);

    const refusals: Array<[string, Uint8Array, string, RegExp]> = [
      ['diagram.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), 'image/png', /not a document Parley can read/],
      ['broken.pdf', new TextEncoder().encode('%PDF-1.4 not really'), 'application/pdf', /could not be read as a PDF/],
      ['blank.txt', new TextEncoder().encode('   \n\n  '), 'text/plain', /no text/],
    ];
    for (const [name, bytes, type, message] of refusals) {
      const { ack, edit } = await add(name, bytes, type);
      expect(ack.body.data.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      expect(edit.body.content, name).toMatch(message);
    }
    // Too large is refused from the size Discord announces, before downloading anything.
    const big = h.fake.attachment('huge.md', new Uint8Array(10), 'text/markdown');
    big.size = 3 * 1024 * 1024;
    const { edit } = await run(knowledge('add', { file: attachmentOption(big) }, h.fake.users.admin, [big]));
    expect(edit.body.content).toMatch(/"huge\.md" is 3 MB; team documents can be at most 2 MB/);
    expect(h.fake.requests.some((r) => r.route === 'GET /attachments/:id/:filename' && r.path.includes(big.id))).toBe(false);

    expect((await h.services.teamDocuments.list({ guildId: h.fake.world.guildId })).own).toHaveLength(before);
  });
});
