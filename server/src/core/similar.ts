/** "Did you mean" support: edit distance, nearest candidates, their fixes, and quoting user text in messages. */
import { QuickFix, Span } from './model';

export { quote } from '../../../shared/names';

/** Levenshtein distance: the fewest single-character insertions, deletions and substitutions from `a` to `b`. */
export function editDistance(a: string, b: string): number {
  return editDistanceWithin(a, b, Math.max(a.length, b.length));
}

/** The two rows `editDistanceWithin` works in, reused: a fresh row per character made garbage by the megabyte. */
let previousRow = new Int32Array(64);
let currentRow = new Int32Array(64);

/**
 * The edit distance when it is at most `max`, else `max + 1`. Only the band of cells within `max` of
 * the diagonal is computed, and it stops as soon as a whole row exceeds `max`: O(max × length).
 */
export function editDistanceWithin(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const over = max + 1;
  if (previousRow.length <= b.length) [previousRow, currentRow] = [new Int32Array(b.length + 1), new Int32Array(b.length + 1)];
  let [previous, current] = [previousRow, currentRow];
  for (let j = 0; j <= b.length; j++) previous[j] = j <= max ? j : over;
  for (let i = 1; i <= a.length; i++) {
    current.fill(over, 0, b.length + 1);
    current[0] = i <= max ? i : over;
    let rowMin = current[0];
    for (let j = Math.max(1, i - max); j <= Math.min(b.length, i + max); j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, previous[j] + 1, current[j - 1] + 1, over);
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin > max) return over;
    const spare = previous;
    previous = current;
    current = spare;
  }
  return Math.min(previous[b.length], over);
}

const MAX_SUGGESTIONS = 3;

/**
 * The candidates nearest to `word`, ignoring case, when near enough to be a likely typo
 * (about one edit per three characters, at most three); ties keep the candidates' order.
 */
export function closestMatches(word: string, candidates: readonly string[]): string[] {
  const lower = word.toLowerCase();
  const maxDistance = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best = maxDistance + 1;
  let matches: string[] = [];
  for (const candidate of candidates) {
    // The length gap is a lower bound of the distance; it also keeps huge inputs cheap.
    if (Math.abs(candidate.length - lower.length) > maxDistance) continue;
    const distance = editDistanceWithin(lower, candidate.toLowerCase(), Math.min(best, maxDistance));
    if (distance > maxDistance) continue;
    if (distance < best) {
      best = distance;
      matches = [candidate];
    } else if (distance === best && matches.length < MAX_SUGGESTIONS) {
      matches.push(candidate);
    }
  }
  return matches;
}

/** " Did you mean 'a' or 'b'?", or '' without suggestions: meant to end a message. */
export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return '';
  const quoted = suggestions.map((s) => `'${s}'`);
  const last = quoted.pop();
  return ` Did you mean ${quoted.length > 0 ? `${quoted.join(', ')} or ` : ''}${last}?`;
}

/** One "Change to 'x'" fix per suggestion for the text at `span`, the first preferred. */
export function changeToFixes(span: Span, suggestions: readonly string[]): QuickFix[] {
  return suggestions.map((suggestion, index) => ({
    title: `Change to '${suggestion}'`,
    edits: [{ span, newText: suggestion }],
    preferred: index === 0,
  }));
}
