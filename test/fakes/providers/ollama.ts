/**
 * Ollama /api/chat: NDJSON lines, the last one `done: true` with prompt_eval_count / eval_count;
 * GET /api/tags lists the models "pulled" on this fake host.
 */
import { pieces, startFakeProvider, textOf, type Behaviour, type FakeProvider, type ProviderDialect } from './server.js';

export interface PulledModel {
  name: string;
  size: number;
}

export interface FakeOllama extends FakeProvider {
  /** The models /api/tags lists from now on. */
  setPulled(models: PulledModel[]): void;
  /** How many times /api/tags was asked. */
  tagRequests(): number;
}

/** What a fresh Ollama host with `ollama pull llama2` shows. */
export const DEFAULT_PULLED: readonly PulledModel[] = [{ name: 'llama2:latest', size: 3_826_793_677 }];

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

export async function startFakeOllama(initial?: Behaviour, pulled: readonly PulledModel[] = DEFAULT_PULLED): Promise<FakeOllama> {
  let models = [...pulled];
  let tagRequests = 0;
  const provider = await startFakeProvider(
    {
      ...ollamaDialect,
      serve(method, url, res) {
        if (method !== 'GET' || url.pathname !== '/api/tags') return false;
        tagRequests += 1;
        const listed = models.map((m) => ({
          name: m.name,
          model: m.name,
          modified_at: '2026-11-30T10:00:00Z',
          size: m.size,
          digest: 'sha256:0000',
          details: { format: 'gguf', family: 'llama', parameter_size: '7B', quantization_level: 'Q4_0' },
        }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ models: listed }));
        return true;
      },
    },
    initial,
  );
  return Object.assign(provider, {
    setPulled: (next: PulledModel[]) => void (models = [...next]),
    tagRequests: () => tagRequests,
  });
}
