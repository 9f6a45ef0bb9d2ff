/**
 * A small HTTP server on 127.0.0.1 (port 0) that answers like an LLM provider. Each wire
 * format (OpenAI, Ollama, Anthropic, Gemini) is a `ProviderDialect`; the server handles what
 * they share: behaviours (answer, HTTP error, hang), request recording, shutdown.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** Every text the client sent (system, history, user), joined: what the model "sees". */
  prompt: string;
  /** Time the fake spent on this request, from its first byte arriving to the response's end (ms). */
  serverMs?: number;
  /** performance.now() when the request arrived. */
  at?: number;
}

export type Behaviour =
  | {
      kind: 'answer';
      text: string | ((request: RecordedRequest) => string);
      inputTokens?: number;
      outputTokens?: number;
      /** Streams slowly: waits paceMs after every `piecesPerPause` pieces (default 1). */
      paceMs?: number;
      piecesPerPause?: number;
    }
  | { kind: 'status'; status: number; message?: string; /** Sent as the Retry-After header (seconds). */ retryAfter?: number }
  | { kind: 'hang' };

export interface Reply {
  text: string;
  inputTokens: number;
  outputTokens: number;
  model: string;
  /** Called by streaming dialects after each piece (index from 0); resolves when the next may go. */
  pause(index: number): Promise<void>;
}

export interface ProviderDialect {
  name: string;
  /** Recognises a generation request and says whether it wants a stream. */
  match(method: string, url: URL, body: unknown): { stream: boolean; model: string } | null;
  prompt(body: unknown): string;
  sendJson(res: http.ServerResponse, reply: Reply): void;
  sendStream(res: http.ServerResponse, reply: Reply): Promise<void> | void;
  sendError(res: http.ServerResponse, status: number, message: string): void;
  /** The base URL clients are configured with, given the server origin. */
  baseUrl(origin: string): string;
  /** Answers a request that is not a generation (e.g. a model list); true when it did. */
  serve?(method: string, url: URL, res: http.ServerResponse): boolean;
}

export interface FakeProvider {
  /** Base URL to put in Parley's config for this provider. */
  url: string;
  origin: string;
  requests: RecordedRequest[];
  /** Sets the behaviour for every request from now on (and forgets queued ones). */
  behave(behaviour: Behaviour): void;
  /** Queues behaviours for the next requests, one each, before falling back to `behave`'s. */
  queue(...behaviours: Behaviour[]): void;
  close(): Promise<void>;
}

export const DEFAULT_ANSWER = 'Llama 2 allows commercial use under 700 million monthly active users [1]. Above that you need a separate license from Meta [2]. Some say otherwise [9].';

export async function startFakeProvider(dialect: ProviderDialect, initial?: Behaviour): Promise<FakeProvider> {
  let behaviour: Behaviour = initial ?? { kind: 'answer', text: DEFAULT_ANSWER };
  const requests: RecordedRequest[] = [];
  const queued: Behaviour[] = [];
  const hanging = new Set<http.ServerResponse>();

  const server = http.createServer((req, res) => {
    const arrived = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const rawBody = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = rawBody ? JSON.parse(rawBody) : null;
        } catch {
          body = rawBody;
        }
        if (dialect.serve?.(req.method ?? 'GET', url, res)) return;
        const matched = dialect.match(req.method ?? 'GET', url, body);
        if (!matched) {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `no route ${req.method} ${url.pathname}` }));
          return;
        }
        const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname + url.search, headers: req.headers, body, prompt: dialect.prompt(body), at: arrived };
        requests.push(recorded);
        const current = queued.shift() ?? behaviour;
        if (current.kind === 'hang') {
          hanging.add(res);
          res.on('close', () => hanging.delete(res));
          return;
        }
        if (current.kind === 'status') {
          if (current.retryAfter !== undefined) res.setHeader('retry-after', String(current.retryAfter));
          dialect.sendError(res, current.status, current.message ?? http.STATUS_CODES[current.status] ?? 'error');
          return;
        }
        const text = typeof current.text === 'function' ? current.text(recorded) : current.text;
        const reply: Reply = {
          text,
          inputTokens: current.inputTokens ?? Math.max(1, Math.round(recorded.prompt.length / 4)),
          outputTokens: current.outputTokens ?? Math.max(1, text.split(/\s+/).length),
          model: matched.model,
          pause: (index) =>
            current.paceMs && (index + 1) % (current.piecesPerPause ?? 1) === 0 ? new Promise((resolve) => setTimeout(resolve, current.paceMs)) : Promise.resolve(),
        };
        if (matched.stream) await dialect.sendStream(res, reply);
        else dialect.sendJson(res, reply);
        recorded.serverMs = performance.now() - arrived;
      })().catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: dialect.baseUrl(origin),
    origin,
    requests,
    behave(next) {
      behaviour = next;
      queued.length = 0;
    },
    queue(...next) {
      queued.push(...next);
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL where nothing listens (the port was bound, then released): connection refused. */
export async function refusedUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Splits an answer into a few stream pieces, keeping whitespace. */
export function pieces(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [text];
}

/** Joins the text parts of chat messages in any of the providers' shapes. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => textOf((part as { text?: unknown; content?: unknown }).text ?? part)).join('\n');
  if (content && typeof content === 'object' && 'text' in content) return textOf((content as { text: unknown }).text);
  return '';
}
