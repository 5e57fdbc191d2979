/**
 * Searches of the account's secrets as the readers make them. External Secrets' `find` (provider
 * `providers/v1/aws/secretsmanager/secretsmanager.go`, `runtime/find/find.go`): `path` is ListSecrets' name
 * filter, tags are its tag-key and tag-value filters, and `name.regexp` is Go's `regexp.MatchString` on each name.
 * GitHub Actions' `prefix*` (`src/utils.ts`, `getSecretsWithPrefix`): the name filter, results kept as listed.
 * ListSecrets' filters are prefix matches, case-sensitive (API reference, `Filter`); a value starting with '!' negates.
 * Go's regular expressions are read as `regexp/syntax` (`parse.go`) reads them: what it rejects is an error, the
 * rest is either run here in JavaScript or, when that cannot be done exactly and safely, not previewed.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SecretSummary } from '../../server/src/aws';
import { readGoRegexp } from '../../server/src/core/goRegexp';
import { analyze } from '../../server/src/dialects/analyze';
import { searchMatches } from '../../server/src/features/accountChecks';
import { externalSecret, secretStore, workflow } from '../support/manifests';

const secret = (name: string, tags?: Record<string, string>, deletedDate?: string): SecretSummary => ({
  name,
  arn: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-AbCdEf`,
  rotationEnabled: false,
  tags,
  deletedDate,
});

const SECRETS = [
  secret('dev/app-a', { team: 'payments' }),
  secret('dev/app-b', { team: 'search', owner: 'payments-lead' }),
  secret('Dev/app-c'),
  secret('prod/dev/app'),
  secret('dev-x', { Team: 'payments' }),
  secret('devops/y'),
  secret('dev/old', { team: 'payments' }, '2026-12-31'),
];

/** The names the only search of a document finds, or undefined when it is not previewed. */
function found(path: string, text: string): string[] | undefined {
  const searches = analyze(path, text).references.flatMap((reference) => (reference.prefixSearch ? [reference.prefixSearch] : []));
  assert.equal(searches.length, 1, text);
  return searchMatches(searches[0], SECRETS)?.map((match) => match.name);
}

const findIn = (find: string[]) =>
  [
    secretStore(['service: SecretsManager', 'region: us-east-1']),
    '---',
    externalSecret(['dataFrom:', '  - find:', ...find.map((line) => `      ${line}`)]),
  ].join('\n');

describe('External Secrets find', () => {
  /** Why, the lines under `find:`, and the names found (undefined: not previewed). */
  const rows: [string, string[], string[] | undefined][] = [
    [
      'path is a case-sensitive prefix of the name; the pattern keeps what it matches',
      ['path: dev/', 'name:', "  regexp: '^dev/app-'"],
      ['dev/app-a', 'dev/app-b'],
    ],
    [
      'MatchString is unanchored: a match anywhere in the name',
      ['name:', "  regexp: 'app'"],
      ['dev/app-a', 'dev/app-b', 'Dev/app-c', 'prod/dev/app'],
    ],
    ['^ anchors at the start, and case counts', ['name:', "  regexp: '^dev'"], ['dev/app-a', 'dev/app-b', 'dev-x', 'devops/y']],
    ['$ anchors at the end', ['name:', "  regexp: 'app$'"], ['prod/dev/app']],
    ['(?i) folds case', ['name:', "  regexp: '(?i)^dev/'"], ['dev/app-a', 'dev/app-b', 'Dev/app-c']],
    ['a POSIX class in a class', ['name:', "  regexp: '^[[:alpha:]]+/app'"], ['dev/app-a', 'dev/app-b', 'Dev/app-c']],
    ['\\Q…\\E quotes what it holds', ['name:', "  regexp: '\\Qdev/app-\\E'"], ['dev/app-a', 'dev/app-b']],
    [
      'tags: a tag key starts with the key (case counts) and a tag value, of any key, with the value',
      ['tags:', '  team: payments'],
      ['dev/app-a', 'dev/app-b'],
    ],
    ['tags match as prefixes', ['tags:', '  te: pay'], ['dev/app-a', 'dev/app-b']],
    ['path and tags together', ['path: dev/app-b', 'tags:', '  team: payments'], ['dev/app-b']],
    ['a pattern that matches nothing listed', ['name:', "  regexp: '^staging/'"], []],
    ['a secret scheduled for deletion is not listed', ['name:', "  regexp: 'old'"], []],
    ["a path starting with '!' is a negation filter: not previewed", ['path: "!dev"', 'name:', "  regexp: '.'"], undefined],
    ['a pattern JavaScript may backtrack on for long: not previewed', ['name:', "  regexp: '(a+)+$'"], undefined],
    ['a Unicode class: not previewed', ['name:', "  regexp: '^\\pL'"], undefined],
  ];
  for (const [why, find, expected] of rows) {
    test(why, () => assert.deepEqual(found('es.yaml', findIn(find)), expected));
  }
});

describe('GitHub Actions prefix', () => {
  test('the name filter is a case-sensitive prefix, and the action keeps every secret it lists', () => {
    assert.deepEqual(found('.github/workflows/ci.yml', workflow(['dev*'])), ['dev/app-a', 'dev/app-b', 'dev-x', 'devops/y']);
    assert.deepEqual(found('.github/workflows/ci.yml', workflow(['Dev*'])), ['Dev/app-c']);
  });
});

describe("Go's regular expressions", () => {
  /** A pattern Go compiles, why, names it matches and names it does not. */
  const valid: [string, string, string[], string[]][] = [
    ['\\Q(\\E', '\\Q…\\E quotes: "(" is itself (parse: case Q)', ['a(b'], ['ab']],
    ['(?i:DEV)/app', 'a flag group (parsePerlFlags)', ['dev/app', 'Dev/app'], ['dev/APP']],
    ['(?i)dev(?-i)/APP', 'flags set and cleared until the group ends', ['DEV/APP'], ['dev/app']],
    ['(?U)dev.+', 'U makes repetitions lazy', ['dev-x'], ['dev']],
    ['(?s)a.b', 'the s flag', ['a-b'], ['ab']],
    ['(?m)^dev$', 'the m flag', ['dev'], ['xdev']],
    ['[[:alpha:]]+-[[:digit:]]', 'POSIX classes (perl_groups.go posixGroup)', ['app-1'], ['app-x']],
    ['^[[:^alpha:]]+$', 'a negated POSIX class', ['123'], ['a1']],
    ['(?<env>dev)/(?P<rest>.+)', 'named groups, both forms (Go 1.22 and later)', ['dev/x'], ['dev/']],
    ['\\Adev\\z', '\\A and \\z: start and end of the text', ['dev'], ['xdev', 'devx']],
    ['^*dev', 'a repetition of ^ has an argument in Go (JavaScript rejects ^*)', ['dev'], ['de']],
    ['x{,3}', '{,n} is no repetition: the text itself (parseRepeat)', ['x{,3}'], ['xxx']],
    ['a{01}', 'a count with a leading zero is no repetition (parseInt)', ['a{01}'], ['a']],
    ['^a{1000}$', 'a count of 1000 is allowed (maxRepeat)', ['a'.repeat(1000)], ['a'.repeat(999)]],
    ['^(a{10}){100}$', 'nested counts whose product is 1000 (repeatIsValid)', ['a'.repeat(1000)], ['a'.repeat(990)]],
    ['^(ab){2,}(a|b)?$', 'a repeated part of fixed length, and a varying part not repeated, are run', ['ababa'], ['aba']],
    ['\\_\\x{41}\\101\\x41', 'escaped punctuation, hex and octal escapes (parseEscape)', ['_AAA'], ['_AA']],
    ['[]a]', '"]" first in a class is itself (parseClass)', [']', 'a'], ['b']],
    ['[^]a]', 'the same, negated', ['b'], [']', 'a']],
    ['[a-]', '"-" last in a class is itself', ['-'], ['b']],
    ['(?i)[^k]', 'folding before negation: K is not in the class either', ['j'], ['k', 'K']],
    ['(?i)ſ', 'ſ folds to s and S', ['s', 'S'], ['t']],
  ];
  for (const [pattern, why, matches, misses] of valid) {
    test(`${pattern}: valid, ${why}`, () => {
      const read = readGoRegexp(pattern);
      assert.ok('javaScript' in read, JSON.stringify(read));
      const regexp = new RegExp(read.javaScript);
      for (const name of matches) assert.ok(regexp.test(name), `${pattern} matches ${name}`);
      for (const name of misses) assert.ok(!regexp.test(name), `${pattern} does not match ${name}`);
    });
  }

  const notPreviewed: [string, string][] = [
    ['\\pL', 'a Unicode class: Go tables'],
    ['[\\p{Greek}\\d]', 'a Unicode class in a class'],
    ['\\PN', 'a negated one'],
    ['(a+)+', 'nested unbounded repetition'],
    ['(a*)*b', 'nested unbounded repetition'],
    ['(dev|prod)+', 'an alternation repeated without bound'],
    ['^(a?){25}a{25}$', 'a part of varying count repeated: 2^25 ways on a name of 25 a and a b'],
    ['(x(a|b)){2,}', 'an alternation inside a repeated part'],
  ];
  for (const [pattern, why] of notPreviewed) {
    test(`${pattern}: valid, not run here (${why})`, () => assert.ok('notPreviewed' in readGoRegexp(pattern)));
  }

  /** A pattern Go rejects, the error it gives, and why. */
  const invalid: [string, string, string][] = [
    ['dev-(*', 'missing argument to repetition operator: `*`', 'nothing to repeat after ('],
    ['(?=dev)', 'invalid or unsupported Perl syntax: `(?=`', 'no lookahead'],
    ['(?!dev)', 'invalid or unsupported Perl syntax: `(?!`', 'no negative lookahead'],
    ['(?<=a)b', 'invalid named capture: `(?<=a)b`', 'no lookbehind: read as a group name'],
    ['(dev)\\1', 'invalid escape sequence: `\\1`', 'no backreferences'],
    ['(?P<n>a)(?P=n)', 'invalid or unsupported Perl syntax: `(?P`', 'no named backreferences'],
    ['(?<1-a>x)', 'invalid named capture: `(?<1-a>`', 'a name is letters, digits and _'],
    ['a{1001}', 'invalid repeat count: `{1001}`', 'counts up to 1000'],
    ['(a{100}){11}', 'invalid repeat count: `{11}`', 'nested counts multiply'],
    ['a{2,1}', 'invalid repeat count: `{2,1}`', 'min above max'],
    ['a**', 'invalid nested repetition operator: `**`', 'repetitions do not stack'],
    ['(dev', 'missing closing ): `(dev`', 'unbalanced'],
    ['dev)', 'unexpected ): `dev)`', 'unbalanced'],
    ['[dev', 'missing closing ]: `[dev`', 'unclosed class'],
    ['\\8', 'invalid escape sequence: `\\8`', 'not octal'],
    ['\\Z', 'invalid escape sequence: `\\Z`', 'Go has \\z only'],
    ['\\C', 'invalid escape sequence: `\\C`', 'any byte: not supported'],
    ['\\xZ1', 'invalid escape sequence: `\\xZ1`', 'hex needs two digits'],
    ['\\x{}', 'invalid escape sequence: `\\x{}`', 'hex needs a digit'],
    ['[a-\\d]', 'invalid escape sequence: `\\d`', 'a range ends in a character'],
    ['[z-a]', 'invalid character class range: `z-a`', 'range out of order'],
    ['[[:alfa:]]', 'invalid character class range: `[:alfa:]`', 'unknown POSIX class'],
    ['[[:constructor:]]', 'invalid character class range: `[:constructor:]`', 'unknown POSIX class'],
    ['\\pX', 'invalid character class range: `\\pX`', 'no such category'],
    ['\\p{', 'invalid character class range: `\\p{`', 'unclosed name'],
    ['(?i-)', 'invalid or unsupported Perl syntax: `(?i-)`', 'a flag after -'],
    ['(?#note)', 'invalid or unsupported Perl syntax: `(?#`', 'no comments'],
    ['dev\\', 'trailing backslash at end of expression: ``', 'a lone backslash at the end'],
  ];
  for (const [pattern, error, why] of invalid) {
    test(`${pattern}: invalid, ${why}`, () => assert.deepEqual(readGoRegexp(pattern), { error }));
  }

  test('a pattern Go rejects is an error on its text; one it takes is none, run here or not', () => {
    const loud = (pattern: string) =>
      analyze('es.yaml', findIn(['name:', `  regexp: '${pattern}'`])).problems.filter((problem) => problem.code === 'eso-find-regexp');
    const [problem] = loud('(?=dev)');
    assert.match(problem.message, /^Go does not compile this regular expression \(invalid or unsupported Perl syntax: `\(\?=`\)/);
    for (const [pattern] of [...valid, ...notPreviewed]) assert.deepEqual(loud(pattern), [], pattern);
  });
});
