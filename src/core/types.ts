/**
 * Plain data shared by services and adapters. Nothing here knows about Discord or the terminal.
 */

/** Who is asking, and where. Adapters build it; services use it for settings, policy and usage. */
export interface RequestContext {
  /** null outside a server (DMs, terminal). */
  guildId: string | null;
  channelId: string;
  /** The channel a thread or forum post belongs to: its channel policy applies here too. */
  parentChannelId?: string;
  userId: string;
  /** True when the caller may change server-wide settings (Discord: Manage Server). */
  isAdmin: boolean;
}

/** The channel whose policy governs a request: a thread's parent, else the channel itself. */
export function policyChannelId(ctx: Pick<RequestContext, 'channelId' | 'parentChannelId'>): string {
  return ctx.parentChannelId ?? ctx.channelId;
}

/** One numbered source behind an answer. `n` is the number cited as [n] in the answer text. */
export interface Source {
  n: number;
  title: string;
  section: string;
  path: string;
  url: string | null;
  snippet: string;
  score: number;
}

export interface ConversationTurn {
  role: 'user' | 'assistant';
  content: string;
  /** A user turn written by someone other than the person asking now (a reply chain in Discord). */
  fromOtherMember?: boolean;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

export interface AskInput {
  question: string;
  /** Backend name for this question only (e.g. "ollama:llama2"); otherwise resolved from settings. */
  backend?: string;
  /** Earlier turns of the conversation, oldest first. */
  history?: ConversationTurn[];
  signal?: AbortSignal;
  /** Called with the whole answer text so far while a generative backend streams. */
  onProgress?: (textSoFar: string) => void;
}

export interface AnswerResult {
  question: string;
  answer: string;
  sources: Source[];
  /** Backend that produced `answer` (after any fallback). */
  backend: string;
  latencyMs: number;
  /** False when the knowledge base does not cover the question. */
  covered: boolean;
  usage: Usage | null;
  costUsd: number | null;
  fallback?: { from: string; reason: string };
}
