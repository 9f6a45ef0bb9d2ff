/** "1 vote", "2 votes": English plural forms chosen by Intl.PluralRules rather than `n === 1`. */
const rules = new Intl.PluralRules('en-US');

export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${rules.select(count) === 'one' ? singular : plural}`;
}
