/** Gemini `models/{model}:generateContent` (JSON) and `:streamGenerateContent?alt=sse` (SSE), with usageMetadata. */
import type http from 'node:http';
import { pieces, startFakeProvider, textOf, type Behaviour, type ProviderDialect } from './server.js';

interface GenerateBody {
  systemInstruction?: { parts?: unknown };
  contents?: Array<{ role: string; parts?: unknown }>;
}

export const googleDialect: ProviderDialect = {
  name: 'google',
  match(method, url) {
    const match = /\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(url.pathname);
    if (method !== 'POST' || !match) return null;
    return { stream: match[2] === 'streamGenerateContent', model: match[1] ?? 'unknown' };
  },
  prompt(body) {
    const b = body as GenerateBody;
    return [`system: ${textOf(b?.systemInstruction?.parts)}`, ...(b?.contents ?? []).map((c) => `${c.role}: ${textOf(c.parts)}`)].join('\n\n');
  },
  sendJson(res, reply) {
    json(res, 200, { candidates: [candidate(reply.text, 'STOP')], usageMetadata: usage(reply), modelVersion: reply.model });
  },
  async sendStream(res, reply) {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const parts = pieces(reply.text);
    for (const [index, piece] of parts.entries()) {
      const last = index === parts.length - 1;
      const data = { candidates: [candidate(piece, last ? 'STOP' : undefined)], ...(last ? { usageMetadata: usage(reply) } : {}), modelVersion: reply.model };
      res.write(`data: ${JSON.stringify(data)}\r\n\r\n`);
      await reply.pause(index);
    }
    res.end();
  },
  sendError(res, status, message) {
    json(res, status, { error: { code: status, message, status: status === 429 ? 'RESOURCE_EXHAUSTED' : 'INTERNAL' } });
  },
  baseUrl: (origin) => origin,
};

function candidate(text: string, finishReason?: string) {
  return { content: { parts: [{ text }], role: 'model' }, index: 0, ...(finishReason ? { finishReason } : {}) };
}

function usage(reply: { inputTokens: number; outputTokens: number }) {
  return { promptTokenCount: reply.inputTokens, candidatesTokenCount: reply.outputTokens, totalTokenCount: reply.inputTokens + reply.outputTokens };
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export const startFakeGoogle = (initial?: Behaviour) => startFakeProvider(googleDialect, initial);
