/**
 * Mage's checks: every `aws_secret_var` reference of a document and every problem that can be seen
 * without asking AWS. Templates are read from the raw text first, as Mage renders them, then the YAML
 * structure around them gives the context.
 */
import { Analysis, Problem, SecretReference, Span, TextReplacement } from '../../core/model';
import { idProblems } from '../../core/secretId';
import { changeToFixes, closestMatches, didYouMean } from '../../core/similar';
import { everyNth } from '../../core/steps';
import { lastStartingAtOrBefore } from '../../core/offsets';
import { YamlContext } from '../../core/yamlContext';
import type { DialectDocument } from '../dialect';
import { Argument, Call, lineEnd, occurrences, Template, templatesOf, Token } from './jinja';

export const SECRET_FUNCTION = 'aws_secret_var';

/** Functions a Mage template may call: open-source Mage's own, its paid edition's, and Jinja's globals. */
const KNOWN_FUNCTIONS = [
  SECRET_FUNCTION,
  'json_value',
  'env_var',
  'mage_secret_var',
  'azure_secret_var',
  'variables',
  'gcp_secret_var',
  'doppler_secret_var',
  'vault_secret_var',
  'file',
  'range',
  'lipsum',
  'dict',
  'cycler',
  'joiner',
  'namespace',
];
const SUGGESTED_FUNCTIONS = KNOWN_FUNCTIONS.slice(0, 6);

/** Templates and YAML values checked between pauses. */
const ITEMS_PER_STEP = 250;

/** Mage's references and problems in a document, pausing between steps. */
export function* scanMage({ text, yaml }: DialectDocument): Generator<void, Analysis> {
  const localNames = yield* namesSetByStatements(text);
  const pause = everyNth(ITEMS_PER_STEP);
  const references: SecretReference[] = [];
  const problems: Problem[] = [];
  const lineOf = linesOf(text);
  const newlineAfter = occurrences(text, '\n');
  let spansLines = false;
  /** Where the template before ends (all but the first template on its line have one before them on that line). */
  let lastEnd = 0;
  /** An unquoted template whose warning waits for the string literals of the templates after it in its value. */
  let unquoted: { template: Template; valueEnd: number; strings: Token[] } | undefined;
  for (const template of templatesOf(text)) {
    if (!template) {
      yield;
      continue;
    }
    if (pause()) yield;
    if (unquoted && template.span.start >= unquoted.valueEnd) {
      problems.push(unquotedTemplate(text, unquoted.template, unquoted.valueEnd, unquoted.strings));
      unquoted = undefined;
    }
    unquoted?.strings.push(...template.strings);
    spansLines ||= !withinALine(template, newlineAfter);
    const previousEnd = lastEnd;
    lastEnd = template.span.end;
    for (const problem of template.problems) problems.push(problem);
    if (template.kind === 'comment') continue;
    const value = containing(yaml.values, template.span.start, (value) => value.span);
    const inComment = containing(yaml.comments, template.span.start, itself) !== undefined;
    const paths = jsonPathsOf(template.calls);
    const found = template.calls.flatMap((call) =>
      checkCall(call, { localNames, paths, problems, inSingleQuotes: value?.style === 'single' }),
    );
    for (const reference of found) {
      reference.profile = value?.profile;
      reference.key = value?.key;
      reference.inComment = inComment;
    }
    references.push(...found);
    if (inComment && found.length > 0) problems.push(referenceInComment(template));
    if (
      !inComment &&
      template.kind === 'expression' &&
      value?.style === 'flow' &&
      value.span.start === template.span.start &&
      !startsItsLine(template.span.start, lineOf(template.span.start)) &&
      // A template of bare variables (`{{ data_integration_uuid }}`) is a code generator's, rendered whole before anything reads it.
      template.calls.length > 0 &&
      // No other template ends on the line before this one: `{{ a }}{{ b }}` or `{% set %}{{ b }}` is one value to YAML
      // tools, reported once at its start.
      previousEnd <= lineOf(template.span.start).start
    ) {
      unquoted = { template, valueEnd: unquotedValueEnd(text, template.span.start, yaml), strings: [...template.strings] };
    }
  }
  if (unquoted) problems.push(unquotedTemplate(text, unquoted.template, unquoted.valueEnd, unquoted.strings));
  return { references, problems, spansLines };
}

/** A closed template with no line end inside, that sets no variable for the rest of the file. */
function withinALine(template: Template, newlineAfter: (from: number) => number): boolean {
  if (!template.closed || template.kind === 'statement') return false;
  const newline = newlineAfter(template.span.start);
  return newline < 0 || newline >= template.span.end;
}

interface CallContext {
  /** Variables the file defines itself. */
  localNames: Set<string>;
  /** The path that an enclosing `json_value` reads from an `aws_secret_var` call's value. */
  paths: Map<Call, { path: string; span: Span }>;
  problems: Problem[];
  /** The template stands in a single-quoted YAML scalar. */
  inSingleQuotes: boolean;
}

/** The `json_value(aws_secret_var(...), 'path')` pairs among a template's calls. */
function jsonPathsOf(calls: Call[]): Map<Call, { path: string; span: Span }> {
  const paths = new Map<Call, { path: string; span: Span }>();
  for (const call of calls) {
    if (call.name !== 'json_value' || call.isFilter || call.isMethod) continue;
    const [source, path] = call.args;
    const inner = source?.length === 1 && source[0].type === 'call' && source[0].name === SECRET_FUNCTION ? source[0] : undefined;
    const pathToken = path?.length === 1 && path[0].type === 'string' ? path[0] : undefined;
    if (inner && pathToken) paths.set(inner, { path: pathToken.value, span: inside(pathToken) });
  }
  return paths;
}

/** The reference a call makes, if any; its problems go to the context. */
function checkCall(call: Call, context: CallContext): SecretReference[] {
  if (call.isFilter || call.isMethod) return [];
  if (call.name === SECRET_FUNCTION) return [checkSecretCall(call, context)];
  if (!KNOWN_FUNCTIONS.includes(call.name)) {
    const { problems } = context;
    const suggestions = looksLikeSecretFunction(call.name);
    if (suggestions.length > 0) {
      problems.push({
        span: call.nameSpan,
        severity: 'error',
        code: 'call-unknown-function',
        message: `'${call.name}' is not a function Mage knows.${didYouMean(suggestions)} Rendering this file fails with "'${call.name}' is undefined".`,
        fixes: changeToFixes(call.nameSpan, suggestions),
      });
    }
  }
  return [];
}

function checkSecretCall(call: Call, { localNames, paths, problems, inSingleQuotes }: CallContext): SecretReference {
  const reference: SecretReference = { dialect: 'mage', kind: 'call', span: call.span, inComment: false };
  const problem = (span: Span, code: string, message: string, severity: Problem['severity'] = 'error') =>
    problems.push({ span, severity, code, message });

  const positional = call.args.filter((arg) => !isKeyword(arg));
  const keywords = call.args.filter(isKeyword);
  for (const arg of keywords) {
    const name = (arg[0] as Token).value;
    if (name !== 'secret_id' && name !== 'cached') {
      problem(spanOf(arg), 'call-unknown-argument', `aws_secret_var takes 'secret_id' and 'cached'; '${name}' is not one of them.`);
    }
  }
  const idArg = positional[0] ?? keywords.find((arg) => (arg[0] as Token).value === 'secret_id')?.slice(2);
  if (call.args.length > 2) {
    problem(
      spanOf(call.args[2], call.args[call.args.length - 1]),
      'call-too-many-arguments',
      `aws_secret_var takes at most two arguments (the secret id and 'cached'); this call has ${call.args.length}.`,
    );
  }
  if (!idArg || idArg.length === 0) {
    problem(call.span, 'call-no-argument', "aws_secret_var needs the secret's name or ARN, e.g. aws_secret_var('prod/db/password').");
    return reference;
  }
  const [only] = idArg;
  if (idArg.length === 1 && only.type === 'string') {
    reference.secretId = only.value;
    reference.idSpan = inside(only);
    reference.jsonPath = paths.get(call);
    if (only.value === '')
      problem({ start: only.start, end: only.end }, 'call-empty-id', "The secret id is empty: give the secret's name or ARN.");
    else problems.push(...idProblems(only.value, reference.idSpan.start));
    return reference;
  }
  if (
    idArg.length === 1 &&
    only.type === 'name' &&
    !localNames.has(only.value) &&
    !['True', 'False', 'None', 'true', 'false', 'none'].includes(only.value)
  ) {
    const quote = inSingleQuotes ? '"' : "'";
    const span = { start: only.start, end: only.end };
    problems.push({
      span,
      severity: 'error',
      code: 'call-bare-identifier',
      message: `'${only.value}' is a variable, not a string: it is undefined when Mage renders this file. Put the secret id in quotes: ${quote}${only.value}${quote}.`,
      fixes: [{ title: `Quote '${only.value}'`, edits: [{ span, newText: `${quote}${only.value}${quote}` }], preferred: true }],
    });
    return reference;
  }
  problem(
    spanOf(idArg),
    'call-dynamic-id',
    'This secret id is built when Mage renders the file, so it cannot be checked here.',
    'information',
  );
  return reference;
}

function referenceInComment(template: Template): Problem {
  const { start, end } = template.span;
  return {
    span: template.span,
    severity: 'warning',
    code: 'reference-in-comment',
    message:
      'Mage renders templates inside YAML comments too: this secret is still read when the file loads, and a missing secret fails the load. Use a Jinja comment {# ... #} to disable it.',
    fixes: template.closed
      ? [
          {
            title: 'Turn into a Jinja comment',
            edits: [
              { span: { start, end: start + 2 }, newText: '{#' },
              { span: { start: end - 2, end }, newText: '#}' },
            ],
          },
        ]
      : undefined,
  };
}

/** The warning for the unquoted value that starts with `template` and ends at `valueEnd`, the templates' string literals in it given. */
function unquotedTemplate(text: string, template: Template, valueEnd: number, strings: Token[]): Problem {
  const edits = quoteValue(text, { start: template.span.start, end: valueEnd }, strings);
  return {
    span: template.span,
    severity: 'warning',
    code: 'yaml-unquoted-template',
    message:
      'Unquoted template: Mage renders it before reading the YAML, but every other YAML tool (editors, linters, formatters) reads { as the start of a mapping. Put the value in quotes.',
    fixes: edits && [{ title: 'Quote the template', edits, preferred: true }],
  };
}

/**
 * Edits that put a value in YAML quotes. When the value holds both kinds of quotes, the Jinja
 * string literals written with the outer quote change to the other kind, which Jinja reads the
 * same; with the fewest such changes, double quotes first. Undefined when no quote fits.
 */
function quoteValue(text: string, value: Span, strings: Token[]): TextReplacement[] | undefined {
  const source = text.slice(value.start, value.end);
  let best: TextReplacement[] | undefined;
  for (const [quote, other] of [
    ['"', "'"],
    ["'", '"'],
  ]) {
    const swapped = strings.filter((token) => text[token.start] === quote);
    // Every `quote` of the value must be one of those literals' delimiters.
    if (source.split(quote).length - 1 !== 2 * swapped.length) continue;
    if (swapped.some((token) => token.value.includes(other) || token.value.includes('\\'))) continue;
    const edits = [
      { span: { start: value.start, end: value.start }, newText: quote },
      ...swapped.flatMap((token) => [
        { span: { start: token.start, end: token.start + 1 }, newText: other },
        { span: { start: token.end - 1, end: token.end }, newText: other },
      ]),
      { span: { start: value.end, end: value.end }, newText: quote },
    ];
    if (!best || edits.length < best.length) best = edits;
  }
  return best;
}

/** A template alone at the start of a line expands to YAML lines of its own (e.g. a mapping), not to a value. */
function startsItsLine(start: number, line: Line): boolean {
  return line.content === start;
}

interface Line {
  start: number;
  /** Its first character that is not white space. */
  content: number;
}

/**
 * The line holding each offset, for offsets that mostly grow: each reuses the last, so that the
 * templates of one long line do not each scan back to its start.
 */
function linesOf(text: string): (offset: number) => Line {
  const newlineAfter = occurrences(text, '\n');
  let line: Line | undefined;
  const startingAt = (start: number): Line => {
    let content = start;
    while (content < text.length && text[content] !== '\n' && /\s/.test(text[content])) content++;
    return { start, content };
  };
  return (offset) => {
    if (!line || offset < line.start) line = startingAt(text.lastIndexOf('\n', offset - 1) + 1);
    for (let newline = newlineAfter(line.start); newline >= 0 && newline < offset; newline = newlineAfter(line.start))
      line = startingAt(newline + 1);
    return line;
  };
}

/** Where an unquoted value that starts with a template ends: before a trailing comment and spaces. */
function unquotedValueEnd(text: string, start: number, yaml: YamlContext): number {
  let end = lineEnd(text, start);
  const comment = lastStartingAtOrBefore(yaml.comments, end, (span) => span.start);
  if (comment && comment.start > start) end = comment.start;
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return end;
}

/** The known functions a misspelled name most likely meant. */
function looksLikeSecretFunction(name: string): string[] {
  const close = closestMatches(name, SUGGESTED_FUNCTIONS);
  if (close.length > 0) return close;
  return /secret/i.test(name) ? [SECRET_FUNCTION] : [];
}

/** Variables a template defines itself (`{% set x = ... %}`, `{% for x in ... %}`), which are not undefined. */
function* namesSetByStatements(text: string): Generator<void, Set<string>> {
  const names = new Set<string>();
  // (A first reading of the templates, only when the text has a statement.)
  if (!text.includes('{%')) return names;
  for (const template of templatesOf(text)) {
    if (!template) yield;
    if (template?.kind !== 'statement') continue;
    const match = /^\{%[-+]?\s*(?:set|for|with)\s+([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)/.exec(
      text.slice(template.span.start, template.span.end),
    );
    match?.[1].split(',').forEach((name) => names.add(name.trim()));
  }
  return names;
}

/** The item whose span holds `offset`, among items sorted by start that do not overlap. */
function containing<T>(items: T[], offset: number, spanOf: (item: T) => Span): T | undefined {
  const candidate = lastStartingAtOrBefore(items, offset, (item) => spanOf(item).start);
  return candidate && spanOf(candidate).end > offset ? candidate : undefined;
}

const itself = (span: Span) => span;

function isKeyword(arg: Argument): boolean {
  return arg.length >= 2 && arg[0].type === 'name' && arg[1].type === 'op' && arg[1].value === '=';
}

/** From the start of the first argument part to the end of the last one. */
function spanOf(first: Argument, last: Argument = first): Span {
  const end = last[last.length - 1];
  return { start: startOf(first[0]), end: end.type === 'call' ? end.span.end : end.end };
}

function startOf(part: Argument[number]): number {
  return part.type === 'call' ? part.span.start : part.start;
}

/** A string token's content, without its quotes. */
function inside(token: Token): Span {
  return { start: token.start + 1, end: token.end - 1 };
}
