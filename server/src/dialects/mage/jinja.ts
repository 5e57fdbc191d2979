/**
 * Finds Jinja templates in raw text, the way Mage sees a YAML file before parsing it, and
 * reads the function calls inside `{{ }}` and `{% %}`.
 */
import { Problem, Span } from '../../core/model';
import { everyNth } from '../../core/steps';

export type TokenType = 'name' | 'string' | 'number' | 'op';

export interface Token {
  type: TokenType;
  start: number;
  end: number;
  /** The name, the operator, the number, or a string's raw content between its quotes. */
  value: string;
}

/** A call's argument: its tokens and nested calls, in source order. */
export type ArgumentPart = Token | Call;
export type Argument = ArgumentPart[];

export interface Call {
  type: 'call';
  name: string;
  nameSpan: Span;
  /** `x | name(...)`: a filter, not a function. */
  isFilter: boolean;
  /** `obj.name(...)`: a method, not a global function. */
  isMethod: boolean;
  args: Argument[];
  /** From the name to the closing parenthesis. */
  span: Span;
}

export interface Template {
  kind: 'expression' | 'statement' | 'comment';
  /** From the opening delimiter to the end of the closing one (or of the first line when unclosed). */
  span: Span;
  closed: boolean;
  /** Every call in the template, nested ones included, outer calls after the calls inside them. */
  calls: Call[];
  /** The template's string literals, in order. */
  strings: Token[];
  problems: Problem[];
}

const CLOSERS = { expression: '}}', statement: '%}', comment: '#}' } as const;
const PAIRS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const OPERATORS = [
  '**',
  '//',
  '==',
  '!=',
  '>=',
  '<=',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  '.',
  ':',
  '|',
  '~',
  '=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
];

/** All templates of the text, in order. */
export function findTemplates(text: string): Template[] {
  return [...templatesOf(text)].filter((template) => template !== undefined);
}

/** Templates found between pauses when reading in steps. */
const TEMPLATES_PER_STEP = 250;

/**
 * The templates of the text, in order, one at a time (`undefined` now and then: a pause), so that a caller
 * can check each and let it go rather than hold every template of a huge file at once.
 */
export function* templatesOf(text: string): Generator<Template | undefined> {
  const pause = everyNth(TEMPLATES_PER_STEP);
  const search = { lineEnd: lineEnds(text), commentClose: occurrences(text, '#}') };
  let from = 0;
  for (;;) {
    if (pause()) yield undefined;
    const open = text.indexOf('{', from);
    if (open < 0 || open + 1 >= text.length) break;
    const marker = text[open + 1];
    const kind = marker === '{' ? 'expression' : marker === '%' ? 'statement' : marker === '#' ? 'comment' : undefined;
    if (!kind) {
      from = open + 1;
      continue;
    }
    const template = kind === 'comment' ? readComment(open, search) : readCode(text, open, kind, search);
    yield template;
    from = template.span.end;
  }
}

/**
 * Searches of one text from offsets that mostly grow: each reuses what the last one found, so that
 * thousands of unclosed templates on one long line do not each scan to its end.
 */
interface Search {
  lineEnd: (from: number) => number;
  commentClose: (from: number) => number;
}

function readComment(open: number, search: Search): Template {
  const close = search.commentClose(open + 2);
  if (close >= 0) return { kind: 'comment', span: { start: open, end: close + 2 }, closed: true, calls: [], strings: [], problems: [] };
  const end = search.lineEnd(open);
  return {
    kind: 'comment',
    span: { start: open, end },
    closed: false,
    calls: [],
    strings: [],
    problems: [unclosed({ start: open, end: open + 2 }, '{#', '#}', 'comment')],
  };
}

function readCode(text: string, open: number, kind: 'expression' | 'statement', search: Search): Template {
  const closer = CLOSERS[kind];
  const tokens: Token[] = [];
  const problems: Problem[] = [];
  let pos = open + 2;
  if (text[pos] === '-' || text[pos] === '+') pos++;
  let closedAt = -1;
  while (pos < text.length) {
    const ch = text[pos];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      pos++;
      continue;
    }
    if (text.startsWith(closer, pos)) {
      closedAt = pos + 2;
      break;
    }
    if ((ch === '-' || ch === '+') && text.startsWith(closer, pos + 1)) {
      closedAt = pos + 3;
      break;
    }
    // A new template starting means this one was never closed.
    if (ch === '{' && (text[pos + 1] === '{' || text[pos + 1] === '%')) break;
    if (ch === "'" || ch === '"') {
      const close = findQuoteEnd(text, pos, ch);
      if (close < 0) {
        const end = search.lineEnd(pos);
        problems.push({
          span: { start: pos, end },
          severity: 'error',
          code: 'template-unclosed-quote',
          message: `The string starting here is not closed: add the matching ${ch} before the end of the line.`,
        });
        pos = end;
        continue;
      }
      tokens.push({ type: 'string', start: pos, end: close + 1, value: text.slice(pos + 1, close) });
      pos = close + 1;
      continue;
    }
    const tokenEnd = isNameStart(ch) ? scanWhile(text, pos, isNamePart) : isDigit(ch) ? scanWhile(text, pos, isNumberPart) : -1;
    if (tokenEnd > 0) {
      tokens.push({ type: isDigit(ch) ? 'number' : 'name', start: pos, end: tokenEnd, value: text.slice(pos, tokenEnd) });
      pos = tokenEnd;
      continue;
    }
    const op = OPERATORS.find((candidate) => text.startsWith(candidate, pos)) ?? ch;
    tokens.push({ type: 'op', start: pos, end: pos + op.length, value: op });
    pos += op.length;
  }

  if (closedAt < 0) {
    // Unclosed: keep only what stands on the opening line, so a half-typed template does not
    // swallow the lines after it, nor a template that starts on the same line.
    const end = Math.min(search.lineEnd(open), pos);
    const onFirstLine = tokens.filter((token) => token.end <= end);
    const opener = text.slice(open, open + 2);
    // One error for one mistake: a string left open that swallowed the closer is the cause;
    // otherwise the missing closer is, and what follows it on the line is no Jinja to judge.
    const cause = problems.find((p) => p.span.start < end && text.slice(p.span.start, p.span.end).includes(closer));
    return {
      kind,
      span: { start: open, end },
      closed: false,
      calls: readCalls(onFirstLine, [], false),
      strings: stringsOf(onFirstLine),
      problems: [cause ?? unclosed({ start: open, end: open + 2 }, opener, closer, kind)],
    };
  }
  return {
    kind,
    span: { start: open, end: closedAt },
    closed: true,
    calls: readCalls(tokens, problems, true),
    strings: stringsOf(tokens),
    problems,
  };
}

function stringsOf(tokens: Token[]): Token[] {
  return tokens.filter((token) => token.type === 'string');
}

interface OpenGroup {
  open: Token;
  /** The call this bracket opens, completed when it closes. */
  call?: Call;
  args: Argument[];
  /** A closing bracket that did not match it was reported already: one error for one mistake. */
  mismatched?: boolean;
}

/** Reads calls with their arguments; reports brackets that do not pair up. */
function readCalls(tokens: Token[], problems: Problem[], reportUnclosed: boolean): Call[] {
  const calls: Call[] = [];
  const stack: OpenGroup[] = [];
  const append = (part: ArgumentPart) => {
    const top = stack[stack.length - 1];
    if (top) top.args[top.args.length - 1].push(part);
  };
  tokens.forEach((token, index) => {
    if (token.type !== 'op') return append(token);
    const opener = PAIRS[token.value];
    if (opener) {
      const before = tokens[index - 1];
      const callee = token.value === '(' && before?.type === 'name' ? before : undefined;
      if (callee) stack[stack.length - 1]?.args.at(-1)?.pop(); // the name belongs to the call now
      const prefix = tokens[index - 2];
      stack.push({
        open: token,
        args: [[]],
        call: callee && {
          type: 'call',
          name: callee.value,
          nameSpan: { start: callee.start, end: callee.end },
          isFilter: prefix?.type === 'op' && prefix.value === '|',
          isMethod: prefix?.type === 'op' && prefix.value === '.',
          args: [],
          span: { start: callee.start, end: callee.end },
        },
      });
      return;
    }
    if (token.value === ')' || token.value === ']' || token.value === '}') {
      const top = stack[stack.length - 1];
      if (!top || PAIRS[top.open.value] !== token.value) {
        problems.push({
          span: { start: token.start, end: token.end },
          severity: 'error',
          code: 'template-unbalanced-brackets',
          message: top
            ? `'${token.value}' does not match the '${top.open.value}' it closes: expected '${PAIRS[top.open.value]}'.`
            : `'${token.value}' has no matching opening bracket.`,
        });
        if (top) top.mismatched = true;
        return;
      }
      stack.pop();
      if (!top.call) return;
      const call = top.call;
      call.args = withoutTrailingEmpty(top.args);
      call.span.end = token.end;
      calls.push(call);
      append(call);
      return;
    }
    if (token.value === ',' && stack.length > 0) {
      stack[stack.length - 1].args.push([]);
      return;
    }
    append(token);
  });
  if (reportUnclosed) {
    for (const group of stack.filter((open) => !open.mismatched)) {
      problems.push({
        span: { start: group.open.start, end: group.open.end },
        severity: 'error',
        code: 'template-unbalanced-brackets',
        message: `'${group.open.value}' is not closed: add '${PAIRS[group.open.value]}'.`,
      });
    }
  }
  return calls;
}

/** `f()` has no arguments and `f(a,)` has one, as in Python. */
function withoutTrailingEmpty(args: Argument[]): Argument[] {
  return args.length > 0 && args[args.length - 1].length === 0 ? args.slice(0, -1) : args;
}

function unclosed(span: Span, opener: string, closer: string, what: string): Problem {
  return {
    span,
    severity: 'error',
    code: 'template-unclosed',
    message: `This ${what} template is not closed: '${opener}' needs a matching '${closer}'.`,
  };
}

/** Index of the closing quote, or -1 when the line ends first. Backslash escapes as in Jinja. */
function findQuoteEnd(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === quote) return i;
    else if (ch === '\n') return -1;
  }
  return -1;
}

/** Where the line holding `from` ends, before its `\n` or `\r\n`. */
export function lineEnd(text: string, from: number): number {
  return endBefore(text, from, text.indexOf('\n', from));
}

/** `lineEnd` for many offsets of one text, reusing the newline found last for offsets on its line. */
function lineEnds(text: string): (from: number) => number {
  const newlineAfter = occurrences(text, '\n');
  return (from) => endBefore(text, from, newlineAfter(from));
}

function endBefore(text: string, from: number, newline: number): number {
  const end = newline < 0 ? text.length : newline;
  return end > from && text[end - 1] === '\r' ? end - 1 : end;
}

/** `text.indexOf(needle, from)` for many offsets, reusing the last result for every offset up to it. */
export function occurrences(text: string, needle: string): (from: number) => number {
  let searchedFrom = Infinity;
  let found = -1;
  return (from) => {
    if (from < searchedFrom || (found >= 0 && from > found)) {
      searchedFrom = from;
      found = text.indexOf(needle, from);
    }
    return found;
  };
}

function scanWhile(text: string, from: number, accept: (ch: string) => boolean): number {
  let i = from;
  while (i < text.length && accept(text[i])) i++;
  return i;
}

function isNameStart(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_';
}

function isNamePart(ch: string): boolean {
  return isNameStart(ch) || isDigit(ch);
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

function isNumberPart(ch: string): boolean {
  return isDigit(ch) || ch === '.' || ch === '_';
}
