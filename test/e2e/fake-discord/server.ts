/**
 * A fake Discord for end-to-end tests: REST v10 over Node `http` and the gateway over `ws`,
 * on 127.0.0.1 port 0. The real discord.js client logs into it through its REST base option
 * (Parley's DISCORD_API_BASE_URL). Every REST request is recorded with a timestamp so tests can
 * assert what the bot sent, in which order and how fast; unknown routes answer 404 and are
 * recorded separately so a test can assert none was hit.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { ChannelType, GatewayDispatchEvents, GatewayOpcodes, MessageType } from 'discord.js';
import { snowflake } from './snowflake.js';
import { apiUser, createWorld, guildCreatePayload, type FakeUser, type FakeWorld } from './world.js';
import * as payloads from './payloads.js';
import { autocompleteLimitViolations, messageLimitViolations } from './limits.js';

export interface RecordedRequest {
  method: string;
  /** Path after /api/v10, decoded (e.g. `/webhooks/1/tok/messages/@original`). */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  // Bodies are Discord JSON payloads; tests read the fields they assert on.
  body: any;
  /** performance.now() when the request arrived. */
  at: number;
  /** The route that matched, e.g. `POST /interactions/:id/:token/callback`; null for unknown routes. */
  route: string | null;
}

export interface IdentifyRecord {
  token: string;
  intents: number;
  at: number;
}

export type ApiMessage = Record<string, any> & { id: string; channel_id: string; content: string };

export interface WaitOptions {
  /** Only consider requests recorded at or after this performance.now() value. */
  since?: number;
  timeout?: number;
}

/** An error the fake answers instead of the route's normal response (see `failNext`). */
export interface InjectedFailure {
  status: number;
  /** Discord JSON error code, e.g. 50013 Missing Permissions, 10062 Unknown interaction. */
  code?: number;
  message?: string;
  /** For status 429: seconds the client must wait (sent as Retry-After and rate-limit headers). */
  retryAfter?: number;
  /**
   * The request takes effect first, then the error is answered (Discord's "fail after processing":
   * a 5xx for a request that did happen, so a retry meets its effect, e.g. 40060 on a callback).
   */
  afterProcessing?: boolean;
}

export interface FakeDiscordOptions {
  token?: string;
  heartbeatIntervalMs?: number;
  /** The guild, channels and users to serve (default: a new world). Two fakes given one world are two gateways of one bot. */
  world?: FakeWorld;
  /** More guilds of the same bot (worlds sharing `world`'s applicationId and bot user), e.g. one per shard. */
  otherGuilds?: FakeWorld[];
  /**
   * Shards Discord recommends in GET /gateway/bot (default 1). IDENTIFY with `shard: [i, n]` gets
   * the guilds whose (id >> 22) % n is i, and a guild's events go to its shard's connection only.
   */
  shards?: number;
  /** Answer every IDENTIFY by closing with this code, e.g. 4014 (a privileged intent not enabled). */
  identifyCloseCode?: number;
}

/** Payload factories bound to this fake's world (see payloads.ts); users default to alice. */
export interface BoundFactories {
  users: FakeWorld['users'];
  slash(name: string, options?: payloads.OptionValues, user?: FakeUser, where?: payloads.SlashOptions): ReturnType<typeof payloads.slash>;
  autocomplete(name: string, options: payloads.OptionValues, focused: string, user?: FakeUser, where?: payloads.SlashOptions): ReturnType<typeof payloads.autocomplete>;
  button(customId: string, message: ApiMessage, user?: FakeUser, where?: payloads.Where): ReturnType<typeof payloads.button>;
  select(customId: string, values: string[], message: ApiMessage, user?: FakeUser): ReturnType<typeof payloads.select>;
  userMessage(content: string, user?: FakeUser, options?: payloads.UserMessageOptions): ApiMessage;
}

export interface FakeDiscord extends BoundFactories {
  world: FakeWorld;
  token: string;
  /** What to put in DISCORD_API_BASE_URL, e.g. http://127.0.0.1:41234/api */
  apiBaseUrl: string;
  requests: RecordedRequest[];
  /** Requests that matched no route (answered 404). A passing test leaves this empty. */
  unknownRoutes: RecordedRequest[];
  /**
   * Requests refused (400 / 50035, like Discord) because they break one of Discord's size limits
   * (content, embeds, components, autocomplete choices; see limits.ts). A passing test leaves this empty.
   */
  limitViolations: Array<{ request: RecordedRequest; problems: string[] }>;
  identifies: IdentifyRecord[];
  /** Every message the fake knows, by id: sent by users (dispatched) or by the bot (REST). */
  messages: Map<string, ApiMessage>;
  commands: { global: unknown[]; guild: Map<string, unknown[]> };
  /** Sends a gateway dispatch (op 0) to every identified connection. */
  dispatch(event: string, data: unknown): void;
  /** Dispatches INTERACTION_CREATE; returns performance.now() at dispatch time. */
  interact(interaction: { id: string; token: string }): number;
  /** Stores a user message (so reply chains can be fetched) and dispatches MESSAGE_CREATE. */
  post(message: ApiMessage): number;
  waitFor(predicate: (request: RecordedRequest) => boolean, options?: WaitOptions): Promise<RecordedRequest>;
  /** The next request matching `predicate` gets `failure` instead of its normal answer (once). */
  failNext(predicate: (request: RecordedRequest) => boolean, failure: InjectedFailure): void;
  /**
   * Moves the fake's clock forward (Discord's deadlines: 3 s to acknowledge an interaction,
   * 15 min for its token) without waiting.
   */
  advanceClock(ms: number): void;
  /** Requests the bot made for one interaction (callback and webhook calls with its token). */
  requestsFor(interaction: { token: string }): RecordedRequest[];
  /** Messages the bot posted in a channel (REST), in order. */
  botMessages(channelId?: string): ApiMessage[];
  /** Serves `bytes` at a CDN-like URL on this fake; pass the result in `slash(…, { attachments })`. */
  attachment(filename: string, bytes: Uint8Array, contentType?: string): payloads.ApiAttachment;
  /** Closes every gateway connection with `code`, as Discord does with e.g. 4004 after a token reset. */
  closeGateway(code: number, reason?: string): void;
  stop(): Promise<void>;
}

interface Route {
  method: string;
  pattern: RegExp;
  name: string;
  handle(match: RegExpExecArray, request: RecordedRequest): { status: number; body?: unknown };
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const world = options.world ?? createWorld();
  const worlds = [world, ...(options.otherGuilds ?? [])];
  const worldOfChannel = (channelId: string) => worlds.find((w) => [w.channelId, w.threadId, w.forumId, ...w.forumPostIds].includes(channelId)) ?? world;
  /** Which shard each identified connection is (Discord's formula: (guild_id >> 22) % shard_count). */
  const shardOf = new Map<WebSocket, [number, number]>();
  const shardForGuild = (guildId: string, count: number) => Number((BigInt(guildId) >> 22n) % BigInt(count));
  const token = options.token ?? `fake-bot-token.${snowflake()}`;
  const requests: RecordedRequest[] = [];
  const unknownRoutes: RecordedRequest[] = [];
  const limitViolations: Array<{ request: RecordedRequest; problems: string[] }> = [];
  const identifies: IdentifyRecord[] = [];
  const messages = new Map<string, ApiMessage>();
  const commands = { global: [] as unknown[], guild: new Map<string, unknown[]>() };
  const dispatchedInteractions = new Map<string, { token: string; acknowledged: boolean; at: number; messageId?: string }>();
  /** interaction token → when it was dispatched (fake clock): tokens live 15 minutes, like Discord's. */
  const tokenIssuedAt = new Map<string, number>();
  let clockOffsetMs = 0;
  const clock = () => performance.now() + clockOffsetMs;
  /** interaction token → id of its original response message */
  const originals = new Map<string, string>();
  const failures: Array<{ predicate: (r: RecordedRequest) => boolean; failure: InjectedFailure }> = [];
  const waiters = new Set<{ predicate: (r: RecordedRequest) => boolean; since: number; resolve: (r: RecordedRequest) => void }>();

  const sockets = new Set<WebSocket>();
  const identified = new Set<WebSocket>();
  let sequence = 0;

  function botMessage(fields: { channelId: string; body: Record<string, unknown>; webhookToken?: string; id?: string }): ApiMessage {
    const { body } = fields;
    const reference = body.message_reference as { message_id?: string } | undefined;
    const referenced = reference?.message_id ? messages.get(reference.message_id) : undefined;
    return {
      id: fields.id ?? snowflake(),
      channel_id: fields.channelId,
      guild_id: worldOfChannel(fields.channelId).guildId,
      author: apiUser(world.bot),
      content: typeof body.content === 'string' ? body.content : '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: Array.isArray(body.embeds) ? body.embeds : [],
      components: Array.isArray(body.components) ? body.components : [],
      pinned: false,
      type: reference ? MessageType.Reply : MessageType.Default,
      flags: typeof body.flags === 'number' ? body.flags : 0,
      ...(reference ? { message_reference: { ...reference, channel_id: fields.channelId, guild_id: worldOfChannel(fields.channelId).guildId } } : {}),
      ...(referenced ? { referenced_message: referenced } : {}),
      ...(fields.webhookToken ? { webhook_id: world.applicationId, application_id: world.applicationId } : {}),
    };
  }

  function editMessage(existing: ApiMessage, body: Record<string, unknown>): ApiMessage {
    const updated: ApiMessage = { ...existing, edited_timestamp: new Date().toISOString() };
    for (const key of ['content', 'embeds', 'components', 'flags'] as const) {
      if (key in body) updated[key] = body[key];
    }
    messages.set(updated.id, updated);
    return updated;
  }

  function apiError(status: number, code: number, message: string) {
    return { status, body: { code, message } };
  }

  /** DM channels seen in interactions, by id (Discord knows them; the bot may fetch them). */
  const dmChannels = new Map<string, Record<string, unknown>>();

  /** The channel an interaction happened in, for messages created through its webhook. */
  const interactionChannels = new Map<string, string>();
  /** Files served under /attachments/:id/:filename, like Discord's CDN. */
  const attachmentFiles = new Map<string, { bytes: Uint8Array; contentType: string }>();

  const routes: Route[] = [
    {
      method: 'GET',
      pattern: /^\/gateway\/bot$/,
      name: 'GET /gateway/bot',
      handle: () => ({
        status: 200,
        body: { url: gatewayUrl, shards: options.shards ?? 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } },
      }),
    },
    {
      method: 'GET',
      pattern: /^\/(?:oauth2\/)?applications\/@me$/,
      name: 'GET /oauth2/applications/@me',
      handle: () => ({ status: 200, body: { id: world.applicationId, name: 'Parley', flags: 0, bot_public: false, bot: apiUser(world.bot) } }),
    },
    {
      method: 'PUT',
      pattern: /^\/applications\/(\d+)\/commands$/,
      name: 'PUT /applications/:app/commands',
      handle: (match, request) => {
        if (match[1] !== world.applicationId) return apiError(404, 10002, 'Unknown Application');
        commands.global = withIds(request.body, world.applicationId);
        return { status: 200, body: commands.global };
      },
    },
    {
      method: 'PUT',
      pattern: /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/,
      name: 'PUT /applications/:app/guilds/:guild/commands',
      handle: (match, request) => {
        if (match[1] !== world.applicationId) return apiError(404, 10002, 'Unknown Application');
        if (match[2] !== world.guildId) return apiError(404, 10004, 'Unknown Guild');
        const registered = withIds(request.body, world.applicationId, world.guildId);
        commands.guild.set(match[2], registered);
        return { status: 200, body: registered };
      },
    },
    {
      method: 'POST',
      pattern: /^\/interactions\/(\d+)\/([^/]+)\/callback$/,
      name: 'POST /interactions/:id/:token/callback',
      handle: (match, request) => {
        const interaction = dispatchedInteractions.get(match[1]!);
        if (!interaction || interaction.token !== match[2]) return apiError(404, 10062, 'Unknown interaction');
        // Discord forgets an interaction not acknowledged within 3 s.
        if (!interaction.acknowledged && clock() - interaction.at > ACK_DEADLINE_MS) return apiError(404, 10062, 'Unknown interaction');
        if (interaction.acknowledged) return apiError(400, 40060, 'Interaction has already been acknowledged.');
        const body = request.body as { type: number; data?: Record<string, unknown> };
        if (body.type === 4 && isEmptyMessage(body.data ?? {})) return apiError(400, 50006, 'Cannot send an empty message');
        interaction.acknowledged = true;
        // type 6 (deferred update) and 7 (update) make the component's message the original response.
        if ((body.type === 6 || body.type === 7) && interaction.messageId) {
          const existing = messages.get(interaction.messageId);
          if (existing) {
            originals.set(match[2]!, existing.id);
            if (body.type === 7) editMessage(existing, body.data ?? {});
          }
        }
        // type 4 (reply) and 7 (update) carry a message; remember it as the original response.
        if (body.type === 4) {
          const message = botMessage({ channelId: interactionChannels.get(match[2]!) ?? world.channelId, body: body.data ?? {}, webhookToken: match[2] });
          messages.set(message.id, message);
          originals.set(match[2]!, message.id);
        }
        if (body.type === 5) {
          const message = botMessage({ channelId: interactionChannels.get(match[2]!) ?? world.channelId, body: { content: '', flags: body.data?.flags ?? 0 }, webhookToken: match[2] });
          messages.set(message.id, message);
          originals.set(match[2]!, message.id);
        }
        return { status: 204 };
      },
    },
    {
      method: 'PATCH',
      pattern: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/,
      name: 'PATCH /webhooks/:app/:token/messages/:message',
      handle: (match, request) => {
        if (tokenExpired(match[2]!)) return invalidWebhookToken();
        const id = match[3] === '@original' ? originals.get(match[2]!) : match[3];
        const existing = id ? messages.get(id) : undefined;
        if (!existing) return apiError(404, 10008, 'Unknown Message');
        if (isEmptyMessage({ ...existing, ...(request.body ?? {}) })) return apiError(400, 50006, 'Cannot send an empty message');
        return { status: 200, body: editMessage(existing, request.body ?? {}) };
      },
    },
    {
      method: 'GET',
      pattern: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/,
      name: 'GET /webhooks/:app/:token/messages/:message',
      handle: (match) => {
        if (tokenExpired(match[2]!)) return invalidWebhookToken();
        const id = match[3] === '@original' ? originals.get(match[2]!) : match[3];
        const existing = id ? messages.get(id) : undefined;
        return existing ? { status: 200, body: existing } : apiError(404, 10008, 'Unknown Message');
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/,
      name: 'DELETE /webhooks/:app/:token/messages/:message',
      handle: (match) => {
        if (tokenExpired(match[2]!)) return invalidWebhookToken();
        const id = match[3] === '@original' ? originals.get(match[2]!) : match[3];
        if (!id || !messages.delete(id)) return apiError(404, 10008, 'Unknown Message');
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      pattern: /^\/webhooks\/(\d+)\/([^/]+)$/,
      name: 'POST /webhooks/:app/:token',
      handle: (match, request) => {
        if (tokenExpired(match[2]!)) return invalidWebhookToken();
        if (!originals.has(match[2]!)) return apiError(404, 10015, 'Unknown Webhook');
        if (isEmptyMessage(request.body ?? {})) return apiError(400, 50006, 'Cannot send an empty message');
        const message = botMessage({ channelId: interactionChannels.get(match[2]!) ?? world.channelId, body: request.body ?? {}, webhookToken: match[2] });
        messages.set(message.id, message);
        return { status: 200, body: message };
      },
    },
    {
      method: 'POST',
      pattern: /^\/channels\/(\d+)\/messages$/,
      name: 'POST /channels/:channel/messages',
      handle: (match, request) => {
        if (!knownChannel(match[1]!)) return apiError(404, 10003, 'Unknown Channel');
        if (isEmptyMessage(request.body ?? {})) return apiError(400, 50006, 'Cannot send an empty message');
        const message = botMessage({ channelId: match[1]!, body: request.body ?? {} });
        messages.set(message.id, message);
        return { status: 200, body: message };
      },
    },
    {
      method: 'PATCH',
      pattern: /^\/channels\/(\d+)\/messages\/(\d+)$/,
      name: 'PATCH /channels/:channel/messages/:message',
      handle: (match, request) => {
        const existing = messages.get(match[2]!);
        if (!existing || existing.channel_id !== match[1]) return apiError(404, 10008, 'Unknown Message');
        if (isEmptyMessage({ ...existing, ...(request.body ?? {}) })) return apiError(400, 50006, 'Cannot send an empty message');
        return { status: 200, body: editMessage(existing, request.body ?? {}) };
      },
    },
    {
      method: 'GET',
      pattern: /^\/channels\/(\d+)\/messages\/(\d+)$/,
      name: 'GET /channels/:channel/messages/:message',
      handle: (match) => {
        const existing = messages.get(match[2]!);
        if (!existing || existing.channel_id !== match[1]) return apiError(404, 10008, 'Unknown Message');
        return { status: 200, body: existing };
      },
    },
    {
      method: 'GET',
      pattern: /^\/channels\/(\d+)$/,
      name: 'GET /channels/:channel',
      handle: (match) => {
        const id = match[1]!;
        const dm = dmChannels.get(id);
        if (dm) return { status: 200, body: dm };
        const guildChannel = worlds.flatMap((w) => [...guildCreatePayload(w).channels, ...guildCreatePayload(w).threads]).find((channel) => channel.id === id);
        return guildChannel ? { status: 200, body: guildChannel } : apiError(404, 10003, 'Unknown Channel');
      },
    },
    {
      method: 'POST',
      pattern: /^\/channels\/(\d+)\/typing$/,
      name: 'POST /channels/:channel/typing',
      handle: (match) => (knownChannel(match[1]!) ? { status: 204 } : apiError(404, 10003, 'Unknown Channel')),
    },
  ];

  /** What Discord would refuse as Invalid Form Body: a message or autocomplete result over a limit. */
  function limitProblems(routeName: string, request: RecordedRequest): string[] {
    const body = request.body as Record<string, any> | null;
    if (!body || typeof body !== 'object') return [];
    if (routeName === 'POST /interactions/:id/:token/callback') {
      if (body.type === 8) return autocompleteLimitViolations(body.data);
      return body.type === 4 || body.type === 7 ? messageLimitViolations(body.data) : [];
    }
    const sendsMessage = routeName.includes('/webhooks/') || routeName.startsWith('POST /channels/:channel/messages') || routeName === 'PATCH /channels/:channel/messages/:message';
    return sendsMessage && request.method !== 'GET' && request.method !== 'DELETE' ? messageLimitViolations(body) : [];
  }

  function tokenExpired(interactionToken: string): boolean {
    const issued = tokenIssuedAt.get(interactionToken);
    return issued !== undefined && clock() - issued > TOKEN_LIFETIME_MS;
  }

  function invalidWebhookToken() {
    return apiError(401, 50027, 'Invalid Webhook Token');
  }

  function knownChannel(id: string): boolean {
    return worlds.some((w) => id === w.channelId || id === w.threadId || w.forumPostIds.includes(id)) || dmChannels.has(id);
  }

  function record(request: RecordedRequest): void {
    requests.push(request);
    for (const waiter of waiters) {
      if (request.at >= waiter.since && waiter.predicate(request)) {
        waiters.delete(waiter);
        waiter.resolve(request);
      }
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = performance.now();
      const url = new URL(req.url ?? '/', 'http://fake.discord');
      const prefix = '/api/v10';
      const rawPath = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
      const path = decodeURIComponent(rawPath);
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      const request: RecordedRequest = { method: req.method ?? 'GET', path, query: url.searchParams, headers: req.headers, body, at, route: null };
      const file = req.method === 'GET' && /^\/attachments\/(\d+)\//.exec(url.pathname);
      if (file) {
        const stored = attachmentFiles.get(file[1]!);
        request.route = stored ? 'GET /attachments/:id/:filename' : null;
        if (!stored) unknownRoutes.push(request);
        record(request);
        if (stored) res.writeHead(200, { 'content-type': stored.contentType, 'content-length': stored.bytes.byteLength }).end(Buffer.from(stored.bytes));
        else send(res, 404, { code: 0, message: '404: Not Found' });
        return;
      }

      const route = url.pathname.startsWith(prefix) ? routes.find((r) => r.method === request.method && r.pattern.test(path)) : undefined;
      if (!route) {
        unknownRoutes.push(request);
        record(request);
        send(res, 404, { code: 0, message: `404: Not Found (fake Discord has no route ${request.method} ${url.pathname})` });
        return;
      }
      request.route = route.name;
      const needsBotToken = !route.name.startsWith('POST /interactions') && !route.name.includes('/webhooks/');
      if (needsBotToken && req.headers.authorization !== `Bot ${token}`) {
        record(request);
        send(res, 401, { code: 0, message: '401: Unauthorized' });
        return;
      }
      const injected = failures.findIndex((f) => f.predicate(request));
      if (injected !== -1) {
        const { failure } = failures.splice(injected, 1)[0]!;
        if (failure.afterProcessing) route.handle(route.pattern.exec(path)!, request);
        record(request);
        sendFailure(res, failure, route.name);
        return;
      }
      const problems = limitProblems(route.name, request);
      if (problems.length > 0) {
        limitViolations.push({ request, problems });
        record(request);
        send(res, 400, { code: 50035, message: 'Invalid Form Body', errors: problems });
        return;
      }
      const result = route.handle(route.pattern.exec(path)!, request);
      record(request);
      send(res, result.status, result.body);
    });
  });

  function sendFailure(res: http.ServerResponse, failure: InjectedFailure, bucket: string): void {
    if (failure.status === 429) {
      const retryAfter = failure.retryAfter ?? 0.05;
      res
        .writeHead(429, {
          'content-type': 'application/json',
          'retry-after': String(retryAfter),
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': String(retryAfter),
          'x-ratelimit-bucket': Buffer.from(bucket).toString('hex').slice(0, 16),
          'x-ratelimit-scope': 'user',
        })
        .end(JSON.stringify({ message: 'You are being rate limited.', retry_after: retryAfter, global: false }));
      return;
    }
    send(res, failure.status, { code: failure.code ?? 0, message: failure.message ?? `injected ${failure.status}` });
  }

  function send(res: http.ServerResponse, status: number, body?: unknown): void {
    if (body === undefined) {
      res.writeHead(status).end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/gateway')) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => {
      sockets.delete(ws);
      identified.delete(ws);
    });
    ws.send(JSON.stringify({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: options.heartbeatIntervalMs ?? 41_250 }, s: null, t: null }));
    ws.on('message', (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: unknown };
      switch (payload.op) {
        case GatewayOpcodes.Heartbeat:
          ws.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null }));
          break;
        case GatewayOpcodes.Identify: {
          const d = payload.d as { token: string; intents: number; shard?: [number, number] };
          identifies.push({ token: d.token, intents: d.intents, at: performance.now() });
          if (options.identifyCloseCode) {
            ws.close(options.identifyCloseCode, 'Refused by the test.');
            return;
          }
          if (d.token !== token && d.token !== `Bot ${token}`) {
            ws.close(4004, 'Authentication failed.');
            return;
          }
          identified.add(ws);
          const shard = d.shard ?? [0, 1];
          shardOf.set(ws, shard);
          const served = worlds.filter((w) => shardForGuild(w.guildId, shard[1]) === shard[0]);
          sendDispatch(ws, GatewayDispatchEvents.Ready, {
            v: 10,
            user: { ...apiUser(world.bot), verified: true, mfa_enabled: false, flags: 0 },
            guilds: served.map((w) => ({ id: w.guildId, unavailable: true })),
            session_id: `session-${snowflake()}`,
            resume_gateway_url: gatewayUrl,
            application: { id: world.applicationId, flags: 0 },
            shard,
          });
          for (const w of served) sendDispatch(ws, GatewayDispatchEvents.GuildCreate, guildCreatePayload(w));
          break;
        }
        case GatewayOpcodes.Resume:
          // No resuming here: tell the client to identify again.
          ws.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null }));
          break;
        default:
          break;
      }
    });
  });

  function sendDispatch(ws: WebSocket, event: string, data: unknown): void {
    sequence += 1;
    ws.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, t: event, s: sequence, d: data }));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const gatewayUrl = `ws://127.0.0.1:${port}/gateway`;

  const fake: FakeDiscord = {
    world,
    users: world.users,
    slash: (name, values, user, where) => payloads.slash(world, name, values, user, where),
    autocomplete: (name, values, focused, user, where) => payloads.autocomplete(world, name, values, focused, user, where),
    button: (customId, message, user, where) => payloads.button(world, customId, message, user, where),
    select: (customId, values, message, user) => payloads.select(world, customId, values, message, user),
    userMessage: (content, user, options) => payloads.userMessage(world, content, user, options),
    token,
    apiBaseUrl: `http://127.0.0.1:${port}/api`,
    requests,
    unknownRoutes,
    limitViolations,
    identifies,
    messages,
    commands,
    dispatch(event, data) {
      // Like Discord: a guild's events reach the shard that serves the guild; DMs reach shard 0.
      const guildId = (data as { guild_id?: string } | null)?.guild_id;
      for (const ws of identified) {
        const [id, count] = shardOf.get(ws) ?? [0, 1];
        if (count === 1 || id === (guildId ? shardForGuild(guildId, count) : 0)) sendDispatch(ws, event, data);
      }
    },
    interact(interaction) {
      const payload = interaction as { id: string; token: string; channel_id?: string; message?: { id: string }; channel?: { id: string; type: number }; user?: unknown };
      if (payload.channel?.type === ChannelType.DM) dmChannels.set(payload.channel.id, { id: payload.channel.id, type: ChannelType.DM, last_message_id: null, recipients: payload.user ? [payload.user] : [] });
      dispatchedInteractions.set(payload.id, { token: payload.token, acknowledged: false, at: clock(), ...(payload.message ? { messageId: payload.message.id } : {}) });
      tokenIssuedAt.set(payload.token, clock());
      if (payload.channel_id) interactionChannels.set(payload.token, payload.channel_id);
      const at = performance.now();
      fake.dispatch(GatewayDispatchEvents.InteractionCreate, interaction);
      return at;
    },
    post(message) {
      messages.set(message.id, message);
      const at = performance.now();
      fake.dispatch(GatewayDispatchEvents.MessageCreate, message);
      return at;
    },
    waitFor(predicate, waitOptions = {}) {
      const since = waitOptions.since ?? 0;
      const existing = requests.find((r) => r.at >= since && predicate(r));
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const waiter = { predicate, since, resolve: (r: RecordedRequest) => (clearTimeout(timer), resolve(r)) };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`fake Discord: no matching request within ${waitOptions.timeout ?? 5_000} ms (${requests.length} requests recorded)`));
        }, waitOptions.timeout ?? 5_000);
        waiters.add(waiter);
      });
    },
    failNext(predicate, failure) {
      failures.push({ predicate, failure });
    },
    advanceClock(ms) {
      clockOffsetMs += ms;
    },
    requestsFor(interaction) {
      return requests.filter((r) => r.path.includes(`/${interaction.token}`));
    },
    botMessages(channelId) {
      return [...messages.values()].filter((m) => (m.author as { id: string } | undefined)?.id === world.bot.id && (!channelId || m.channel_id === channelId));
    },
    attachment(filename, bytes, contentType = 'application/octet-stream') {
      const id = snowflake();
      attachmentFiles.set(id, { bytes, contentType });
      const url = `http://127.0.0.1:${port}/attachments/${id}/${encodeURIComponent(filename)}`;
      return { id, filename, size: bytes.byteLength, url, proxy_url: url, content_type: contentType };
    },
    closeGateway(code, reason = 'Closed by the test.') {
      for (const ws of sockets) ws.close(code, reason);
    },
    async stop() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

/** Discord's limits on interactions: 3 s to acknowledge, then the token works for 15 minutes. */
const ACK_DEADLINE_MS = 3_000;
const TOKEN_LIFETIME_MS = 15 * 60_000;

/** What Discord refuses with 50006: a message with no content, embeds, components, files or stickers. */
function isEmptyMessage(body: Record<string, unknown>): boolean {
  const nonEmpty = (key: string) => Array.isArray(body[key]) && (body[key] as unknown[]).length > 0;
  const hasContent = typeof body.content === 'string' && body.content.trim() !== '';
  return !hasContent && !nonEmpty('embeds') && !nonEmpty('components') && !nonEmpty('attachments') && !nonEmpty('sticker_ids') && !body.poll;
}

function withIds(body: unknown, applicationId: string, guildId?: string): unknown[] {
  const list = Array.isArray(body) ? (body as Record<string, unknown>[]) : [];
  return list.map((command) => ({
    id: snowflake(),
    application_id: applicationId,
    version: snowflake(),
    default_member_permissions: null,
    type: 1,
    ...command,
    ...(guildId ? { guild_id: guildId } : {}),
  }));
}

export type { FakeUser, FakeWorld };
