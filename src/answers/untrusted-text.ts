/**
 * Text Parley did not write (questions, earlier messages of any member, retrieved passages) made
 * inert before it goes into a prompt: it cannot close or open the prompt's own delimiters nor pose
 * as a chat-template control token, however it is disguised (fullwidth brackets, a zero-width
 * space inside the tag, attributes, spaces, `<|im_end|>`, `[/INST]`, `<<SYS>>`, `<start_of_turn>`…).
 */

// Zero-width and invisible format characters a tag can be split with, plus bidi controls.
// Each code point is listed on its own (some are combining marks), so the class is not misleading.
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/g;
/** Anything shaped like a tag or a special token: `<x…>`, `</x…>`, `< /x>`, `<|…|>`, `<!…>`. */
const TAG_LIKE = /<\s*[/!|?]?\s*[\p{L}_|][^<>\n]{0,120}>/gu;
/** Llama/Mistral-style template markers: [INST], [/INST], [SYS], <<SYS>>, [AVAILABLE_TOOLS]… */
const BRACKET_TOKENS = /\[\s*\/?\s*(INST|SYS|SYSTEM_PROMPT|AVAILABLE_TOOLS|TOOL_CALLS|TOOL_RESULTS)\s*\]|<<\s*\/?\s*SYS\s*>>/gi;

export function untrustedText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(BRACKET_TOKENS, (token) => token.replace(/[[<]/g, '‹').replace(/[\]>]/g, '›'))
    .replace(TAG_LIKE, (tag) => `‹${tag.slice(1, -1)}›`);
}
