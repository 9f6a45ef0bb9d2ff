/** Ollama /api/chat: NDJSON lines, the last one `done: true` with prompt_eval_count / eval_count. */
import { pieces, startFakeProvider, textOf, type Behaviour, type ProviderDialect } from './server.js';

interface ChatBody {
  model?: string;
  stream?: boolean;
  messages?: Array<{ role: string; content: unknown }>;
}

export const ollamaDialect: ProviderDialect = {
  name: 'ollama',
  match(method, url, body) {
    if (method !== 'POST' || url.pathname !== '/api/chat') return null;
    const b = body as ChatBody;
    return { stream: b?.stream !== false, model: b?.model ?? 'unknown' };
  },
  prompt: (body) => ((body as ChatBody)?.messages ?? []).map((m) => `${m.role}: ${textOf(m.content)}`).join('\n\n'),
  sendJson(res, reply) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(final(reply, reply.text)));
  },
  async sendStream(res, reply) {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const created_at = new Date().toISOString();
    for (const [index, piece] of pieces(reply.text).entries()) {
      {
      res.write(`${JSON.stringify({ model: reply.model, created_at, message: { role: 'assistant', content: piece }, done: false })}\n`);
      await reply.pause(index);
    }
    }
    res.end(`${JSON.stringify(final(reply, ''))}\n`);
  },
  sendError(res, status, message) {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: message }));
  },
  baseUrl: (origin) => origin,
};

function final(reply: { model: string; inputTokens: number; outputTokens: number }, content: string) {
  return {
    model: reply.model,
    created_at: new Date().toISOString(),
    message: { role: 'assistant', content },
    done: true,
    done_reason: 'stop',
    total_duration: 1_000_000,
    load_duration: 1000,
    prompt_eval_count: reply.inputTokens,
    prompt_eval_duration: 1000,
    eval_count: reply.outputTokens,
    eval_duration: 1000,
  };
}

export const startFakeOllama = (initial?: Behaviour) => startFakeProvider(ollamaDialect, initial);
