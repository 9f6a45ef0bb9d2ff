/** Text rendering of polls shared by every adapter (Discord embeds, terminal). */
import { displayWidth, padEndDisplay } from '../core/display-width.js';
import { countOf } from '../core/plural.js';
import type { DecisionSummary, PollResults } from './types.js';

/** Labels are padded to the longest one, up to this many columns (a longer label pushes its own bar). */
const LABEL_COLUMN_MAX = 32;

export function bar(count: number, total: number, width = 10): string {
  const filled = total === 0 ? 0 : Math.round((count / total) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/** "$2.50", "$10", "$0.075". */
export function usd(amount: number): string {
  if (Number.isInteger(amount)) return `$${amount}`;
  // Whole cents get two decimals; finer list prices (e.g. $0.075) keep their precision.
  return `$${Math.abs(amount * 100 - Math.round(amount * 100)) < 1e-9 ? amount.toFixed(2) : String(amount)}`;
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** One line per option: "**Label**\n`████████░░` 8 (40%)" plus, for public polls, who voted. */
export function tallyLines(results: PollResults, options: { showVoters?: boolean; mention?: (userId: string) => string } = {}): string[] {
  const mention = options.mention ?? ((id: string) => id);
  return results.tallies.map((t) => {
    const leader = results.closed && results.leaders.includes(t.index) ? ' 🏆' : '';
    let line = `**${t.index + 1}. ${t.label}**${leader}\n\`${bar(t.votes, results.totalVotes)}\` ${t.votes} (${percent(t.share)})`;
    if (options.showVoters && !results.poll.anonymous && t.voters.length > 0) {
      const shown = t.voters.slice(0, 15).map(mention).join(' ');
      line += `\n${shown}${t.voters.length > 15 ? ` +${t.voters.length - 15}` : ''}`;
    }
    return line;
  });
}

export function outcomeLine(results: PollResults): string {
  const labels = results.leaders.map((i) => results.tallies[i]!.label);
  const turnout = `${countOf(results.turnout, 'member')} voted`;
  if (labels.length === 0) return `No votes were cast.`;
  const top = results.tallies[results.leaders[0]!]!;
  if (labels.length === 1) return `Winner: **${labels[0]}** with ${countOf(top.votes, 'vote')} (${percent(top.share)}) · ${turnout}.`;
  return `Tie between ${labels.map((l) => `**${l}**`).join(' and ')} with ${countOf(top.votes, 'vote')} each · ${turnout}.`;
}

export function decisionText(decision: DecisionSummary): string {
  const lines = decision.lines.map((l) => `• ${l.label}: ${l.text} [${l.cite}]`);
  const sources = decision.sources.map((s) => `[${s.n}] ${s.url ? `[${s.title} — ${s.section}](${s.url})` : `${s.title} — ${s.section}`}`);
  return [`**Decision: ${decision.modelName}** (${decision.access})`, ...lines, '', ...sources].join('\n');
}

/** Plain text for the terminal (no Discord markdown links). */
export function resultsPlainText(results: PollResults): string {
  const lines = [`Poll ${results.poll.id}: ${results.poll.question}${results.closed ? ' (closed)' : ''}`];
  const column = Math.min(LABEL_COLUMN_MAX, Math.max(...results.tallies.map((t) => displayWidth(t.label))));
  const number = String(results.tallies.length).length;
  for (const t of results.tallies) {
    lines.push(`  ${String(t.index + 1).padStart(number)}. ${padEndDisplay(t.label, column)} ${bar(t.votes, results.totalVotes)} ${t.votes} (${percent(t.share)})`);
  }
  lines.push(outcomeLine(results).replace(/\*\*/g, ''));
  if (results.decision) {
    lines.push(`Decision: ${results.decision.modelName}`);
    for (const l of results.decision.lines) lines.push(`  ${l.label}: ${l.text} [${l.cite}]`);
    for (const s of results.decision.sources) lines.push(`  [${s.n}] ${s.title} — ${s.section} ${s.url}`);
  }
  return lines.join('\n');
}
