/** OpenAI chat completions: JSON, or SSE `data:` chunks with a final usage chunk (stream_options.include_usage). */
import type http from 'node:http';
import { pieces, startFakeProvider, textOf, type Behaviour, type ProviderDialect } from './server.js';

interface ChatBody {
  model?: string;
  stream?: boolean;
  messages?: Array<{ role: string; content: unknown }>;
  stream_options?: { include_usage?: boolean };
}

export const openAiDialect: ProviderDialect = {
  name: 'openai',
  match(method, url, body) {
    if (method !== 'POST' || !url.pathname.endsWith('/chat/completions')) return null;
    const b = body as ChatBody;
    return { stream: Boolean(b?.stream), model: b?.model ?? 'unknown' };
  },
  prompt: (body) => ((body as ChatBody)?.messages ?? []).map((m) => `${m.role}: ${textOf(m.content)}`).join('\n\n'),
  sendJson(res, reply) {
    json(res, 200, {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: reply.model,
      choices: [{ index: 0, message: { role: 'assistant', content: reply.text }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: reply.inputTokens, completion_tokens: reply.outputTokens, total_tokens: reply.inputTokens + reply.outputTokens },
    });
  },
  async sendStream(res, reply) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: reply.model };
    const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    for (const [index, piece] of pieces(reply.text).entries()) {
      send({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
      await reply.pause(index);
    }
    send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    send({ ...base, choices: [], usage: { prompt_tokens: reply.inputTokens, completion_tokens: reply.outputTokens, total_tokens: reply.inputTokens + reply.outputTokens } });
    res.end('data: [DONE]\n\n');
  },
  sendError(res, status, message) {
    json(res, status, { error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'server_error', code: null } });
  },
  baseUrl: (origin) => `${origin}/v1`,
};

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export const startFakeOpenAi = (initial?: Behaviour) => startFakeProvider(openAiDialect, initial);
