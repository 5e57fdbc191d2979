import { Position, Range } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Span } from '../core/model';
import { lastIndexAtOrBefore } from '../dialects/analyze';

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
export function* lineStartsInSteps(text: string): Generator<void, number[]> {
  const starts = [0];
  for (let offset = 0; offset < text.length; offset++) {
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
