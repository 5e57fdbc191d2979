/**
 * Fixture texts with «marked» ranges, and edits applied to a text: the expected ranges are
 * written inside the fixture itself rather than counted by hand.
 */
import type { Span, TextReplacement } from '../../server/src/core/model';

/** The text without its « » marks, and the span of each marked part in the order the marks open. */
export function unmark(marked: string): { text: string; spans: Span[] } {
  let text = '';
  const open: Span[] = [];
  const spans: Span[] = [];
  for (const char of marked) {
    if (char === '«') {
      const span = { start: text.length, end: text.length };
      open.push(span);
      spans.push(span);
    } else if (char === '»') {
      const span = open.pop();
      if (!span) throw new Error(`unbalanced marks in ${JSON.stringify(marked)}`);
      span.end = text.length;
    } else {
      text += char;
    }
  }
  if (open.length > 0) throw new Error(`unbalanced marks in ${JSON.stringify(marked)}`);
  return { text, spans };
}

/** The text after the edits, which must not overlap. */
export function applyEdits(text: string, edits: TextReplacement[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  return sorted.reduce((result, edit) => result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end), text);
}
