import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSecretIdLength, checkSecretName, endsWithArnSuffix } from '../../shared/names';

/** [code, severity, start, end] of each issue. */
type Row = [name: string, issues: [string, string, number, number][]];

const ALLOWED_ROWS: Row[] = [
  ['a', []],
  ['Z', []],
  ['0', []],
  ['prod/postgres/password', []],
  ['API_KEY', []],
  ['database_config', []],
  ['a/b_c+d=e.f@g-h', []],
  ...[...'/_+=.@-'].map((char): Row => [char, []]),
  ...[...'/_+=.@-'].map((char): Row => [`before${char}after`, []]),
  ['x'.repeat(512), []],
  ['ABCdef0123456789', []],
  // Near the -XXXXXX trap but not in it.
  ['name-a1B2c', []],
  ['name-a1B2c3d', []],
  ['name_a1B2c3', []],
  ['name-a1_2c3', []],
  ['name-a1.2c3', []],
];

const REJECTED_ROWS: Row[] = [
  ['', [['secret-name', 'error', 0, 0]]],
  ['my secret', [['secret-name', 'error', 2, 3]]],
  [' leading', [['secret-name', 'error', 0, 1]]],
  ['trailing ', [['secret-name', 'error', 8, 9]]],
  [
    'a b c',
    [
      ['secret-name', 'error', 1, 2],
      ['secret-name', 'error', 3, 4],
    ],
  ],
  ['two  spaces', [['secret-name', 'error', 3, 5]]],
  ['héllo', [['secret-name', 'error', 1, 2]]],
  ['key🔑', [['secret-name', 'error', 3, 5]]],
  ['日本', [['secret-name', 'error', 0, 2]]],
  ['a:b', [['secret-name', 'error', 1, 2]]],
  ['a\tb', [['secret-name', 'error', 1, 2]]],
  ['a\nb', [['secret-name', 'error', 1, 2]]],
  [
    'a*b?c',
    [
      ['secret-name', 'error', 1, 2],
      ['secret-name', 'error', 3, 4],
    ],
  ],
  [
    'a,b;c#d%e',
    [
      ['secret-name', 'error', 1, 2],
      ['secret-name', 'error', 3, 4],
      ['secret-name', 'error', 5, 6],
      ['secret-name', 'error', 7, 8],
    ],
  ],
  ["it's", [['secret-name', 'error', 2, 3]]],
  ['x'.repeat(513), [['secret-name', 'error', 512, 513]]],
  ['x'.repeat(1000), [['secret-name', 'error', 512, 1000]]],
  ['prod-db-pass12', [['secret-name-suffix', 'warning', 7, 14]]],
  ['name-a1B2c3', [['secret-name-suffix', 'warning', 4, 11]]],
  ['-abcdef', [['secret-name-suffix', 'warning', 0, 7]]],
  [
    'my key-abcdef',
    [
      ['secret-name', 'error', 2, 3],
      ['secret-name-suffix', 'warning', 6, 13],
    ],
  ],
  [
    'x'.repeat(600) + '-abc123',
    [
      ['secret-name', 'error', 512, 607],
      ['secret-name-suffix', 'warning', 600, 607],
    ],
  ],
];

test('accepted secret names', () => {
  for (const [name, expected] of ALLOWED_ROWS) assert.deepEqual(checkSecretName(name), expected, name);
});

test('rejected secret names: exact codes, severities and offsets', () => {
  for (const [name, expected] of REJECTED_ROWS) {
    const actual = checkSecretName(name).map((i) => [i.code, i.severity, i.start, i.end]);
    assert.deepEqual(actual, expected, JSON.stringify(name));
  }
});

test('secret name messages', () => {
  const message = (name: string) => checkSecretName(name).map((i) => i.message);
  assert.deepEqual(message(''), ['Secret name is empty; expected 1 to 512 ASCII letters, digits and / _ + = . @ - !.']);
  assert.deepEqual(message('my secret'), ["Secret names can't contain space; allowed are ASCII letters, digits and / _ + = . @ - !."]);
  assert.deepEqual(message('a\tb'), ["Secret names can't contain U+0009; allowed are ASCII letters, digits and / _ + = . @ - !."]);
  assert.deepEqual(message('a\u200bb'), ["Secret names can't contain U+200B; allowed are ASCII letters, digits and / _ + = . @ - !."]);
  assert.deepEqual(message('ké y'), ["Secret names can't contain 'é', space; allowed are ASCII letters, digits and / _ + = . @ - !."]);
  assert.deepEqual(message('a🔑'), ["Secret names can't contain '🔑'; allowed are ASCII letters, digits and / _ + = . @ - !."]);
  assert.deepEqual(message('é'.repeat(3) + 'àâäçè'), [
    "Secret names can't contain 'é', 'à', 'â', 'ä', 'ç', …; allowed are ASCII letters, digits and / _ + = . @ - !.",
  ]);
  assert.deepEqual(message('x'.repeat(513)), ['Secret name is 513 characters long; the maximum is 512.']);
  assert.deepEqual(message('prod-db-pass12'), [
    "Secret name ends in a hyphen and six characters ('-pass12'), so a partial ARN of it is read as a full ARN; AWS advises against such names.",
  ]);
});

test("'!' is allowed: AWS services name the secrets they manage with it", () => {
  for (const name of [
    'rds!cluster-3f2a8c1e-5b7d-4e2a-9c3f-1a2b3c4d5e6f',
    'events!connection/my-api/5f4b1d2e-3c6a-4b8e-9d0f-1a2b3c4d5e6f',
    '!',
    'a!b',
  ]) {
    assert.deepEqual(checkSecretName(name), [], name);
  }
});

test('wildcards: allowed in the name pattern of an IAM policy, not in a name', () => {
  const rows: [name: string, wildcards: boolean, issues: [string, number, number][]][] = [
    ['prod/*', true, []],
    ['MySecret-??????', true, []],
    ['events!connection/*', true, []],
    ['*', true, []],
    ['prod/*', false, [['secret-name', 5, 6]]],
    ['MySecret-??????', false, [['secret-name', 9, 15]]],
    ['my *', true, [['secret-name', 2, 3]]],
    ['', true, [['secret-name', 0, 0]]],
  ];
  for (const [name, wildcards, expected] of rows) {
    assert.deepEqual(
      checkSecretName(name, wildcards).map((i) => [i.code, i.start, i.end]),
      expected,
      `${name} ${wildcards}`,
    );
  }
});

test('many runs of invalid characters are reported up to a limit', () => {
  const issues = checkSecretName('a '.repeat(50));
  assert.equal(issues.length, 10);
  assert.deepEqual(
    issues.slice(0, 2).map((i) => [i.start, i.end]),
    [
      [1, 2],
      [3, 4],
    ],
  );
});

test('a huge name is checked quickly', () => {
  const started = Date.now();
  const issues = checkSecretName('é'.repeat(1_000_000));
  assert.ok(Date.now() - started < 2000);
  assert.deepEqual(
    issues.map((i) => [i.code, i.start, i.end]),
    [
      ['secret-name', 0, 1_000_000],
      ['secret-name', 512, 1_000_000],
    ],
  );
});

test('endsWithArnSuffix', () => {
  const rows: [string, boolean][] = [
    ['name-a1B2c3', true],
    ['-abcdef', true],
    ['a-123456', true],
    ['abcdef', false],
    ['a-12345', false],
    ['a-1234567', false],
    ['a_123456', false],
    ['a-12345é', false],
    ['', false],
  ];
  for (const [text, expected] of rows) assert.equal(endsWithArnSuffix(text), expected, text);
});

test('checkSecretIdLength: 1 to 2048 characters', () => {
  assert.equal(checkSecretIdLength('x'), undefined);
  assert.equal(checkSecretIdLength('x'.repeat(2048)), undefined);
  assert.deepEqual(checkSecretIdLength(''), {
    code: 'secret-id-length',
    severity: 'error',
    message: 'Secret ID is empty; expected a secret name or ARN.',
    start: 0,
    end: 0,
  });
  assert.deepEqual(checkSecretIdLength('x'.repeat(2050)), {
    code: 'secret-id-length',
    severity: 'error',
    message: 'Secret ID is 2050 characters long; the maximum is 2048.',
    start: 2048,
    end: 2050,
  });
});
