/** Predicates over recorded requests, for `fake.waitFor(...)` and filters. */
import type { RecordedRequest } from './server.js';

interface InteractionRef {
  id: string;
  token: string;
}

export const CALLBACK_ROUTE = 'POST /interactions/:id/:token/callback';

/** The interaction callback (ACK): type 4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 autocomplete. */
export const callbackOf = (interaction: InteractionRef) => (r: RecordedRequest) => r.route === CALLBACK_ROUTE && r.path.startsWith(`/interactions/${interaction.id}/`);

/** editReply of the original response. */
export const editOriginalOf = (interaction: InteractionRef) => (r: RecordedRequest) =>
  r.method === 'PATCH' && r.path.endsWith(`/${interaction.token}/messages/@original`);

/** A follow-up message (interaction.followUp). */
export const followUpOf = (interaction: InteractionRef) => (r: RecordedRequest) => r.route === 'POST /webhooks/:app/:token' && r.path.endsWith(`/${interaction.token}`);

/** A message the bot posted in a channel (send / reply). */
export const channelMessageIn = (channelId: string) => (r: RecordedRequest) => r.route === 'POST /channels/:channel/messages' && r.path === `/channels/${channelId}/messages`;

/**
 * Every request by which the bot put message content on Discord: replies (callback type 4/7),
 * webhook edits and follow-ups, channel messages and edits. Each should carry allowed_mentions.
 */
export function messageSendingRequests(requests: readonly RecordedRequest[]): Array<{ request: RecordedRequest; body: Record<string, unknown> }> {
  const out: Array<{ request: RecordedRequest; body: Record<string, unknown> }> = [];
  for (const request of requests) {
    if (request.route === CALLBACK_ROUTE && (request.body?.type === 4 || request.body?.type === 7)) out.push({ request, body: request.body.data ?? {} });
    else if (request.route?.includes('/webhooks/') && (request.method === 'PATCH' || request.method === 'POST')) out.push({ request, body: request.body ?? {} });
    else if (request.route?.startsWith('POST /channels/:channel/messages') || request.route === 'PATCH /channels/:channel/messages/:message') out.push({ request, body: request.body ?? {} });
  }
  return out;
}

/** Text of every embed description and content in a message body, joined. */
export function visibleText(body: Record<string, unknown>): string {
  const embeds = (body.embeds as Array<{ description?: string; title?: string; fields?: Array<{ name: string; value: string }>; footer?: { text: string } }> | undefined) ?? [];
  return [
    typeof body.content === 'string' ? body.content : '',
    ...embeds.flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).map((f) => `${f.name}\n${f.value}`), e.footer?.text ?? '']),
  ]
    .filter(Boolean)
    .join('\n');
}
