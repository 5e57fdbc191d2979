/**
 * The engine: reads a document's YAML once, lets each dialect that claims the document find its
 * references and problems, and adds the dialect-neutral hints about literal credentials.
 */
import { literalCredentials } from '../core/credentials';
import { picomatch } from '../core/libraries';
import { Analysis, Problem, SecretReference, shiftProblem, shiftReference, shiftSpan, Span } from '../core/model';
import { runToEnd } from '../core/steps';
import { commonPrefixLength, commonSuffixLength, firstIndexAfter, lastIndexAtOrBefore } from '../core/offsets';
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
   * Where the document's blocks start (its top-level keys, and the entries of the dialects' `blockSections`), when
   * an edit inside one can be checked by reading only that block again (see `reanalyzeAfterEdit`); undefined when an
   * edit needs the whole document.
   */
  blockStarts?: readonly number[];
  /** With `blockStarts`: what each dialect's scan found out about the whole document (`Analysis.facts`), in the order of `dialects`. */
  dialectFacts?: readonly (object | undefined)[];
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
  const { references, problems, spansLines, dialectFacts } = yield* readWithDialects(document, dialects);
  const blockwise = !spansLines && readsAheadNoFurtherThanALine(document.yaml) && dialects.every((dialect) => dialect.readsBlocksAlone);
  return {
    references,
    problems,
    dialects,
    blockStarts: blockwise ? blockStartsOf(text, document.yaml, dialects) : undefined,
    dialectFacts: blockwise ? dialectFacts : undefined,
  };
}

/**
 * The references and problems the dialects find, sorted, with the hints about literal credentials, and what each
 * dialect found out about the whole document. `whole`: the document is one block of a larger one, whose facts are known.
 */
function* readWithDialects(
  document: DialectDocument,
  dialects: readonly Dialect[],
  whole?: { offset: number; facts: readonly (object | undefined)[] },
): Generator<void, Analysis & { dialectFacts: (object | undefined)[] }> {
  const { text, yaml } = document;
  // Joined with concat: spreading a huge list into push() overflows the stack.
  let references: SecretReference[] = [];
  let problems: Problem[] = [];
  let spansLines = false;
  const dialectFacts: (object | undefined)[] = [];
  for (const [index, dialect] of dialects.entries()) {
    const taken = coveredBy(references.map((reference) => reference.span));
    yield;
    const facts = whole?.facts[index];
    const found = yield* dialect.scan(facts ? { ...document, whole: { offset: whole.offset, facts } } : document, taken);
    references = references.concat(found.references);
    problems = problems.concat(found.problems);
    spansLines ||= found.spansLines === true;
    dialectFacts.push(facts ?? found.facts);
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
  return { references, problems, spansLines, dialectFacts };
}

/**
 * Where the blocks of a document start: at its top-level keys, and at the lines of the entries of the dialects'
 * `blockSections` when the section's line holds nothing else.
 */
function blockStartsOf(text: string, yaml: YamlContext, dialects: readonly Dialect[]): number[] {
  const sections = new Set(dialects.flatMap((dialect) => dialect.blockSections ?? []));
  const starts: number[] = [];
  let entry = 0;
  for (const [index, key] of yaml.topLevelKeys.entries()) {
    starts.push(key);
    const line = text.slice(key, lineEndOf(text, key)).trimEnd();
    const splits = line.endsWith(':') && sections.has(line.slice(0, -1));
    const next = yaml.topLevelKeys[index + 1] ?? text.length;
    for (; entry < yaml.secondLevelKeys.length && yaml.secondLevelKeys[entry] < next; entry++)
      if (splits && yaml.secondLevelKeys[entry] > key) starts.push(yaml.secondLevelKeys[entry]);
  }
  return starts;
}

/** Lines that change how the YAML around them is read: document markers and directives. */
const DOCUMENT_MARKER = /^(?:---|\.\.\.|%)/m;

/**
 * The analysis of `text`, an edit of `before`'s text, reading again only the block the edit is in: from the block
 * start above the edit to the one below it (a block under a section is read after the section's line). Undefined when
 * that could differ from analysing the whole text: the edit touches a document marker, leaves something open past
 * the next block (a quote, a bracket, a template), moves the blocks after it to another section, changes which
 * dialects read the document or what a dialect knows of the whole of it, or a dialect reads other parts of the document.
 */
export function reanalyzeAfterEdit(
  path: string,
  before: { text: string; analysis: DocumentAnalysis },
  text: string,
  choice: DialectChoice = ALL_DIALECTS,
  file?: string,
): DocumentAnalysis | undefined {
  const { blockStarts, dialectFacts = [] } = before.analysis;
  if (!blockStarts) return undefined;
  const unchangedStart = commonPrefixLength(before.text, text);
  const unchangedEnd = commonSuffixLength(before.text, text, unchangedStart);
  const shift = text.length - before.text.length;
  // The block: from the last block start above the edited lines to the first one below them.
  const editedLineStart = before.text.lastIndexOf('\n', unchangedStart - 1) + 1;
  const startIndex = lastIndexAtOrBefore(blockStarts, editedLineStart - 1);
  const start = startIndex < 0 ? 0 : blockStarts[startIndex];
  const endIndex = firstIndexAfter(blockStarts, before.text.length - unchangedEnd);
  const oldEnd = endIndex < blockStarts.length ? blockStarts[endIndex] : before.text.length;
  const end = oldEnd + shift;
  if (end < text.length && text[end - 1] !== '\n') return undefined;
  if (DOCUMENT_MARKER.test(before.text.slice(start, oldEnd)) || DOCUMENT_MARKER.test(text.slice(start, end))) return undefined;

  // An indented block is an entry of the section above it, whose line it is read after.
  let section = startIndex;
  while (section >= 0 && text[blockStarts[section]] === ' ') section--;
  const prefix = section < startIndex ? text.slice(blockStarts[section], lineEndOf(text, blockStarts[section])) : '';
  // Read with the line after it, to see the YAML still starts afresh at the next block.
  const read = (from: string, to: number) =>
    runToEnd(readYamlContext(prefix + from.slice(start, to < from.length ? lineEndOf(from, to) : to)));
  const yaml = read(text, end);
  const length = end - start;
  const keysAt = (offset: number) =>
    (text[start + offset] === ' ' ? yaml.secondLevelKeys : yaml.topLevelKeys).includes(prefix.length + offset);
  const keysWithin = yaml.topLevelKeys.some((key) => key >= prefix.length && key < prefix.length + length);
  if (
    !readsAheadNoFurtherThanALine(yaml) ||
    (start > 0 && !keysAt(0)) ||
    (end < text.length && (!keysAt(length) || (text[end] === ' ' && keysWithin)))
  )
    return undefined;
  const dialects = claimingDialects(wholeDocument(path, text), choice);
  if (dialects.length !== before.analysis.dialects.length || dialects.some((dialect, index) => dialect !== before.analysis.dialects[index]))
    return undefined;
  const block = blockDocument(path, file, prefix + text.slice(start, end), yaml, prefix.length);
  // What each dialect knows of the whole document after the edit, from the block before and after it.
  let blockBefore: DialectDocument | undefined;
  const facts: (object | undefined)[] = [];
  for (const [index, dialect] of dialects.entries()) {
    const known = dialectFacts[index];
    if (!known) {
      facts.push(undefined);
      continue;
    }
    blockBefore ??= blockDocument(path, file, prefix + before.text.slice(start, oldEnd), read(before.text, oldEnd), prefix.length);
    const now = dialect.factsAfterEdit?.(known, { before: blockBefore, after: block, start, end: oldEnd, shift, text });
    if (!now) return undefined;
    facts.push(now);
  }
  const found = runToEnd(readWithDialects(block, dialects, { offset: start, facts }));
  if (found.spansLines) return undefined;

  const { references, problems } = before.analysis;
  const splice = <T extends { span: Span }>(old: readonly T[], fresh: T[], shifted: (item: T, by: number) => T): T[] => {
    // The first that starts at or after `start` (offsets are whole numbers).
    const startOf = (item: T) => item.span.start;
    const first = firstIndexAfter(old, start - 1, startOf);
    // (What stands at the very end, e.g. an ARN cut short, belongs to the last block.)
    const after = oldEnd === before.text.length ? old.length : firstIndexAfter(old, oldEnd - 1, startOf);
    return old.slice(0, first).concat(
      fresh.map((item) => shifted(item, start)),
      old.slice(after).map((item) => shifted(item, shift)),
    );
  };
  const startsWithin = blockStartsOf(prefix + text.slice(start, end), yaml, dialects).filter(
    (key) => key >= prefix.length && key < prefix.length + length,
  );
  return {
    references: splice(references, found.references, shiftReference),
    problems: splice(problems, found.problems, shiftProblem),
    dialects,
    blockStarts: blockStarts.slice(0, startIndex < 0 ? 0 : startIndex).concat(
      startsWithin.map((key) => key - prefix.length + start),
      blockStarts.slice(endIndex).map((key) => key + shift),
    ),
    dialectFacts: facts,
  };
}

/** The block that follows its section's line (`prefix` characters, maybe none) in `source`, as a document of its own. */
function blockDocument(path: string, file: string | undefined, source: string, yaml: YamlContext, prefix: number): DialectDocument {
  const within = (offset: number) => offset >= prefix && offset < source.length;
  const inBlock = (offsets: number[]) => offsets.filter(within).map((offset) => offset - prefix);
  return {
    path: normalizedPath(path),
    file,
    text: source.slice(prefix),
    yaml: {
      values: yaml.values
        .filter((value) => within(value.span.start))
        .map((value) => (prefix === 0 ? value : { ...value, span: shiftSpan(value.span, -prefix) })),
      comments: yaml.comments.filter((comment) => within(comment.start)).map((comment) => shiftSpan(comment, -prefix)),
      topLevelKeys: inBlock(yaml.topLevelKeys),
      secondLevelKeys: inBlock(yaml.secondLevelKeys),
    },
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
  if (!match) matchers.set(key, (match = picomatch()([...globs], { dot: true })));
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
    const last = lastIndexAtOrBefore(sorted, offset, (span) => span.start);
    return last >= 0 && furthestEnd[last] > offset;
  };
}
