/**
 * The engine: reads a document's YAML once, lets each dialect that claims the document find its
 * references and problems, and adds the dialect-neutral hints about literal credentials.
 */
import picomatch from 'picomatch';
import { literalCredentials } from '../core/credentials';
import { Analysis, Problem, SecretReference, Span } from '../core/model';
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
}

/** Runs the analysis to the end in one go. */
export function analyze(path: string, text: string, choice: DialectChoice = ALL_DIALECTS): DocumentAnalysis {
  return runToEnd(analyzeInSteps(path, text, choice));
}

/** The analysis of a document, pausing between steps so that a server can answer other requests meanwhile. */
export function* analyzeInSteps(path: string, text: string, choice: DialectChoice = ALL_DIALECTS): Generator<void, DocumentAnalysis> {
  const document: DialectDocument = { path: normalizedPath(path), text, yaml: yield* readYamlContext(text) };
  const dialects = claimingDialects(document, choice);
  // Joined with concat: spreading a huge list into push() overflows the stack.
  let references: SecretReference[] = [];
  let problems: Problem[] = [];
  for (const dialect of dialects) {
    const taken = coveredBy(references.map((reference) => reference.span));
    const found = yield* dialect.scan(document, taken);
    references = references.concat(found.references);
    problems = problems.concat(found.problems);
  }
  if (document.yaml.failure) problems.push(unreadableYaml(text, document.yaml.failure));
  const writer = dialects.find((dialect) => dialect.referenceText && dialect.credentialHints);
  const advice = writer?.credentialHints ? { ...writer.credentialHints, canMove: true } : { severity: 'hint' as const, canMove: false };
  problems = problems.concat(literalCredentials(text, document.yaml.values, coveredBy(references.map((reference) => reference.span)), advice));
  references.sort((a, b) => a.span.start - b.span.start);
  problems.sort((a, b) => a.span.start - b.span.start);
  return { references, problems, dialects };
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
  return choice.dialects.filter((dialect) => dialect.claims(document, pathMatches(dialect, document.path, choice.extraFiles?.[dialect.id] ?? [])));
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
