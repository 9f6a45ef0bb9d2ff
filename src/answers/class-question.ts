/**
 * Questions about the strengths or weaknesses of open or closed models as a class ("What are the
 * main advantages of open models?", "What are the risks of open-source LLMs?", "Why would we pick
 * a closed model?"), rather than of a named model. Their answer is a few properties of that class, from several
 * sections of the article, not the one sentence that happens to repeat the question's words
 * ("Both have their unique advantages…").
 */
import { salientNames, terms } from './text.js';

export type ModelClass = 'open' | 'closed';

export interface ClassQuestion {
  /** The class(es) asked about: one, or both when the question weighs them against each other. */
  classes: ModelClass[];
  /** The question asks for good points (advantages, reasons to pick), bad points (risks, downsides), or both (at least one). */
  wantsGood: boolean;
  wantsBad: boolean;
  /** Stemmed words that frame the question ("advantages", "risks") rather than name a topic. */
  frameTerms: Set<string>;
  /**
   * The question weighs the classes on one aspect without asking for good or bad points ("Open vs
   * closed for privacy?", "Which is better for customization, open or closed?"): its answer is each
   * side's position on that aspect.
   */
  aspect: boolean;
}

const OPEN = /\bopen(?:[- ]?source|[- ]weights?)?\b(?! to\b)/i;
const CLOSED = /\b(?:closed(?:[- ]?source)?|proprietary)\b/i;
/** Names that only spell the class itself ("Open vs closed…" starts with a capital). */
const CLASS_WORDS = new Set(terms('open closed source proprietary weights weight model models llm llms ai'));
const CLASS_ONLY_WORDS = terms('open closed source proprietary weights');
/** The words that name a class of models ("open", "closed", "proprietary"). */
export const CLASS_TERMS: ReadonlySet<string> = new Set(CLASS_ONLY_WORDS);

const GOOD = /\b(?:advantages?|benefits?|pros|strengths?|upsides?|strong points?|selling points?|gains?|good|better|reasons?|why (?:would|should|do|does|might|pick|choose|use|go|prefer))\b/i;
const BAD = /\b(?:disadvantages?|downsides?|drawbacks?|cons|risks?|risky|weakness(?:es)?|weak points?|problems?|issues?|challenges?|limitations?|concerns?|dangers?|worse|pitfalls?|catch)\b/i;
const FRAME_WORDS = terms(
  'advantage advantages benefit benefits pros strength strengths upside upsides reason reasons disadvantage disadvantages downside downsides drawback drawbacks cons risk risks risky weakness weaknesses problem problems issue issues challenge challenges limitation limitations concern concerns danger dangers pitfall pitfalls main key biggest major good better bad worse pick picking choose choosing select prefer opt go use using gain gains selling point points',
);

export function classQuestion(question: string): ClassQuestion | null {
  const names = salientNames(question).filter((name) => name.some((term) => !CLASS_WORDS.has(term)));
  if (names.length > 0) return null;
  const classes: ModelClass[] = [];
  if (OPEN.test(question)) classes.push('open');
  if (CLOSED.test(question)) classes.push('closed');
  if (classes.length === 0) return null;
  let wantsGood = GOOD.test(question);
  const wantsBad = BAD.test(question);
  // "Which is better for privacy, open or closed?" weighs both on an aspect; it asks for no strengths only.
  if (classes.length > 1 && wantsGood && !wantsBad && !GOOD.test(question.replace(WHICH_IS_BETTER, ' '))) wantsGood = false;
  // The class words too: which class a sentence is about is judged as a whole (classFit), so
  // "proprietary" in the question does not favour the one sentence that repeats it over "closed models…".
  const frameTerms = new Set([...FRAME_WORDS, ...CLASS_ONLY_WORDS]);
  if (wantsGood || wantsBad) return { classes, wantsGood, wantsBad, frameTerms, aspect: false };
  // "What are open-source LLMs?" asks about a topic, which the ordinary answer handles; "Open vs
  // closed for privacy?" or "Are open models OK on security?" weigh the class(es) on an aspect.
  if (DEFINITION.test(question.trim())) return null;
  if (classes.length === 1 && !ON_ASPECT.test(question)) return null;
  for (const term of ASPECT_FRAME_WORDS) frameTerms.add(term);
  const topic = terms(question).filter((term) => !frameTerms.has(term) && !CLASS_WORDS.has(term));
  if (!topic.some((term) => ASPECTS.has(term))) return null;
  const both: ModelClass[] = classes[0] === 'closed' ? ['closed', 'open'] : ['open', 'closed'];
  return { classes: both, wantsGood: false, wantsBad: false, frameTerms, aspect: true };
}

const WHICH_IS_BETTER = /\b(?:which|what)(?:'s| is| one is| are| would be| works)? (?:better|best)\b|\b(?:better|best)\s*[,:]?\s*(?:open|closed)\b/gi;
/** "What is/are X?": a definition. */
const DEFINITION = /^(?:so\s+)?(?:what|who)(?:'s| is| are)\s+(?:an?\s+|the\s+)?(?:open|closed|proprietary)\b[\w\s-]*\??$/i;
/** A single class weighed on an aspect ("open models OK on security?", "open source for privacy"). */
const ON_ASPECT = /\b(?:on|for|about|regarding|in terms of|when it comes to|compare|compared|comparison)\s+\w+/i;
/** What open and closed models are compared on (the rows of the article's comparison table). */
const ASPECTS = new Set(
  terms(
    `access accessibility customization customisation customize customise customizable transparency transparent community support
    innovation cost costs price pricing cheap cheaper expensive budget security secure privacy private data ownership performance
    optimization reliability reliable compliance legal commercialization licensing license integration interoperability
    scalability scale bias ethics control`,
  ),
);
/** Words that frame an aspect question ("how do … compare on", "which is better") rather than name the aspect. */
const ASPECT_FRAME_WORDS = terms(
  'compare compared comparison comparing vs versus which better best ok okay fine side sides stack term terms come comes faster slower safer easier harder stronger weaker',
);

/** The text names both classes ("…challenges… may hinder open source from overtaking closed models"). */
export function mentionsBothClasses(text: string): boolean {
  return OPEN.test(text) && CLOSED.test(text);
}

/** The class named as a kind of model ("open-source models", "closed LLMs"), not "open-source projects". */
const OPEN_MODELS = /\bopen(?:[- ]?source|[- ]weights?)?\s+(?:[\w-]+\s+)?(?:models?|llms?)\b|\bopen[- ]source (?:ai|llms?)\b/i;
const CLOSED_MODELS = /\b(?:closed(?:[- ]?source)?|proprietary)\s+(?:[\w-]+\s+)?(?:models?|llms?)\b/i;

/** Which class of models a sentence states something about, when it names only one as a kind of model. */
export function modelClassOf(text: string): ModelClass | null {
  const open = OPEN_MODELS.test(text);
  const closed = CLOSED_MODELS.test(text);
  if (open === closed) return null;
  return open ? 'open' : 'closed';
}

/** The sentence speaks of the class in general ("open-source models…", "closed LLMs…"), not of one model ("Gemma is an open-weight model"). */
export function speaksOfClass(text: string): boolean {
  const phrase = OPEN_MODELS.exec(text)?.[0] ?? CLOSED_MODELS.exec(text)?.[0] ?? '';
  return /s$/i.test(phrase) || /\bopen[- ]source (?:ai|llms)\b/i.test(phrase);
}

/** Which class a text talks about, when it talks about only one. */
export function classOf(text: string): ModelClass | null {
  const open = OPEN.test(text);
  const closed = CLOSED.test(text);
  if (open === closed) return null;
  return open ? 'open' : 'closed';
}

/** Wording of a strength and of a weakness, for matching a sentence to what the question asks. */
const STRENGTH = /\b(?:free|freely|accessible|democrati[sz]\w*|innovat\w*|rapid\w*|transparen\w*|trust|inspect|full control|customi[sz]\w*|flexib\w*|reliab\w*|polished|guarantee\w*|seamless|easier|robust|optimi[sz]\w*|improv\w*|support|collaborat\w*|audit|adaptable|significant (?:financial )?resources)\b/i;
const WEAKNESS = /\b(?:barrier\w*|expensive|payment|fees?|high costs?|usage costs?|limited|lack\w*|inconsisten\w*|risk\w*|challeng\w*|hinder|obstacle\w*|slower|opaque|restrict\w*|difficult\w*|concerns?|fail\w*|more effort|questions about)\b/i;

/** Score kept by a sentence that states neither a strength nor a weakness (a definition, a piece of history). */
const NEUTRAL_FIT = 0.7;

/**
 * How well a sentence's tone fits what the question asks: a strength for "advantages", a
 * weakness for "risks". A heading that names the tone ("Advantages of Closed LLMs",
 * "Challenges Facing Open-Source LLMs") speaks for the sentences under it.
 */
/** The section heading names the tone the question asks for ("Challenges Facing Open-Source LLMs" for "risks"). */
export function headingAnswersStance(question: ClassQuestion, heading: string): boolean {
  if (question.wantsGood === question.wantsBad) return false;
  const good = GOOD.test(heading);
  return good !== BAD.test(heading) && good === question.wantsGood;
}

/** The section heading names the opposite tone ("Advantages of Closed LLMs" for "downsides of closed LLMs"). */
export function headingOpposesStance(question: ClassQuestion, heading: string): boolean {
  if (question.wantsGood === question.wantsBad) return false;
  const good = GOOD.test(heading);
  return good !== BAD.test(heading) && good !== question.wantsGood;
}

/** Whether a sentence (under its heading) states a strength or a weakness, when it states one only. */
export function toneOf(text: string, heading: string): 'good' | 'bad' | null {
  const headingGood = GOOD.test(heading);
  if (headingGood !== BAD.test(heading)) return headingGood ? 'good' : 'bad';
  const strong = STRENGTH.test(text);
  if (strong === WEAKNESS.test(text)) return null;
  return strong ? 'good' : 'bad';
}

/** The class a text names first, as the subject of what it says ("Closed LLMs, however, can… than open-source models"). */
export function leadingClassOf(text: string): ModelClass | null {
  const open = OPEN.exec(text)?.index ?? Infinity;
  const closed = CLOSED.exec(text)?.index ?? Infinity;
  if (open === closed) return null;
  return open < closed ? 'open' : 'closed';
}

export function stanceFit(question: ClassQuestion, text: string, heading: string): number {
  if (question.wantsGood === question.wantsBad) return 1;
  const headingGood = GOOD.test(heading);
  const headingBad = BAD.test(heading);
  if (headingGood !== headingBad) return headingGood === question.wantsGood ? 1.2 : 0.7;
  const strong = STRENGTH.test(text);
  const weak = WEAKNESS.test(text);
  if (!strong && !weak) return NEUTRAL_FIT;
  if (strong === weak) return 1;
  return strong === question.wantsGood ? 1.15 : 0.75;
}

/** A comparison-table row ("Cost — Open Source LLMs: …; Closed Source LLMs: …"): both sides' positions on one aspect. */
export function isTableRow(text: string): boolean {
  return /^[^—]{2,60} — [^:;]{3,40}: /.test(text) && mentionsBothClasses(text);
}

/**
 * A comparison-table row ("Customization — Open Source LLMs: Highly customizable; Closed Source
 * LLMs: Limited…") narrowed to the column of one class, so it states a property of that class.
 * Null when the text is not such a row.
 */
export function tableCell(text: string, wanted: ModelClass): string | null {
  const row = /^([^—]{2,60}) — (.+)$/.exec(text);
  if (!row) return null;
  const labels = [...row[2]!.matchAll(/(?:^|; )([^:;]{3,40}): /g)];
  for (let i = 0; i < labels.length; i += 1) {
    const label = labels[i]!;
    if (classOf(label[1]!) !== wanted) continue;
    const start = (label.index ?? 0) + label[0].length;
    const end = labels[i + 1]?.index ?? row[2]!.length;
    const value = row[2]!.slice(start, end).trim();
    return value ? `${row[1]!.trim()} — ${label[1]!.trim()}: ${value}.` : null;
  }
  return null;
}
