/**
 * The engine: reads a document's YAML once, lets each dialect that claims the document find its
 * references and problems, and adds the dialect-neutral hints about literal credentials.
 */
import picomatch from 'picomatch';
import { literalCredentials } from '../core/credentials';
import { Analysis, Problem, SecretReference, shiftProblem, shiftReference, Span } from '../core/model';
import { runToEnd } from '../core/steps';
import { readYamlContext, YamlContext } from '../core/yamlContext';
import type { Dialect, DialectDocument } from './dialect';
import { DIALECTS } from './registry';

export interface DialectChoice {
  /** The dialects in use, in registry order. */
  dialects: readonly Dialect[];
  /** Globs a person added to a dialect, by dialect id. */
  extraFiles?: Readonly<Record<string, readonly string[]>>;
}

export const ALL_DIALECTS: DialectChoice = { dialects: DIALECTS };

export interface DocumentAnalysis extends Analysis {
  /** The dialects that read the document, in registry order. */
  dialects: readonly Dialect[];
  /**
   * Where the document's top-level keys start, when an edit between two of them can be checked by reading
   * only the lines between them again (see `reanalyzeAfterEdit`); undefined when an edit needs the whole document.
   */
  blockStarts?: readonly number[];
}

/** Runs the analysis to the end in one go. `file`: the document's absolute path, when it is a file. */
export function analyze(path: string, text: string, choice: DialectChoice = ALL_DIALECTS, file?: string): DocumentAnalysis {
  return runToEnd(analyzeInSteps(path, text, choice, file));
}

/** The analysis of a document, pausing between steps so that a server can answer other requests meanwhile. */
export function* analyzeInSteps(
  path: string,
  text: string,
  choice: DialectChoice = ALL_DIALECTS,
  file?: string,
): Generator<void, DocumentAnalysis> {
  const document: DialectDocument = { path: normalizedPath(path), file, text, yaml: yield* readYamlContext(text) };
  const dialects = yield* claimingDialectsInSteps(document, choice);
  const { references, problems, spansLines } = yield* readWithDialects(document, dialects);
  const blockwise = !spansLines && readsAheadNoFurtherThanALine(document.yaml) && dialects.every((dialect) => dialect.readsBlocksAlone);
  return { references, problems, dialects, blockStarts: blockwise ? document.yaml.topLevelKeys : undefined };
}

/** The references and problems the dialects find, sorted, with the hints about literal credentials. */
function* readWithDialects(document: DialectDocument, dialects: readonly Dialect[]): Generator<void, Analysis> {
  const { text, yaml } = document;
  // Joined with concat: spreading a huge list into push() overflows the stack.
  let references: SecretReference[] = [];
  let problems: Problem[] = [];
  let spansLines = false;
  for (const dialect of dialects) {
    const taken = coveredBy(references.map((reference) => reference.span));
    yield;
    const found = yield* dialect.scan(document, taken);
    references = references.concat(found.references);
    problems = problems.concat(found.problems);
    spansLines ||= found.spansLines === true;
  }
  if (yaml.failure) problems.push(unreadableYaml(text, yaml.failure));
  const writer = dialects.find((dialect) => dialect.referenceText && dialect.credentialHints);
  const advice = writer?.credentialHints ? { ...writer.credentialHints, canMove: true } : { severity: 'hint' as const, canMove: false };
  const taken = coveredBy(references.map((reference) => reference.span));
  yield;
  problems = problems.concat(yield* literalCredentials(text, yaml.values, taken, advice));
  references.sort((a, b) => a.span.start - b.span.start);
  yield;
  problems.sort((a, b) => a.span.start - b.span.start);
  return { references, problems, spansLines };
}

/** Lines that change how the YAML around them is read: document markers and directives. */
const DOCUMENT_MARKER = /^(?:---|\.\.\.|%)/m;

/**
 * The analysis of `text`, an edit of `before`'s text, reading again only the lines from the top-level key
 * above the edit to the one below it. Undefined when that could differ from analysing the whole text: the
 * edit touches a document marker, leaves something open past the next top-level key (a quote, a bracket,
 * a template), changes which dialects read the document, or a dialect reads other parts of the document.
 */
export function reanalyzeAfterEdit(
  path: string,
  before: { text: string; analysis: DocumentAnalysis },
  text: string,
  choice: DialectChoice = ALL_DIALECTS,
): DocumentAnalysis | undefined {
  const { blockStarts } = before.analysis;
  if (!blockStarts) return undefined;
  const unchangedStart = commonPrefixLength(before.text, text);
  const unchangedEnd = commonSuffixLength(before.text, text, unchangedStart);
  const shift = text.length - before.text.length;
  // The block: from the last top-level key above the edited lines to the first one below them.
  const editedLineStart = before.text.lastIndexOf('\n', unchangedStart - 1) + 1;
  const startIndex = lastIndexAtOrBefore(blockStarts, editedLineStart - 1);
  const start = startIndex < 0 ? 0 : blockStarts[startIndex];
  const endIndex = firstIndexAfter(blockStarts, before.text.length - unchangedEnd);
  const oldEnd = endIndex < blockStarts.length ? blockStarts[endIndex] : before.text.length;
  const end = oldEnd + shift;
  if (end < text.length && text[end - 1] !== '\n') return undefined;
  if (DOCUMENT_MARKER.test(before.text.slice(start, oldEnd)) || DOCUMENT_MARKER.test(text.slice(start, end))) return undefined;

  // Read with the line after it, to see the YAML still starts afresh at its top-level key.
  const lineAfter = end < text.length ? lineEndOf(text, end) : end;
  const yaml = runToEnd(readYamlContext(text.slice(start, lineAfter)));
  const length = end - start;
  const startsAfresh = (offset: number) => yaml.topLevelKeys.includes(offset);
  if (!readsAheadNoFurtherThanALine(yaml) || (start > 0 && !startsAfresh(0)) || (end < text.length && !startsAfresh(length)))
    return undefined;
  const block: DialectDocument = {
    path: normalizedPath(path),
    text: text.slice(start, end),
    yaml: {
      values: yaml.values.filter((value) => value.span.start < length),
      comments: yaml.comments.filter((comment) => comment.start < length),
      topLevelKeys: yaml.topLevelKeys.filter((key) => key < length),
    },
  };
  const dialects = claimingDialects(wholeDocument(path, text), choice);
  if (dialects.length !== before.analysis.dialects.length || dialects.some((dialect, index) => dialect !== before.analysis.dialects[index]))
    return undefined;
  const found = runToEnd(readWithDialects(block, dialects));
  if (found.spansLines) return undefined;

  const { references, problems } = before.analysis;
  const splice = <T extends { span: Span }>(old: readonly T[], fresh: T[], shifted: (item: T, by: number) => T): T[] => {
    const first = firstIndexAtOrAfter(old, start);
    // (What stands at the very end, e.g. an ARN cut short, belongs to the last block.)
    const after = oldEnd === before.text.length ? old.length : firstIndexAtOrAfter(old, oldEnd);
    return old.slice(0, first).concat(
      fresh.map((item) => shifted(item, start)),
      old.slice(after).map((item) => shifted(item, shift)),
    );
  };
  return {
    references: splice(references, found.references, shiftReference),
    problems: splice(problems, found.problems, shiftProblem),
    dialects,
    blockStarts: blockStarts.slice(0, startIndex < 0 ? 0 : startIndex).concat(
      block.yaml.topLevelKeys.map((key) => key + start),
      blockStarts.slice(endIndex).map((key) => key + shift),
    ),
  };
}

/** Whether the YAML was read to its end, each token looking no further ahead than the next line. */
function readsAheadNoFurtherThanALine(yaml: YamlContext): boolean {
  return !yaml.failure && !yaml.quoteLeftOpen;
}

/** The whole document for the dialects' claims; its YAML is read only if a claim looks at it. */
function wholeDocument(path: string, text: string): DialectDocument {
  let yaml: YamlContext | undefined;
  return {
    path: normalizedPath(path),
    text,
    get yaml() {
      return (yaml ??= runToEnd(readYamlContext(text)));
    },
  };
}

function lineEndOf(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline + 1;
}

/** How many characters two texts start with in common, compared a chunk at a time. */
export function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let length = 0;
  for (let chunk = 4096; length + chunk <= limit && a.slice(length, length + chunk) === b.slice(length, length + chunk);) length += chunk;
  while (length < limit && a[length] === b[length]) length++;
  return length;
}

/** How many characters two texts end with in common, not counting into their first `prefix` characters. */
function commonSuffixLength(a: string, b: string, prefix: number): number {
  const limit = Math.min(a.length, b.length) - prefix;
  let length = 0;
  for (
    let chunk = 4096;
    length + chunk <= limit &&
    a.slice(a.length - length - chunk, a.length - length) === b.slice(b.length - length - chunk, b.length - length);
  )
    length += chunk;
  while (length < limit && a[a.length - 1 - length] === b[b.length - 1 - length]) length++;
  return length;
}

/** The index of the last of the sorted offsets at or before `offset`, or -1. */
export function lastIndexAtOrBefore(offsets: readonly number[], offset: number): number {
  return firstIndexAfter(offsets, offset) - 1;
}

/** The index of the first of the sorted offsets after `offset` (their length when none is). */
function firstIndexAfter(offsets: readonly number[], offset: number): number {
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (offsets[middle] <= offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The index of the first of the items sorted by start that starts at or after `offset`. */
function firstIndexAtOrAfter(items: readonly { span: Span }[], offset: number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (items[middle].span.start < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** One problem for YAML the lexer gave up on; the checks before that point still stand. */
function unreadableYaml(text: string, { offset, tooDeep }: NonNullable<YamlContext['failure']>): Problem {
  const why = tooDeep ? 'This YAML is too deeply nested to check' : 'This YAML could not be read';
  const lineEnd = text.indexOf('\n', offset);
  return {
    span: { start: offset, end: lineEnd < 0 ? text.length : lineEnd },
    severity: 'error',
    code: 'yaml-too-deep',
    message: `${why}: from here on only templates are checked, not the YAML around them.`,
  };
}

/** The dialects that read a document: its path matches their globs (or the person's), or its content is theirs. */
export function claimingDialects(document: DialectDocument, choice: DialectChoice): Dialect[] {
  return runToEnd(claimingDialectsInSteps(document, choice));
}

/** The same, pausing after each dialect's claim (a claim may search the whole text). */
function* claimingDialectsInSteps(document: DialectDocument, choice: DialectChoice): Generator<void, Dialect[]> {
  const claiming: Dialect[] = [];
  for (const dialect of choice.dialects) {
    if (dialect.claims(document, pathMatches(dialect, document.path, choice.extraFiles?.[dialect.id] ?? []))) claiming.push(dialect);
    yield;
  }
  return claiming;
}

/** Whether a path matches a dialect's own globs or the extra ones given for it. */
export function pathMatches(dialect: Dialect, path: string, extra: readonly string[]): boolean {
  return matcher([...dialect.filePatterns, ...extra])(normalizedPath(path));
}

/** Whether a path is one the CLI reads to look for the dialect's files by content. */
export function isCandidate(dialect: Dialect, path: string): boolean {
  return dialect.candidateFiles !== undefined && matcher([...dialect.candidateFiles])(normalizedPath(path));
}

const matchers = new Map<string, (path: string) => boolean>();
/** A matcher of paths against the globs, made once for each list of globs. */
export function matcher(globs: readonly string[]): (path: string) => boolean {
  const key = globs.join('\n');
  let match = matchers.get(key);
  if (!match) matchers.set(key, (match = picomatch([...globs], { dot: true })));
  return match;
}

/** `/` separators, and no leading `/` or `../`, as globs expect. */
function normalizedPath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(?:\/+|\.\.\/)+/, '');
}

/** Whether an offset falls inside one of the spans. */
function coveredBy(spans: Span[]): (offset: number) => boolean {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  // Spans of one dialect don't overlap, but two dialects' might: the furthest end so far decides.
  const furthestEnd: number[] = [];
  sorted.forEach((span, index) => furthestEnd.push(Math.max(span.end, furthestEnd[index - 1] ?? -Infinity)));
  return (offset) => {
    // The number of spans that start at or before the offset, by binary search.
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (sorted[middle].start <= offset) low = middle + 1;
      else high = middle;
    }
    return low > 0 && furthestEnd[low - 1] > offset;
  };
}
