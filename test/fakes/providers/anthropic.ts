/**
 * Anthropic /v1/messages: JSON, or SSE with `event:` lines. Usage arrives in `message_start`
 * (input) and `message_delta` (output); without those events LangChain returns an empty answer.
 */
import type http from 'node:http';
import { pieces, startFakeProvider, textOf, type Behaviour, type ProviderDialect } from './server.js';

interface MessagesBody {
  model?: string;
  stream?: boolean;
  system?: unknown;
  messages?: Array<{ role: string; content: unknown }>;
}

export const anthropicDialect: ProviderDialect = {
  name: 'anthropic',
  match(method, url, body) {
    if (method !== 'POST' || url.pathname !== '/v1/messages') return null;
    const b = body as MessagesBody;
    return { stream: Boolean(b?.stream), model: b?.model ?? 'unknown' };
  },
  prompt(body) {
    const b = body as MessagesBody;
    return [`system: ${textOf(b?.system)}`, ...(b?.messages ?? []).map((m) => `${m.role}: ${textOf(m.content)}`)].join('\n\n');
  },
  sendJson(res, reply) {
    json(res, 200, {
      id: 'msg_fake',
      type: 'message',
      role: 'assistant',
      model: reply.model,
      content: [{ type: 'text', text: reply.text }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: reply.inputTokens, output_tokens: reply.outputTokens },
    });
  },
  async sendStream(res, reply) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    send('message_start', {
      type: 'message_start',
      message: { id: 'msg_fake', type: 'message', role: 'assistant', model: reply.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: reply.inputTokens, output_tokens: 1 } },
    });
    send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    send('ping', { type: 'ping' });
    for (const [index, piece] of pieces(reply.text).entries()) {
      send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } });
      await reply.pause(index);
    }
    send('content_block_stop', { type: 'content_block_stop', index: 0 });
    send('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: reply.outputTokens } });
    send('message_stop', { type: 'message_stop' });
    res.end();
  },
  sendError(res, status, message) {
    const type = status === 429 ? 'rate_limit_error' : status === 401 ? 'authentication_error' : 'api_error';
    json(res, status, { type: 'error', error: { type, message } });
  },
  baseUrl: (origin) => origin,
};

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export const startFakeAnthropic = (initial?: Behaviour) => startFakeProvider(anthropicDialect, initial);
