/**
 * Go's regular expressions as `regexp.Compile` reads them (regexp/syntax `parse.go`, Perl flags): the error Go reports
 * for a pattern it rejects, or the same match written for JavaScript. The translation is exact on secret names, which
 * are ASCII: character classes are cut to ASCII, case folding is Go's there (with ſ and K, which fold to s and k),
 * flags become classes and lookarounds. A pattern is not translated when it holds a Unicode class (`\pL`), whose tables
 * are Go's, or repeats a part that itself can match in more than one way, by a repetition or an alternation
 * (`(a+)+`, `(a?){20}`, `(a|b)*`): JavaScript backtracks on those and may take exponential time where Go takes linear.
 */

export type GoRegexp = { error: string } | { javaScript: string } | { notPreviewed: string };

/** Code point ranges, each [lo, hi]. */
type Ranges = [number, number][];

/** A part read, in JavaScript, with what Go's checks of repetitions need to know of it. */
interface Part {
  js: string;
  /** The least n for which Go's `repeatIsValid` holds: the product of the counts of the `{n,m}` inside. */
  counts: number;
  /** It can match in more than one way: a repetition of varying count or an alternation inside. */
  varies: boolean;
}

interface Flags {
  foldCase: boolean;
  multiLine: boolean;
  dotNL: boolean;
}

const MAX_REPEAT = 1000;
const MAX_RUNE = 0x10ffff;
const DIGIT: Ranges = [[0x30, 0x39]];
const WORD: Ranges = [...DIGIT, [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
/** `perl_groups.go`. */
const PERL: Record<string, Ranges> = {
  d: DIGIT,
  s: [
    [0x09, 0x0a],
    [0x0c, 0x0d],
    [0x20, 0x20],
  ],
  w: WORD,
};
const POSIX: Record<string, Ranges> = {
  alnum: [...DIGIT, [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  ascii: [[0, 0x7f]],
  blank: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  cntrl: [
    [0, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: DIGIT,
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
  upper: [[0x41, 0x5a]],
  word: WORD,
  xdigit: [...DIGIT, [0x41, 0x46], [0x61, 0x66]],
};
const ESCAPES: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
/** Go's `\A` and `\z`, and `^` and `$` without the m flag: JavaScript's without its m flag. */
const TEXT_START = '^';
const TEXT_END = '$';

class GoError extends Error {}

function fail(code: string, expr: string): never {
  throw new GoError(`${code}: \`${expr}\``);
}

export function readGoRegexp(pattern: string): GoRegexp {
  let pos = 0;
  let flags: Flags = { foldCase: false, multiLine: false, dotNL: false };
  let unicodeClasses = false;
  let backtracks = false;

  const codeAt = (): number => {
    const code = pattern.codePointAt(pos)!;
    pos += code > 0xffff ? 2 : 1;
    return code;
  };
  const part = (js: string): Part => ({ js, counts: 0, varies: false });
  /** Go folds a class under the i flag before it negates it; of what folds into ASCII, only ſ and K are not ASCII. */
  const folded = (ranges: Ranges, negated = false): Ranges => {
    const all = flags.foldCase ? [...ranges, ...ranges.flatMap(otherCase)] : ranges;
    return negated ? negate(all) : all;
  };
  const chars = (ranges: Ranges): Part => part(classJs(ranges));

  /** `\` and what follows, as one character (Go's `parseEscape`). */
  const escape = (): number => {
    const start = pos++;
    if (pos >= pattern.length) fail('trailing backslash at end of expression', '');
    const c = String.fromCodePoint(codeAt());
    const invalid = () => fail('invalid escape sequence', pattern.slice(start, pos));
    if (c < '\x80' && !/[0-9A-Za-z]/.test(c)) return c.codePointAt(0)!;
    if (/[0-7]/.test(c)) {
      // A lone digit other than 0 would be a backreference.
      if (c !== '0' && !/[0-7]/.test(pattern[pos] ?? '')) invalid();
      let value = Number(c);
      for (let digits = 1; digits < 3 && /[0-7]/.test(pattern[pos] ?? ''); digits++) value = value * 8 + Number(pattern[pos++]);
      return value;
    }
    if (c === 'x') {
      const hex = /^\{([0-9A-Fa-f]+)\}|^[0-9A-Fa-f]{2}/.exec(pattern.slice(pos));
      const value = hex ? parseInt(hex[1] ?? hex[0], 16) : Infinity;
      if (value <= MAX_RUNE) {
        pos += hex![0].length;
        return value;
      }
      // Go reads two characters, or up to the first that is no hex digit, before it fails.
      pos += (pattern[pos] === '{' ? /^\{[0-9A-Fa-f]*.?/s : /^.{0,2}/s).exec(pattern.slice(pos))![0].length;
      return invalid();
    }
    if (c in ESCAPES) return ESCAPES[c];
    return invalid();
  };

  /** `\p{Name}` or `\pL`: what Go surely rejects is reported; the others are Go's tables, not read here. */
  const unicodeClass = (): void => {
    const start = pos;
    pos += 2;
    let name = '';
    if (pattern[pos] === '{') {
      const end = pattern.indexOf('}', pos);
      if (end < 0) fail('invalid character class range', pattern.slice(start));
      name = pattern.slice(pos + 1, end);
      pos = end + 1;
    } else if (pos < pattern.length) {
      name = String.fromCodePoint(codeAt());
    }
    // One-letter names are the general categories; Go drops '_', '-' and ' ' from names.
    const bare = name.replace(/^\^/, '').replace(/[-_ ]/g, '');
    if (bare === '' || (name.length === 1 && !/^[CLMNPSZ]$/i.test(name))) fail('invalid character class range', pattern.slice(start, pos));
    unicodeClasses = true;
  };

  /** `[…]` (Go's `parseClass`). */
  const charClass = (): Ranges => {
    const start = pos++;
    const negated = pattern[pos] === '^';
    if (negated) pos++;
    const classChar = (): number => {
      if (pos >= pattern.length) fail('missing closing ]', pattern.slice(start));
      return pattern[pos] === '\\' ? escape() : codeAt();
    };
    const ranges: Ranges = [];
    // A ']' first is itself.
    for (let first = true; pos >= pattern.length || pattern[pos] !== ']' || first; first = false) {
      const end = pattern.startsWith('[:', pos) ? pattern.indexOf(':]', pos + 2) : -1;
      if (end >= 0) {
        const name = pattern.slice(pos, end + 2);
        const key = name.slice(2, -2).replace(/^\^/, '');
        if (!Object.hasOwn(POSIX, key)) fail('invalid character class range', name);
        ranges.push(...folded(POSIX[key], name[2] === '^'));
        pos = end + 2;
      } else if (/^\\[pP]/.test(pattern.slice(pos, pos + 2))) {
        unicodeClass();
      } else if (/^\\[dDsSwW]/.test(pattern.slice(pos, pos + 2))) {
        ranges.push(...perlClass(pattern[pos + 1]));
        pos += 2;
      } else {
        const rangeStart = pos;
        const lo = classChar();
        let hi = lo;
        if (pattern[pos] === '-' && pos + 1 < pattern.length && pattern[pos + 1] !== ']') {
          pos++;
          hi = classChar();
          if (hi < lo) fail('invalid character class range', pattern.slice(rangeStart, pos));
        }
        ranges.push(...folded([[lo, hi]]));
      }
    }
    pos++;
    return negated ? negate(ranges) : ranges;
  };
  const perlClass = (letter: string): Ranges => folded(PERL[letter.toLowerCase()], letter !== letter.toLowerCase());

  /** A group's contents, read with its flags, which end with it. */
  const groupBody = (inner: Flags): Part => {
    const outer = flags;
    flags = inner;
    const body = alternation();
    if (pos >= pattern.length) fail('missing closing )', pattern);
    pos++;
    flags = outer;
    return { ...body, js: `(?:${body.js})` };
  };

  /** `(`: a group (named or not; names do not change what matches), or flags (Go's `parsePerlFlags`). */
  const group = (): Part[] => {
    const start = pos;
    const nameStart = pattern.startsWith('(?P<', pos) ? 4 : pattern.startsWith('(?<', pos) ? 3 : 0;
    if (nameStart > 0 && pattern.length - pos > nameStart) {
      const end = pattern.indexOf('>', pos);
      if (end < 0) fail('invalid named capture', pattern.slice(pos));
      if (!/^[A-Za-z0-9_]+$/.test(pattern.slice(pos + nameStart, end))) fail('invalid named capture', pattern.slice(pos, end + 1));
      pos = end + 1;
      return [groupBody(flags)];
    }
    if (!pattern.startsWith('(?', pos)) {
      pos++;
      return [groupBody(flags)];
    }
    pos += 2;
    const set = { ...flags };
    let on = true;
    let sawFlag = false;
    for (;;) {
      const c = pattern[pos++];
      if (c === 'i' || c === 'm' || c === 's' || c === 'U') {
        // U makes repetitions lazy, which changes what a match spans, not whether there is one.
        if (c === 'i') set.foldCase = on;
        if (c === 'm') set.multiLine = on;
        if (c === 's') set.dotNL = on;
        sawFlag = true;
      } else if (c === '-' && on) {
        on = false;
        sawFlag = false;
      } else if ((c === ':' || c === ')') && (on || sawFlag)) {
        if (c === ':') return [groupBody(set)];
        flags = set;
        return [];
      } else {
        fail('invalid or unsupported Perl syntax', pattern.slice(start, Math.min(pos, pattern.length)));
      }
    }
  };

  /** What one step of Go's parse loop adds to the concatenation: no part for flags or an empty `\Q\E`. */
  const atom = (): Part[] => {
    const c = pattern[pos];
    if (c === '(') return group();
    if (c === '[') return [chars(charClass())];
    if (c === '.' || c === '^' || c === '$') {
      pos++;
      if (c === '.') return [chars(flags.dotNL ? [[0, MAX_RUNE]] : negate([[0x0a, 0x0a]]))];
      if (c === '^') return [part(flags.multiLine ? '(?<![^\\n])' : TEXT_START)];
      return [part(flags.multiLine ? '(?![^\\n])' : TEXT_END)];
    }
    if (c !== '\\') {
      const code = codeAt();
      return [chars(folded([[code, code]]))];
    }
    const next = pattern[pos + 1];
    if (next === 'A' || next === 'z' || next === 'b' || next === 'B') {
      pos += 2;
      return [part(next === 'A' ? TEXT_START : next === 'z' ? TEXT_END : `\\${next}`)];
    }
    if (next === 'C') fail('invalid escape sequence', '\\C');
    if (next === 'Q') {
      const end = pattern.indexOf('\\E', pos + 2);
      const literal = pattern.slice(pos + 2, end < 0 ? undefined : end);
      pos = end < 0 ? pattern.length : end + 2;
      return [...literal].map((char) => chars(folded([[char.codePointAt(0)!, char.codePointAt(0)!]])));
    }
    if (next === 'p' || next === 'P') {
      unicodeClass();
      return [part('')];
    }
    if (next && 'dDsSwW'.includes(next)) {
      pos += 2;
      return [chars(perlClass(next))];
    }
    const code = escape();
    return [chars(folded([[code, code]]))];
  };

  /** `*`, `+`, `?` or `{n,m}` (with a `?` after it), when one is at `pos`; a `{` that is no repetition is itself. */
  const repetition = (): { min: number; max: number; braces: boolean } | undefined => {
    const start = pos;
    let min: number;
    let max: number;
    const c = pattern[pos];
    if (c === '*' || c === '+' || c === '?') {
      [min, max] = c === '*' ? [0, -1] : c === '+' ? [1, -1] : [0, 1];
      pos++;
    } else {
      // Go's parseRepeat: {n}, {n,} or {n,m}, with no leading zeros.
      const braces = /^\{(0|[1-9][0-9]*)(,(0|[1-9][0-9]*)?)?\}/.exec(pattern.slice(pos));
      if (!braces) return undefined;
      min = Number(braces[1]);
      max = braces[2] === undefined ? min : braces[3] === undefined ? -1 : Number(braces[3]);
      pos += braces[0].length;
      if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) fail('invalid repeat count', pattern.slice(start, pos));
    }
    if (pattern[pos] === '?') pos++;
    return { min, max, braces: c === '{' };
  };

  /** Alternatives up to a `)` or the end (Go's parse loop, `parseVerticalBar`). */
  const alternation = (): Part => {
    const branches: Part[][] = [[]];
    let lastRepeat = -1;
    while (pos < pattern.length && pattern[pos] !== ')') {
      const items = branches[branches.length - 1];
      const start = pos;
      if (pattern[pos] === '|') {
        pos++;
        branches.push([]);
        lastRepeat = -1;
        continue;
      }
      const repeat = repetition();
      if (!repeat) {
        items.push(...atom());
        lastRepeat = -1;
        continue;
      }
      if (lastRepeat >= 0) fail('invalid nested repetition operator', pattern.slice(lastRepeat, pos));
      const sub = items.pop() ?? fail('missing argument to repetition operator', pattern.slice(start, pos));
      const { min, max, braces } = repeat;
      const count = max < 0 ? min : max;
      const counts = braces && count > 0 ? Math.max(count, count * sub.counts) : braces ? 0 : sub.counts;
      if (braces && (min >= 2 || max >= 2) && counts > MAX_REPEAT) fail('invalid repeat count', pattern.slice(start, pos));
      if ((max < 0 || max > 1) && sub.varies) backtracks = true;
      items.push({
        js: `(?:${sub.js}){${min},${max < 0 ? '' : max}}`,
        counts,
        varies: sub.varies || min !== max,
      });
      lastRepeat = start;
    }
    const parts = branches.map((items) => ({
      js: items.map((item) => item.js).join(''),
      counts: Math.max(0, ...items.map((item) => item.counts)),
      varies: items.some((item) => item.varies),
    }));
    if (parts.length === 1) return parts[0];
    return {
      js: parts.map((branch) => branch.js).join('|'),
      counts: Math.max(...parts.map((branch) => branch.counts)),
      varies: true,
    };
  };

  try {
    const whole = alternation();
    if (pos < pattern.length) fail('unexpected )', pattern);
    if (unicodeClasses) return { notPreviewed: "it holds a Unicode class (\\p), whose tables are Go's" };
    if (backtracks)
      return { notPreviewed: 'it repeats a part that itself repeats or alternates, which JavaScript may take exponential time to run' };
    return { javaScript: whole.js };
  } catch (error) {
    if (error instanceof GoError) return { error: error.message };
    throw error;
  }
}

/** The other case of the ASCII letters in `[lo, hi]`, and s and k for ſ and K. */
function otherCase([lo, hi]: [number, number]): Ranges {
  const out: Ranges = [];
  for (const [from, to, shift] of [
    [0x41, 0x5a, 0x20],
    [0x61, 0x7a, -0x20],
  ]) {
    if (Math.max(lo, from) <= Math.min(hi, to)) out.push([Math.max(lo, from) + shift, Math.min(hi, to) + shift]);
  }
  if (lo <= 0x17f && 0x17f <= hi) out.push([0x53, 0x53], [0x73, 0x73]);
  if (lo <= 0x212a && 0x212a <= hi) out.push([0x4b, 0x4b], [0x6b, 0x6b]);
  return out;
}

function negate(ranges: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_RUNE) out.push([next, MAX_RUNE]);
  return out;
}

/** The ASCII characters of `ranges` in JavaScript: one character, or a class (`[]` matches nothing). */
function classJs(ranges: Ranges): string {
  const hex = (code: number) => `\\x${code.toString(16).padStart(2, '0')}`;
  const ascii = ranges.filter(([lo]) => lo <= 0x7f).map(([lo, hi]): [number, number] => [lo, Math.min(hi, 0x7f)]);
  if (ascii.length === 1 && ascii[0][0] === ascii[0][1]) return hex(ascii[0][0]);
  return `[${ascii.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`)).join('')}]`;
}
