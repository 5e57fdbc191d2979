import { Position, Range } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Span } from '../core/model';
import { commonPrefixLength, commonSuffixLength, firstIndexAfter, lastIndexAtOrBefore } from '../core/offsets';

/** The text of a line, its line break included. */
export function lineText(document: TextDocument, line: number): string {
  return document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
}

export function toRange(document: TextDocument, span: Span): Range {
  return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
}

const CR = 13;
const LF = 10;
/** Characters read between pauses: TextDocument reads a huge document's line starts in one go, tens of milliseconds. */
const CHARACTERS_PER_STEP = 65_536;

/**
 * Where each line of the text starts, pausing now and then. Lines end as TextDocument ends them (vscode-languageserver-textdocument,
 * `computeLineOffsets`): after `\r\n`, `\n` or `\r`.
 */
export function lineStartsInSteps(text: string): Generator<void, number[]> {
  return lineStartsBetween(text, 0, text.length, [0]);
}

/**
 * The line starts of `text`, an edit of `before.text` whose line starts are known: those before the edit are kept,
 * those after it shifted, and only the lines it touched are read again.
 */
export function* lineStartsAfterEdit(before: { text: string; lineStarts: readonly number[] }, text: string): Generator<void, number[]> {
  const { lineStarts } = before;
  const unchangedStart = commonPrefixLength(before.text, text);
  const unchangedEnd = commonSuffixLength(before.text, text, unchangedStart);
  // From the line holding the character before the edit (a `\r` there may pair with a `\n` typed after it) to the
  // first line start after it, which stays one: the line break before it is in the unchanged end.
  const first = lastIndexAtOrBefore(lineStarts, unchangedStart - 1);
  const last = firstIndexAfter(lineStarts, before.text.length - unchangedEnd);
  const shift = text.length - before.text.length;
  const end = last < lineStarts.length ? lineStarts[last] + shift : text.length;
  const starts = yield* lineStartsBetween(text, lineStarts[Math.max(first, 0)], end, lineStarts.slice(0, Math.max(first, 0) + 1));
  for (let index = last + 1; index < lineStarts.length; index++) starts.push(lineStarts[index] + shift);
  return starts;
}

/** Adds to `starts` those of the lines after each line break in text[from, to). */
function* lineStartsBetween(text: string, from: number, to: number, starts: number[]): Generator<void, number[]> {
  for (let offset = from; offset < to; offset++) {
    if (offset % CHARACTERS_PER_STEP === 0) yield;
    const char = text.charCodeAt(offset);
    if (char !== CR && char !== LF) continue;
    if (char === CR && text.charCodeAt(offset + 1) === LF) offset++;
    starts.push(offset + 1);
  }
  return starts;
}

/** The position of an offset in the text whose line starts are given, as TextDocument's `positionAt` gives it. */
export function positionIn(text: string, lineStarts: readonly number[], offset: number): Position {
  let at = Math.max(Math.min(offset, text.length), 0);
  const line = lastIndexAtOrBefore(lineStarts, at);
  // (Inside a line break, the position is at its start.)
  while (at > lineStarts[line] && (text.charCodeAt(at - 1) === CR || text.charCodeAt(at - 1) === LF)) at--;
  return { line, character: at - lineStarts[line] };
}
