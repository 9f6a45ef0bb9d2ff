/**
 * Generative RAG as LangChain Runnables: prompt (numbered sources + history + question) → chat
 * model. Streams when asked, reads token usage from `usage_metadata`, and keeps only citations
 * that match a source (renumbered with their sources).
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, HumanMessage, type BaseMessage } from '@langchain/core/messages';
import { ChatPromptTemplate, MessagesPlaceholder } from '@langchain/core/prompts';
import type { ConversationTurn, Source, Usage } from '../core/types.js';
import { renumberCitations, sourceLabel, truncateSnippet } from './citations.js';
import type { AnswerChunk } from './local-answerer.js';
import { RAG_HUMAN_TEMPLATE, RAG_SYSTEM_PROMPT, formatSourceBlock } from './rag-prompt.js';
import { untrustedText } from './untrusted-text.js';

export interface RagInput {
  question: string;
  chunks: readonly AnswerChunk[];
  history?: readonly ConversationTurn[];
}

export interface RagRunOptions {
  signal?: AbortSignal;
  /** When given, the answer streams and this gets the whole text so far after each token batch. */
  onProgress?: (textSoFar: string) => void;
  /** Called once the first text arrived (a retry after that would repeat output). */
  onFirstToken?: () => void;
}

export interface RagAnswer {
  answer: string;
  sources: Source[];
  usage: Usage | null;
}

export const ragPrompt = ChatPromptTemplate.fromMessages([
  ['system', RAG_SYSTEM_PROMPT],
  new MessagesPlaceholder('history'),
  ['human', RAG_HUMAN_TEMPLATE],
]);

export function numberedSources(chunks: readonly AnswerChunk[]): Source[] {
  return chunks.map((chunk, index) => ({
    n: index + 1,
    title: chunk.title,
    section: chunk.section,
    path: chunk.path,
    url: chunk.url,
    snippet: truncateSnippet(chunk.text, 200),
    score: chunk.score,
  }));
}

export function promptVariables(input: RagInput): { sources: string; question: string; history: BaseMessage[] } {
  return {
    sources: input.chunks
      .map((chunk, index) => formatSourceBlock(index + 1, sourceLabel(chunk), untrustedText(chunk.text)))
      .join('\n\n'),
    question: untrustedText(input.question),
    history: (input.history ?? []).map((turn) =>
      turn.role === 'user'
        ? new HumanMessage(turn.fromOtherMember ? `(written by another member) ${untrustedText(turn.content)}` : untrustedText(turn.content))
        : new AIMessage(untrustedText(turn.content)),
    ),
  };
}

export async function runRagChain(model: BaseChatModel, input: RagInput, options: RagRunOptions = {}): Promise<RagAnswer> {
  const chain = ragPrompt.pipe(model);
  const variables = promptVariables(input);
  let message: AIMessageChunk | AIMessage | undefined;
  if (options.onProgress) {
    const stream = await chain.stream(variables, { signal: options.signal });
    let text = '';
    for await (const chunk of stream) {
      message = message ? (message as AIMessageChunk).concat(chunk) : chunk;
      const piece = chunk.text;
      if (piece) {
        if (text === '') options.onFirstToken?.();
        text += piece;
        options.onProgress(text);
      }
    }
  } else {
    message = await chain.invoke(variables, { signal: options.signal });
  }
  const raw = message?.text ?? '';
  const { answer, sources } = renumberCitations(raw, numberedSources(input.chunks));
  return { answer, sources, usage: usageOf(message) };
}

function usageOf(message: AIMessage | AIMessageChunk | undefined): Usage | null {
  const usage = message?.usage_metadata;
  if (!usage) return null;
  return { inputTokens: usage.input_tokens ?? 0, outputTokens: usage.output_tokens ?? 0 };
}
