/**
 * The embedded default answerer (backend `local`): extractive, offline, a few milliseconds.
 * It picks the sentences of the retrieved chunks that best answer the question and cites each
 * one, or says plainly that the knowledge base does not cover the question.
 */
import type { Source } from '../core/types.js';
import type { RetrievedChunk } from '../retrieval/types.js';
import { renumberCitations, truncateSnippet } from './citations.js';
import { CLASS_TERMS, classOf, classQuestion, headingAnswersStance, headingOpposesStance, isTableRow, leadingClassOf, mentionsBothClasses, toneOf, modelClassOf, speaksOfClass, stanceFit, tableCell, type ClassQuestion } from './class-question.js';
import { questionTerms, salientNames, splitSentences, terms, termsWithConcepts, words } from './text.js';

/** The fields of a retrieved chunk the answerer reads. */
export type AnswerChunk = Pick<RetrievedChunk, 'id' | 'text' | 'title' | 'section' | 'path' | 'url' | 'score'>;

export interface LocalAnswer {
  answer: string;
  sources: Source[];
  covered: boolean;
}

export const NOT_COVERED_ANSWER =
  "The knowledge base doesn't cover this question, so I won't guess. I can answer questions about open and closed LLMs, their licenses and terms (commercial use, user caps, redistribution, use of outputs, hosting, training on your data) and the models in the catalog.";

const MAX_SENTENCES = 4;
const MAX_ANSWER_CHARS = 700;
/** Share of the best score a sentence from another clause needs to join the answer. */
const OTHER_SECTION_MIN = 0.6;
/** Clauses one answer may draw on (a comparison is exempt: each side has its own). */
const MAX_SECTIONS = 3;
/** Share of the best score the best sentence about one side of a comparison needs. */
const SIDE_MIN = 0.3;
/**
 * Share of the question's weighted terms the best sentence (with its heading) must meet. Calibrated
 * on test/eval/questions.yaml and on off-topic questions ("weather in Paris", "pancake recipe").
 */
const MIN_COVERAGE = 0.25;
const MIN_COVERAGE_UNANCHORED = 0.6;

/** Words that place a question in Parley's domain: choosing and licensing language models. */
const DOMAIN_TERMS = new Set(
  terms(
    `model models llm llms ai gpt chatgpt openai anthropic claude gemini gemma llama llama2 llama3 meta falcon tii mistral
    mixtral codestral bloom bigscience rail openrail apache mit open-source opensource proprietary fine-tune finetune
    fine-tuning distill distillation chatbot token tokens inference self-host self-hosted hosting api apis`,
  ),
);

export interface Candidate {
  text: string;
  chunk: AnswerChunk;
  rank: number;
  order: number;
  features: Features;
  /** Title, section heading and any FAQ question just before the sentence. */
  context: Features;
  /** The sentence before this one in the chunk, if any. */
  previous: string | null;
  score: number;
  coverage: number;
  /** The sentence or its heading meets a word of the question other than a name (not just "GPT-4o"). */
  onTopic: boolean;
}

interface QuestionTerm {
  term: string;
  concepts: readonly string[];
  weight: number;
  /** A name or number ("Gemma", "2"). */
  salient: boolean;
}

/** Credit for a question term met only through its chunk's title/section, or only through a related word. */
const CONTEXT_CREDIT = 0.5;
const CONCEPT_CREDIT = 0.4;
const SALIENT_CONTEXT_CREDIT = 0.85;
const UNKNOWN_TERM_WEIGHT = 1;
/** Credit for a name met only through its vendor ("Claude" in Anthropic's terms). */
const VENDOR_CREDIT = 0.8;
/** Score kept by a sentence whose heading shares none of the question's ordinary words. */
const TOPIC_BASE = 0.6;

export function answerLocally(question: string, chunks: readonly AnswerChunk[]): LocalAnswer {
  const ranking = rankSentences(question, chunks);
  if (!ranking || !isCovered(ranking)) return notCovered();
  const chosen = ranking.classQuestion ? pickClassSentences(ranking.candidates, ranking.classQuestion) : pickSentences(ranking.candidates, ranking.sides);
  return compose(chosen);
}

/**
 * The two things a comparison question weighs ("Llama 2 or Mistral…", "GPT-4o vs Claude"), each
 * as the names that identify it; null when the question does not compare named things.
 */
export function comparedSides(question: string, isName: (name: readonly string[]) => boolean = () => true): string[][][] | null {
  const split = COMPARISON.exec(question);
  if (!split) return null;
  const left = salientNames(question.slice(0, split.index)).filter(isName);
  // The right-hand part starts mid-sentence: its first capitalised word is a name too.
  const right = salientNames(`and ${question.slice(split.index + split[0].length)}`).filter(isName);
  if (left.length === 0 || right.length === 0) return null;
  const key = (names: string[][]) => names.map((name) => name.join(' ')).join('|');
  return key(left) === key(right) ? null : [left, right];
}

/** Questions whose answer is a figure: a price, a size, a count. */
const WANTS_AMOUNT = /\b(how (much|big|large|long)|cost|costs|price|prices|pricing|priced|cheap|cheaper|cheapest|expensive|pricier|per (million|token|1m)|context (window|length)|tokens? (limit|fit))\b/i;
/** Questions about money: answered by a price, not by any figure ("12 times cheaper", "§6"). */
const WANTS_PRICE = /\b(cost|costs|price|prices|pricing|priced|cheap|cheaper|cheapest|expensive|pricier|budget|fees?)\b/i;
/** A price: a currency amount or a rate per tokens. */
const PRICE = /[$€£]\s?\d|\b\d[\d.,]*\s?(?:usd|dollars?|euros?)\b|\bper\s+(?:1m|1,000,000|million|thousand|1k)\b/i;
/** The thesaurus group of money words (retrieval/text-features.ts). */
const COST_CONCEPT = 'cost';
/** Score kept by a sentence with no price when the question is about money. */
const PRICE_MISSING = 0.75;
/** Score kept by a sentence with no figure when the question asks for one. */
const AMOUNT_MISSING = 0.7;
/** A question asking yes or no ("Can we…?", "Is Gemma…?", "Do we need…?"). */
const YES_NO_QUESTION = /^(?:so\s+|and\s+|but\s+|ok(?:ay)?,?\s+)?(?:can|could|may|might|must|is|isn't|are|aren't|am|do|does|doesn't|don't|did|will|would|should|shall|has|have)\b/i;
/** Wording that settles a yes/no question: a permission, a prohibition, a duty, a plain no. */
const VERDICT = /\b(?:allowed|permitted|prohibit(?:s|ed)?|forbid(?:s|den)?|may not|cannot|can't|must not|need(?:s)? not|not (?:allowed|permitted|licensed|required|bound|subject)|(?:is|are) therefore|yes)\b/i;
/** A figure, in digits or in words ("thirty days"). */
const FIGURE = /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|fifteen|twenty|thirty|sixty|ninety|hundred|thousand|million|billion)\b/i;
/** Digits that are part of a name ("GPT-4o", "Llama 2", "Mistral 7B", "Apache 2.0") or a clause number ("§6"), not a figure. */
const NAME_NUMBER = /\b(?!(?:January|February|March|April|May|June|July|August|September|October|November|December)\b)\p{Lu}\p{L}*[- ]?\d+(?:\.\d+)*[A-Za-z]?\b(?![\d,])|§+\s?[\p{L}\p{N}.()]+/gu;

function hasFigure(text: string): boolean {
  return FIGURE.test(text.replace(NAME_NUMBER, ' '));
}
/** A question asking for a list of models ("Which models can we download…?"). */
const WANTS_MODEL_LIST = /\b(?:which|what)\s+(?:(?:open|closed|open[- ]source|open[- ]weights?)\s+)?(?:models|llms|ones)\b/i;
/** Model families of the knowledge base: a sentence naming several of them is a list of models. */
const MODEL_FAMILY = /\b(?:llama|falcon|mistral|mixtral|gemma|bloom|gpt|claude|gemini)\b/gi;
const MODEL_FAMILY_ONCE = new RegExp(MODEL_FAMILY.source, 'i');
/** Bonus per further model family a sentence names, for a list question (at most LIST_BONUS_MAX of them). */
const LIST_BONUS = 0.3;
const LIST_BONUS_MAX = 4;

function listFactor(text: string): number {
  const families = new Set((text.match(MODEL_FAMILY) ?? []).map((name) => name.toLowerCase()));
  return families.size >= 3 ? 1 + LIST_BONUS * Math.min(LIST_BONUS_MAX, families.size - 1) : 1;
}
/** Boost of a ruling sentence for a yes/no question, so the answer starts with yes or no. */
const VERDICT_BONUS = 1.2;

const COMPARISON = /\s(?:or|vs\.?|versus|compared (?:to|with)|against|and)\s/i;

/** How well the retrieved chunks meet the question, with the candidate sentences best first. */
export interface SentenceRanking {
  candidates: Candidate[];
  /** Weighted share of the question's terms met by the best sentence (with its heading). */
  bestCoverage: number;
  /** The question uses the domain's own words (see DOMAIN_TERMS). */
  anchored: boolean;
  /** The two named things a comparison question weighs, if it is one. */
  sides: string[][][] | null;
  /** Set when the question is about open or closed models as a class. */
  classQuestion: ClassQuestion | null;
}

export function isCovered(ranking: SentenceRanking): boolean {
  const best = ranking.candidates[0];
  if (!best || best.score <= 0) return false;
  // A question about the domain (it names a model, a vendor, a license, "LLM"…) may be loosely
  // worded; one that is not must match the knowledge base closely, or it is off-topic.
  return ranking.bestCoverage >= (ranking.anchored ? MIN_COVERAGE : MIN_COVERAGE_UNANCHORED);
}

export function rankSentences(question: string, chunks: readonly AnswerChunk[]): SentenceRanking | null {
  // "Advantages", "risks" frame a question about a class of models; what answers it is a
  // property of the class, which rarely repeats the framing word.
  const classQ = classQuestion(question);
  const asked = analyseQuestion(question);
  let qTerms = asked.filter((q) => !classQ?.frameTerms.has(q.term));
  // "Downsides of going closed?": the class is all the question names, so its words are the topic.
  if (classQ && qTerms.length === 0) qTerms = asked.filter((q) => CLASS_TERMS.has(q.term));
  if (qTerms.length === 0 || chunks.length === 0) return null;

  const candidates = collectCandidates(chunks);
  if (candidates.length === 0) return null;
  const onlyClass = classQ?.classes.length === 1 ? classQ.classes[0] : undefined;
  if (onlyClass) {
    // A comparison-table row speaks for the class asked about through its column only.
    for (const candidate of candidates) {
      const cell = tableCell(candidate.text, onlyClass);
      if (cell) Object.assign(candidate, { text: cell, features: features(cell) });
    }
  }

  // Names count as names when the knowledge base has a document or section about them ("Gemma",
  // "Claude"), not when they are incidental ("Hugging Face-style hosting"); numbers always count.
  const headings = features(chunks.map((chunk) => `${chunk.title}. ${chunk.section}`).join('\n'));
  const names = salientNames(question).filter((name) => name.some((term) => /\d/.test(term) || headings.terms.has(term)));
  const salient = new Set(names.flat());
  const idf = inverseDocumentFrequency(qTerms, candidates);
  const retrieved = features(chunks.map((chunk) => `${chunk.title}. ${chunk.section}. ${chunk.text}`).join('\n'));
  const meanIdf = qTerms.reduce((sum, q) => sum + (idf.get(q.term) ?? 0), 0) / qTerms.length;
  // Retrieval gathers chunks about the name in the question, which makes that name look common
  // among the candidates; a name or number never weighs less than an average question word.
  for (const q of qTerms) q.salient = salient.has(q.term);
  for (const q of qTerms) q.weight = salient.has(q.term) ? 1.6 * Math.max(idf.get(q.term) ?? 0, meanIdf) : (idf.get(q.term) ?? 0);
  const byTerm = new Map(qTerms.map((q) => [q.term, q]));
  const entities = names.map((name) => name.flatMap((term) => byTerm.get(term) ?? []));
  // One written name weighs as one name, however many pieces it splits into ("GPT-4o").
  for (const entity of entities) if (entity.length > 1) for (const q of entity) q.weight /= Math.sqrt(entity.length);
  const isName = (name: readonly string[]) => name.some((term) => /\d/.test(term) || headings.terms.has(term));
  const sides = comparedSides(question, isName);
  const entityGroups = sides ? sides.map((side) => side.map((name) => name.flatMap((term) => byTerm.get(term) ?? []))) : [entities];
  const wantsAmount = WANTS_AMOUNT.test(question);
  const wantsPrice = WANTS_PRICE.test(question);
  const wantsList = WANTS_MODEL_LIST.test(question);
  const yesNo = YES_NO_QUESTION.test(question.trim());
  // A word found nowhere in what was retrieved would otherwise get the highest weight of all; a
  // paraphrase is full of such words ("cash-strapped"), so they count as much as an average known term.
  const known = qTerms.filter((q) => retrieved.terms.has(q.term) || q.concepts.some((c) => retrieved.concepts.has(c)));
  if (known.length === 0) return null;
  const knownMean = known.reduce((sum, q) => sum + q.weight, 0) / known.length;
  for (const q of qTerms) if (!known.includes(q)) q.weight = Math.min(q.weight, UNKNOWN_TERM_WEIGHT * knownMean);
  const totalWeight = qTerms.reduce((sum, q) => sum + q.weight, 0);
  if (totalWeight <= 0) return null;
  const wantsNumber = /\b(how (many|much|long|big|large|old)|what (price|cost|size|date|year|age)|when|price|cost|limit|cap|threshold|context window)\b/i.test(question);

  const topicTerms = qTerms.filter((q) => !q.salient && q.weight > 0);
  const wantsDate = /\b(when|what (date|year|day))\b/i.test(question);
  const questionSide = sideOf(question);
  const titles = new Map<AnswerChunk, Features>();
  for (const chunk of chunks) titles.set(chunk, features(chunk.title));

  let bestCoverage = 0;
  for (const candidate of candidates) {
    const context = candidate.context;
    const m = match(qTerms, candidate.features, context);
    candidate.coverage = m.coverage / totalWeight;
    bestCoverage = Math.max(bestCoverage, candidate.coverage);
    const length = candidate.features.terms.size;
    // Long sentences match more by chance; very short ones rarely carry a whole fact.
    const lengthFactor = Math.min(1, 0.5 + 0.06 * length) / (1 + Math.max(0, length - 30) / 60);
    const numberBonus = wantsNumber && /\d/.test(candidate.text) ? 0.1 : 0;
    // "How much…?" is answered by a figure; a yes/no question by a sentence that rules.
    const amountFactor = (wantsAmount && !hasFigure(candidate.text) ? AMOUNT_MISSING : 1) * (wantsPrice && !PRICE.test(candidate.text) ? PRICE_MISSING : 1);
    const verdictFactor = (yesNo && VERDICT.test(candidate.text) ? VERDICT_BONUS : 1) * (wantsList ? listFactor(candidate.text) : 1);
    // Names and numbers in the question ("Llama 2", "MIT") should be what the sentence is about,
    // and a document titled after them is the better witness. In a comparison a sentence is
    // about one side or the other; naming both is no better.
    const share = (of: Features, ctx: Features) => Math.max(...entityGroups.map((group) => entityShare(group, of, ctx)));
    const entityFactor =
      entities.length === 0 ? 1 : (0.35 + 0.65 * share(candidate.features, context)) * (1 + 0.3 * share(titles.get(candidate.chunk) ?? EMPTY, EMPTY));
    // A sentence whose clause heading is about something else matches the question's words by
    // accident ("output tokens" in a price list for a question about training on outputs).
    const topicFactor = TOPIC_BASE + (1 - TOPIC_BASE) * topicShare(topicTerms, context);
    candidate.onTopic = topicTerms.length === 0 || (wantsDate && hasFigure(candidate.text)) || topicTerms.some((q) => [candidate.features, context].some((f) => f.terms.has(q.term) || q.concepts.some((c) => f.concepts.has(c))));
    const retrievalPrior = (0.55 + 0.45 * clamp01(candidate.chunk.score)) / (1 + 0.05 * candidate.rank);
    const hedge = /\bnot verified\b/i.test(`${candidate.chunk.section} ${candidate.text}`) ? 0.7 : 1;
    const side = sideOf(candidate.text);
    // The knowledge base is about open versus closed models: a question about one side is not
    // answered by a sentence about the other.
    const sideFactor = classQ ? classFit(classQ, candidate) : questionSide && side && side !== questionSide ? 0.6 : 1;
    const filler = GENERIC_FILLER.test(candidate.text) ? FILLER_FIT : 1;
    candidate.score = filler * (m.score / totalWeight + numberBonus) * lengthFactor * entityFactor * topicFactor * amountFactor * verdictFactor * retrievalPrior * hedge * sideFactor;
  }

  candidates.sort((a, b) => b.score - a.score || a.rank - b.rank || a.order - b.order);
  // "Open" and "closed" are ordinary words, but a question about those classes of models is in the
  // domain when everything else it asks about is found in what was retrieved ("open windows at night" is not).
  const anchored = qTerms.some((q) => DOMAIN_TERMS.has(q.term)) || (classQ !== null && known.length === qTerms.length);
  return { candidates, bestCoverage, anchored, sides, classQuestion: classQ };
}

/**
 * Sentences that frame a topic instead of stating anything about it ("Security and privacy are
 * critical considerations when choosing…", "Both have their unique advantages", "In this article, we'll delve…").
 */
const GENERIC_FILLER = /\b(?:is|are) (?:a |an )?(?:critical|crucial|important|key|essential|vital|major|significant) (?:factors?|considerations?|aspects?|questions?)\b|\bunique (?:advantages|strengths)\b|\bdepends? (?:largely |ultimately )?on (?:the |your )?(?:specific )?(?:needs|requirements|use case)\b|\bin this (?:article|post|guide)\b|\bwe(?:'|’)ll (?:delve|explore|look)\b/i;
/** Score kept by such a sentence. */
const FILLER_FIT = 0.55;

export interface Features {
  terms: Set<string>;
  concepts: Set<string>;
}

const EMPTY: Features = { terms: new Set(), concepts: new Set() };

function features(text: string): Features {
  const termSet = new Set<string>();
  const conceptSet = new Set<string>();
  for (const { term, concepts } of termsWithConcepts(text)) {
    termSet.add(term);
    for (const concept of concepts) conceptSet.add(concept);
  }
  return { terms: termSet, concepts: conceptSet };
}

function analyseQuestion(question: string): QuestionTerm[] {
  const wanted = new Set(questionTerms(question));
  const byTerm = new Map<string, QuestionTerm>();
  for (const { term, concepts } of termsWithConcepts(question)) {
    if (wanted.has(term) && !byTerm.has(term)) byTerm.set(term, { term, concepts, weight: 0, salient: false });
  }
  return [...byTerm.values()];
}

/**
 * `score` ranks sentences (words in the sentence count most); `coverage` decides whether the
 * knowledge base covers the question at all (a word in the clause heading counts fully there).
 */
function match(qTerms: readonly QuestionTerm[], sentence: Features, context: Features): { score: number; coverage: number } {
  let score = 0;
  let coverage = 0;
  for (const q of qTerms) {
    if (sentence.terms.has(q.term)) {
      score += q.weight;
      coverage += q.weight;
    } else if (context.terms.has(q.term)) {
      // A name in the heading ("Apache License 2.0") is what every sentence below it is about.
      score += (q.salient ? SALIENT_CONTEXT_CREDIT : CONTEXT_CREDIT) * q.weight;
      coverage += q.weight;
    } else if (q.salient && q.concepts.some((c) => c.startsWith('vendor') && (sentence.concepts.has(c) || context.concepts.has(c)))) {
      // "Claude" in the question, Anthropic's terms in the source: the same thing under the vendor's name.
      score += VENDOR_CREDIT * CONTEXT_CREDIT * q.weight;
      coverage += VENDOR_CREDIT * q.weight;
    } else if (q.concepts.some((c) => sentence.concepts.has(c))) {
      score += CONCEPT_CREDIT * q.weight;
      coverage += CONCEPT_CREDIT * q.weight;
    } else if (q.concepts.some((c) => context.concepts.has(c))) {
      score += 0.5 * CONCEPT_CREDIT * q.weight;
      coverage += 0.5 * CONCEPT_CREDIT * q.weight;
    }
  }
  return { score, coverage };
}

/**
 * Share of the names/numbers in the question (e.g. "Llama", "2") found in the sentence or its
 * heading. A vendor's terms are about its models even where a clause does not name them, so
 * "Claude" is mostly met by a heading that names Anthropic.
 */
function entityShare(entities: readonly (readonly QuestionTerm[])[], sentence: Features, context: Features): number {
  let found = 0;
  for (const entity of entities) {
    const has = (q: QuestionTerm) => sentence.terms.has(q.term) || context.terms.has(q.term);
    if (entity.every(has)) found += 1;
    else if (entity.some((q) => q.concepts.some((c) => c.startsWith('vendor') && (context.concepts.has(c) || sentence.concepts.has(c))))) found += VENDOR_CREDIT;
  }
  return found / Math.max(1, entities.length);
}

/** Weighted share of the question's ordinary words that the sentence's heading is about. */
function topicShare(topic: readonly QuestionTerm[], context: Features): number {
  let total = 0;
  let met = 0;
  for (const q of topic) {
    total += q.weight;
    if (context.terms.has(q.term)) met += q.weight;
    else if (q.concepts.some((c) => context.concepts.has(c))) met += 0.5 * q.weight;
  }
  return total > 0 ? met / total : 1;
}

/** Which side of the open/closed divide a text talks about, when it talks about only one. */
function sideOf(text: string): 'open' | 'closed' | null {
  const open = /\bopen(?:[- ]source|[- ]weights?)?\b(?! to\b)/i.test(text);
  const closed = /\b(?:closed(?:[- ]source)?|proprietary)\b/i.test(text);
  if (open === closed) return null;
  return open ? 'open' : 'closed';
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

function notCovered(): LocalAnswer {
  return { answer: NOT_COVERED_ANSWER, sources: [], covered: false };
}

function collectCandidates(chunks: readonly AnswerChunk[]): Candidate[] {
  const candidates: Candidate[] = [];
  chunks.forEach((chunk, rank) => {
    const heading = features(`${chunk.title}. ${chunk.section}`);
    let context = heading;
    let previous: string | null = null;
    splitSentences(chunk.text).forEach((text, order) => {
      const before = previous;
      previous = text;
      // A question in the text (an FAQ) is not an answer, but it says what the next sentences answer.
      if (/\?["'”’)]*$/.test(text)) {
        if (FAQ_QUESTION.test(text) && words(text).length <= 25) context = merge(heading, features(text));
        return;
      }
      // A lead-in ("…offer several advantages:") or a list of references is not an answer either.
      if (/:$/.test(text) || /^sources?\s*:/i.test(text)) return;
      const sentenceFeatures = features(text);
      if (sentenceFeatures.terms.size < 3 || words(text).length < 5) return;
      // A price ("$2.50 per 1M input tokens") is about cost even where no cost word is written.
      if (PRICE.test(text)) sentenceFeatures.concepts.add(COST_CONCEPT);
      candidates.push({ text, chunk, rank, order, features: sentenceFeatures, context, previous: before, score: 0, coverage: 0, onTopic: false });
    });
  });
  return candidates;
}

function merge(a: Features, b: Features): Features {
  return { terms: new Set([...a.terms, ...b.terms]), concepts: new Set([...a.concepts, ...b.concepts]) };
}

function inverseDocumentFrequency(qTerms: readonly QuestionTerm[], candidates: readonly Candidate[]): Map<string, number> {
  const n = candidates.length;
  const idf = new Map<string, number>();
  for (const { term } of qTerms) {
    let df = 0;
    for (const candidate of candidates) if (candidate.features.terms.has(term)) df += 1;
    idf.set(term, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  }
  return idf;
}

/** Cosine similarity of two term sets. */
function similarity(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const term of a) if (b.has(term)) shared += 1;
  return shared / Math.max(1, Math.sqrt(a.size * b.size));
}

/**
 * The sentences of the answer, best first. A comparison gets the best sentence about each side;
 * otherwise the answer stays with the best sentence's clause, and a sentence from another clause
 * must be nearly as good to join (at most MAX_SECTIONS clauses), so no loosely related filler follows.
 */
function pickSentences(sorted: readonly Candidate[], sides: string[][][] | null): Candidate[] {
  const bestScore = sorted[0]?.score ?? 0;
  const chosen: Candidate[] = [];
  let length = 0;
  const sections = new Set<string>();
  const add = (candidate: Candidate) => {
    chosen.push(candidate);
    sections.add(sourceKey(candidate.chunk));
    length += candidate.text.length;
  };
  if (sides) {
    for (const side of sides) {
      const best = sorted.find((c) => !chosen.includes(c) && c.score >= SIDE_MIN * bestScore && sideMet(side, c));
      if (best) add(best);
    }
  }
  for (const candidate of sorted) {
    if (chosen.length >= MAX_SENTENCES) break;
    if (chosen.includes(candidate)) continue;
    const sameSection = sections.has(sourceKey(candidate.chunk));
    const ratio = sides || sameSection ? (chosen.length < 3 ? 0.5 : 0.75) : OTHER_SECTION_MIN;
    if (candidate.score < ratio * bestScore) {
      if (sameSection || sides) break;
      continue;
    }
    if (!sides && !sameSection && sections.size >= MAX_SECTIONS) continue;
    // A sentence that shares only the name with the question says something else about it.
    if (chosen.length > 0 && (!candidate.onTopic || GENERIC_FILLER.test(candidate.text))) continue;
    if (chosen.some((c) => similarity(c.features.terms, candidate.features.terms) > 0.55)) continue;
    if (chosen.length > 0 && length + candidate.text.length > MAX_ANSWER_CHARS) continue;
    add(candidate);
  }
  return chosen;
}

/** A sentence that weighs both classes or speaks of them together ("Both have…") states no property of one. */
const ABOUT_BOTH = /^(?:both|each|either|neither)\b|\b(?:both|between) (?:open|closed)/i;

/** How well a sentence states a property of the class(es) the question is about, in the tone it asks for. */
function classFit(question: ClassQuestion, candidate: Candidate): number {
  const own = modelClassOf(candidate.text);
  const headingClass = classOf(candidate.chunk.section);
  let fit: number;
  // A comparison-table row states both sides' positions on one aspect: what an aspect question asks.
  if (question.aspect && isTableRow(candidate.text)) fit = 1.3;
  else if (ABOUT_BOTH.test(candidate.text) || (!own && mentionsBothClasses(candidate.text))) fit = 0.55;
  else if (own) fit = question.classes.includes(own) ? 1.25 : 0.5;
  else if (headingClass) fit = question.classes.includes(headingClass) ? 1 : 0.6;
  else fit = 0.85;
  // A sentence about a named model ("Gemma is…") states a property of that model, not of the class.
  const named = aboutNamedModel(candidate) ? NAMED_MODEL_FIT : 1;
  return fit * named * stanceFit(question, candidate.text, candidate.chunk.section);
}

/** The sentence, or the document it comes from, is about a named model rather than a class of models. */
function aboutNamedModel(candidate: Candidate): boolean {
  return !speaksOfClass(candidate.text) && MODEL_FAMILY_ONCE.test(`${candidate.chunk.title} ${candidate.text}`);
}

/** Score kept by a sentence about a named model when the question is about a class. */
const NAMED_MODEL_FIT = 0.6;

/** Sentences one class answer may draw from a single section: the answer should range over several. */
const CLASS_PER_SECTION = 1;
const CLASS_MIN = 0.4;

/**
 * The answer to a question about a class of models: the best sentence about each class asked
 * about, then the best remaining properties, one per section, each about a class asked about.
 */
function pickClassSentences(sorted: readonly Candidate[], question: ClassQuestion): Candidate[] {
  const bestScore = sorted[0]?.score ?? 0;
  const chosen: Candidate[] = [];
  const perSection = new Map<string, number>();
  let length = 0;
  const fits = (candidate: Candidate) => {
    const own = classOf(candidate.text) ?? classOf(candidate.chunk.section);
    // A strength does not answer "risks", nor a definition or a piece of history "advantages".
    const toneFits = stanceFit(question, candidate.text, candidate.chunk.section) >= 1;
    if (aboutNamedModel(candidate)) return false;
    return toneFits && (own === null || question.classes.includes(own)) && !ABOUT_BOTH.test(candidate.text) && !headingOpposesStance(question, candidate.chunk.section) && (question.classes.length > 1 || !mentionsBothClasses(candidate.text));
  };
  const add = (candidate: Candidate) => {
    chosen.push(candidate);
    perSection.set(sourceKey(candidate.chunk), (perSection.get(sourceKey(candidate.chunk)) ?? 0) + 1);
    length += candidate.text.length;
  };
  if (question.aspect) {
    // The table row on the aspect, then each side's position on it in the article's prose.
    const row = sorted.find((c) => c.score >= CLASS_MIN * bestScore && c.onTopic && isTableRow(c.text));
    if (row) add(row);
    for (const cls of question.classes) {
      const best = sorted.find((c) => !chosen.includes(c) && c.score >= SIDE_MIN * bestScore && c.onTopic && !isTableRow(c.text) && !aboutNamedModel(c) && !GENERIC_FILLER.test(c.text) && (modelClassOf(c.text) ?? leadingClassOf(c.text)) === cls);
      if (best) add(best);
    }
  } else if (question.wantsGood && question.wantsBad) {
    // "Pros and cons": the best strength and the best weakness before anything else.
    for (const tone of ['good', 'bad', 'good', 'bad'] as const) {
      const best = sorted.find(
        (c) =>
          !chosen.includes(c) &&
          c.score >= SIDE_MIN * bestScore &&
          fits(c) &&
          !GENERIC_FILLER.test(c.text) &&
          toneOf(c.text, c.chunk.section) === tone &&
          !chosen.some((o) => sourceKey(o.chunk) === sourceKey(c.chunk) && !headingAnswersStance({ ...question, wantsGood: tone === 'good', wantsBad: tone === 'bad' }, c.chunk.section)) &&
          !chosen.some((o) => similarity(o.features.terms, c.features.terms) > 0.55) &&
          length + c.text.length <= MAX_ANSWER_CHARS,
      );
      if (best) add(best);
    }
  } else if (question.classes.length > 1) {
    for (const cls of question.classes) {
      const best = sorted.find((c) => !chosen.includes(c) && c.score >= SIDE_MIN * bestScore && classOf(c.text) === cls);
      if (best) add(best);
    }
  }
  for (const candidate of sorted) {
    if (chosen.length >= MAX_SENTENCES) break;
    if (candidate.score < CLASS_MIN * bestScore) break;
    if (chosen.includes(candidate) || !fits(candidate)) continue;
    if (GENERIC_FILLER.test(candidate.text)) continue;
    if (question.aspect && (!candidate.onTopic || (isTableRow(candidate.text) && chosen.filter((c) => isTableRow(c.text)).length >= 2))) continue;
    // A section whose heading names what is asked ("Challenges Facing…" for "risks") may give two.
    const allowed = headingAnswersStance(question, candidate.chunk.section) ? MAX_SENTENCES - 1 : question.aspect && isTableRow(candidate.text) ? 2 : CLASS_PER_SECTION;
    if ((perSection.get(sourceKey(candidate.chunk)) ?? 0) >= allowed && chosen.length > 0) continue;
    if (chosen.some((c) => similarity(c.features.terms, candidate.features.terms) > 0.55)) continue;
    if (chosen.length > 0 && length + candidate.text.length > MAX_ANSWER_CHARS) continue;
    add(candidate);
  }
  // Nothing states a property of the class: fall back to the ordinary choice.
  return chosen.length > 0 ? chosen : pickSentences(sorted, null);
}

/** A candidate speaks about one side of a comparison when it (or its heading) names all of that side. */
function sideMet(side: readonly string[][], candidate: Candidate): boolean {
  const has = (term: string) => candidate.features.terms.has(term) || candidate.context.terms.has(term);
  return side.every((name) => name.every(has));
}

function sourceKey(chunk: AnswerChunk): string {
  return `${chunk.path}#${chunk.section}`;
}

/**
 * Orders the chosen sentences for reading: sources by their best sentence, sentences of one source
 * in document order. A sentence that leans on the one before it ("So…", "This means…") brings that
 * one along. Each sentence ends with the number of its source; sources are numbered in order of
 * first citation.
 */
function compose(chosen: readonly Candidate[]): LocalAnswer {
  const groups = new Map<string, Candidate[]>();
  for (const candidate of chosen) {
    const key = sourceKey(candidate.chunk);
    groups.set(key, [...(groups.get(key) ?? []), candidate]);
  }
  const provisional = new Map<string, Source>();
  const parts: string[] = [];
  for (const [key, group] of groups) {
    const first = group[0];
    if (!first) continue;
    const source: Source = {
      n: provisional.size + 1,
      title: first.chunk.title,
      section: first.chunk.section,
      path: first.chunk.path,
      url: first.chunk.url,
      snippet: truncateSnippet(first.text),
      score: Math.round(first.chunk.score * 10_000) / 10_000,
    };
    provisional.set(key, source);
    // Sentences of one source read best in document order; a sentence that leans on the one
    // before it ("So…") comes right after that one.
    const emitted = new Set<string>();
    const emit = (text: string) => {
      if (emitted.has(text)) return;
      emitted.add(text);
      parts.push(withCitation(text, source.n));
    };
    // The strongest sentence of the source leads (the direct answer first); the rest follow in
    // document order.
    const [lead, ...rest] = group;
    for (const candidate of [lead, ...rest.sort((a, b) => a.order - b.order)]) {
      if (!candidate) continue;
      if (candidate.previous && LEANS_ON_PREVIOUS.test(candidate.text)) emit(candidate.previous);
      emit(candidate.text);
    }
  }
  const { answer, sources } = renumberCitations(parts.join(' '), [...provisional.values()]);
  return { answer, sources, covered: true };
}

/** A question a document asks and then answers (an FAQ entry), rather than a rhetorical one. */
const FAQ_QUESTION = /^(?:q:\s*)?(?:what|how|why|when|where|which|who|can|could|is|are|do|does|did|will|would|should|may)\b/i;

/** Openings that only make sense after the previous sentence. */
const LEANS_ON_PREVIOUS = /^(?:so|thus|therefore|hence|this|that|these|those|it|they|such|as a result|because of this|instead|(?:on|for|of|in|under|with|to|by) (?:them|these|those|this|that|it)\b|(?:however|but|yet|still|also),? (?:this|that|these|those|it|they|such)\b)\b/i;

function withCitation(sentence: string, n: number): string {
  const trimmed = sentence.replace(/\s+$/, '');
  const match = /([.!?…]+["'”’)]*)$/u.exec(trimmed);
  if (!match) return `${trimmed} [${n}].`;
  return `${trimmed.slice(0, match.index)} [${n}]${match[1]}`;
}
