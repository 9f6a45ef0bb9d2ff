/** Text rendering of polls shared by every adapter (Discord embeds, terminal). */
import type { DecisionSummary, PollResults } from './types.js';

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
  const turnout = `${results.turnout} ${results.turnout === 1 ? 'member' : 'members'} voted`;
  if (labels.length === 0) return `No votes were cast.`;
  const top = results.tallies[results.leaders[0]!]!;
  if (labels.length === 1) return `Winner: **${labels[0]}** with ${top.votes} ${top.votes === 1 ? 'vote' : 'votes'} (${percent(top.share)}) · ${turnout}.`;
  return `Tie between ${labels.map((l) => `**${l}**`).join(' and ')} with ${top.votes} votes each · ${turnout}.`;
}

export function decisionText(decision: DecisionSummary): string {
  const lines = decision.lines.map((l) => `• ${l.label}: ${l.text} [${l.cite}]`);
  const sources = decision.sources.map((s) => `[${s.n}] ${s.url ? `[${s.title} — ${s.section}](${s.url})` : `${s.title} — ${s.section}`}`);
  return [`**Decision: ${decision.modelName}** (${decision.access})`, ...lines, '', ...sources].join('\n');
}

/** Plain text for the terminal (no Discord markdown links). */
export function resultsPlainText(results: PollResults): string {
  const lines = [`Poll ${results.poll.id}: ${results.poll.question}${results.closed ? ' (closed)' : ''}`];
  for (const t of results.tallies) lines.push(`  ${t.index + 1}. ${t.label.padEnd(24)} ${bar(t.votes, results.totalVotes)} ${t.votes} (${percent(t.share)})`);
  lines.push(outcomeLine(results).replace(/\*\*/g, ''));
  if (results.decision) {
    lines.push(`Decision: ${results.decision.modelName}`);
    for (const l of results.decision.lines) lines.push(`  ${l.label}: ${l.text} [${l.cite}]`);
    for (const s of results.decision.sources) lines.push(`  [${s.n}] ${s.title} — ${s.section} ${s.url}`);
  }
  return lines.join('\n');
}
