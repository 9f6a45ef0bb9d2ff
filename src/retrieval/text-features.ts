/**
 * Shared word handling for the lexical and dense halves: Unicode-aware tokens, case and accents
 * folded, "700M" read as "700 million", a light English stemmer, and a small thesaurus of the
 * words people use for licensing ideas ("make money" ~ "commercial", "MAU" ~ "users").
 */
import { createHash } from 'node:crypto';

const STOPWORDS = new Set(
  `a an the and or but if then else of to in on at by for with from into onto over under about as is are was were be been being
  am do does did doing have has had having i me my we our ours you your yours he she it its they them their this that these those
  there here what which who whom whose when where why how can could would should will shall may might must so than too very
  just also not no nor only same such any all each both few more most other some again further once up down out off s t
  let lets us tell please know want need say says said get got one ones thing things
  okay ok fine anything something stuff really actually basically hey hi thanks re ve ll d`
    .split(/\s+/)
    .filter(Boolean),
);

const MAGNITUDES: Record<string, string> = { k: 'thousand', m: 'million', mn: 'million', b: 'billion', bn: 'billion' };

/** Lowercase, accents removed, compatibility forms folded (e.g. full-width digits). */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** Every word and number, in order. "700M" → "700", "million"; "Llama-2" → "llama", "2". */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const token of foldText(text).match(/[\p{L}\p{N}]+/gu) ?? []) {
    const magnitude = /^(\d+)(k|m|mn|b|bn)$/.exec(token);
    if (magnitude) out.push(magnitude[1]!, MAGNITUDES[magnitude[2]!]!);
    else out.push(token);
  }
  return out;
}

/** Words worth matching on: no stop words. Numbers and short model names ("7b") are kept. */
export function contentWords(text: string): string[] {
  return words(text).filter((word) => !STOPWORDS.has(word));
}

/** Text rewritten so the FTS index sees the same tokens as a query: "700M" → "700 million". */
export function normalizeForIndex(text: string): string {
  return text.replace(/\b(\d+)(k|m|mn|b|bn)\b/gi, (_match, digits: string, unit: string) => `${digits} ${MAGNITUDES[unit.toLowerCase()]}`);
}

/** A deliberately light suffix stripper: enough to meet "licensing"/"licensed"/"licenses". */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  for (const [suffix, replacement] of STEM_RULES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, w.length - suffix.length) + replacement;
      break;
    }
  }
  return w;
}

const STEM_RULES: Array<[string, string]> = [
  ['ational', 'ate'],
  ['ization', 'ize'],
  ['isation', 'ize'],
  ['ations', 'ate'],
  ['ation', 'ate'],
  ['ments', ''],
  ['ment', ''],
  ['ities', 'ity'],
  ['ness', ''],
  ['ingly', ''],
  ['edly', ''],
  ['ings', ''],
  ['ing', ''],
  ['ally', 'al'],
  ['ies', 'y'],
  ['ied', 'y'],
  ['ers', 'er'],
  ['ed', ''],
  ['es', 'e'],
  ['ly', ''],
  ['s', ''],
];

/**
 * Concept groups: every word of a group also emits the group's feature, so a question and a
 * passage that use different words for one idea still meet. Written for the domain (choosing
 * and licensing LLMs), not for any particular question.
 */
const CONCEPTS: Record<string, string> = {
  commercial: 'commercial commercially commercialize commercialise commercialization business businesses monetize monetise monetization revenue profit profits sell selling resell paid enterprise enterprises startup startups',
  users: 'user users mau customers customer subscribers audience userbase monthly client clients',
  scale: 'million millions billion billions thousand threshold cap caps limit limits',
  training: 'train training trained retrain finetune finetuning fine tune tuning tuned distill distillation distilled improve improving synthetic dataset teach teaching taught student learn learning imitate mimic clone shrink compress',
  output: 'output outputs generations generated generate generates produce produces produced text writes written responses response completions answers content replies reply spits',
  hosting: 'host hosting hosted saas managed inference serve serving cloud shared instances endpoint endpoints rent renting expose exposing wrapper',
  cost: 'cost costs price prices pricing fee fees cheap cheaper expensive money pay paying payment free afford affordable budget spend royalty royalties hike hikes charge charges charged bill billing billed invoice',
  privacy: 'privacy private confidential confidentiality sensitive personal leak leaks data',
  security: 'security secure safety safe protect protection trust audit',
  customization: 'customization customisation customize customise customizable modify modification modified adapt adaptable tailor tailored architecture tweak tweaks tweaked fork forks forked',
  support: 'support supported help assistance documentation forums vendor helpdesk',
  innovation: 'innovation innovate innovative experimentation experiment prototyping progress advancement advancements pace speed rapid',
  community: 'community communities crowd contributors contribution contributions crowdsourced collaborative collaboration collective volunteers',
  future: 'future ahead outlook overtake overtaking surpass dominance supremacy coexist predict prediction',
  ownership: 'own owns owned ownership owner rights title assign assigns belong belongs belonging property',
  attribution: 'attribution notice notices credit copyright attribute acknowledgement built statement mention label badge file files',
  distribution: 'redistribute redistribution redistributing distribute distributed distribution distributing share sharing ship shipping bundle copies give giving hand handing pass passing',
  military: 'military warfare weapons weapon arms army defense defence espionage nuclear itar',
  export: 'export exports trade sanctions itar compliance',
  medical: 'medical health healthcare doctor doctors diagnosis clinical patient',
  legal: 'legal lawyer lawyers attorney advice law laws lawsuit court courts jurisdiction litigation sue',
  compete: 'compete competing competitor competitors competitive rival rivals alternative replacement replace',
  deletion: 'delete deleted deletion erase erased retention retain retained keep kept days gone wipe wiped purge purged remove removed forget',
  europe: 'eu europe european eea uk switzerland france french germany german italy spain netherlands ireland poland sweden',
  termination: 'terminate terminates terminated termination revoke revoked cancel end ends cancel cancellation leave leaving quit quitting stop stopping lose losing lost unsubscribe',
  age: 'age old older young younger minors minor children child adult adults 18 teen teens teenager teenagers kid kids 13 16',
  transparency: 'transparency transparent opaque inspect openness visibility',
  reliability: 'reliability reliable quality consistent consistency polished robust robustness',
  resources: 'resources compute gpu gpus hardware infrastructure computational',
  open: 'open opensource weights downloadable permissive',
  proprietary: 'closed proprietary',
  license: 'license licence licenses licences licensing licensed terms agreement',
  restriction: 'restriction restrictions restricted restrict prohibited prohibit forbid forbidden ban banned block blocked suspend throttle allowed permitted permission disable disabled switch shut shutdown kill pull plug cut suspend suspended halt kick',
  remote: 'remote remotely distance',
  update: 'update updates updated upgrade upgrading newest latest version versions release releases',
  human: 'human humans person people professional professionals reviewer reviewers review oversight supervision loop checking someone staff employee employees',
  decision: 'decision decisions decide deciding automated automate automation approval approve approvals deny denial eligibility screening',
  finance: 'finance financial loan loans credit insurance bank banking mortgage',
  employment: 'employment hiring hire job jobs recruit recruiting recruitment',
  advice: 'advice advise advising counsel guidance',
  integration: 'integration integrate integrating api apis sdk sdks deploy deployment',
  indemnity: 'indemnity indemnify indemnifies indemnification defend defends infringe infringes infringement infringing cover covers covered sued suing plagiarism plagiarize lawsuit lawsuits protect protected protection',
  background: 'background behind scenes internal internally backend hidden invisible indirect indirectly hood',
  publication: 'publish published publishing publication paper papers research academic blog',
  similarity: 'similar similarity identical unique exclusive duplicate duplicates',
  context: 'context window windows length long longer size big bigger',
  trademark: 'trademark trademarks brand branding logo logos name names naming marks',
  ip: 'patent patents patented ip intellectual copyright copyrights',
  input: 'input inputs prompt prompts send sent paste pasted upload uploaded submit submitted conversation conversations chat chats logs logging',
  rules: 'rule rules policy policies aup acceptable guideline guidelines',
  changes: 'change changes changing changed amend amendment amendments revise revision unilateral unilaterally',
  freeTier: 'free unpaid trial tier tiers',
  breach: 'break breaks breaking broke breach breaches violate violates violating violation violations misuse misusing abuse',
  derivative: 'derivative derivatives derived derive fork forks forked variant variants',
  selfHost: 'premise premises onprem prem server servers locally offline airgapped',
  // Vendors and their model names, so a question naming a model meets the vendor's terms.
  vendorOpenai: 'openai gpt gpt4 gpt4o chatgpt 4o',
  vendorAnthropic: 'anthropic claude sonnet opus haiku',
  vendorGoogle: 'google gemini bard deepmind',
  vendorMeta: 'meta llama llama2 llama3 facebook',
  vendorTii: 'tii falcon falcon7b falcon40b falcon180b',
  vendorMistral: 'mistral mixtral codestral',
  vendorBigscience: 'bigscience bloom rail openrail',
};

const CONCEPT_OF = new Map<string, string[]>();
for (const [concept, list] of Object.entries(CONCEPTS)) {
  for (const word of list.split(/\s+/)) {
    const key = stem(word);
    const existing = CONCEPT_OF.get(key) ?? [];
    if (!existing.includes(concept)) existing.push(concept);
    CONCEPT_OF.set(key, existing);
  }
}

export function conceptsOf(stemmed: string): readonly string[] {
  return CONCEPT_OF.get(stemmed) ?? [];
}

const CONCEPT_NAMES = Object.keys(CONCEPTS);

/**
 * Changes whenever the word handling changes (stop words, stemmer, thesaurus). The local
 * embeddings put it in their model name, so an index built with older rules is rebuilt, never
 * queried with vectors computed under different rules.
 */
export const FEATURES_FINGERPRINT = createHash('sha256')
  .update(JSON.stringify({ stop: [...STOPWORDS], stem: STEM_RULES, concepts: CONCEPTS, magnitudes: MAGNITUDES }))
  .digest('hex')
  .slice(0, 10);

/** Stable position of a concept (for a fixed-size feature block); -1 when unknown. */
export function conceptIndex(concept: string): number {
  return CONCEPT_NAMES.indexOf(concept);
}

export const CONCEPT_COUNT = CONCEPT_NAMES.length;
