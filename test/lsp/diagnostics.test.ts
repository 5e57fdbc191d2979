/**
 * The real language server over LSP: the diagnostics it publishes, the quick fixes it offers, how
 * it follows edits, and that it keeps answering after nasty files.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, Diagnostic, DiagnosticSeverity, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { ServerUnderTest, startServer } from '../support/lspClient';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/lsp');
/** Long enough for a loaded machine; a server that hangs fails the test instead of stalling it. */
const ANSWER_BOUND_MS = 10_000;

let server: ServerUnderTest;
let home: string;

before(async () => {
  // An empty home and no AWS settings: the offline checks only, whatever the machine has configured.
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-secret-refs-lsp-'));
  const env = { PATH: process.env.PATH, HOME: home, USERPROFILE: home, AWS_EC2_METADATA_DISABLED: 'true' };
  server = await startServer({ env, initializationOptions: { workspaceTrusted: false } });
});

after(async () => {
  await server.stop();
  fs.rmSync(home, { recursive: true, force: true });
});

function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

function uriOf(name: string): string {
  return `file:///workspace/${name}`;
}

/** Opens a document and waits for its first diagnostics. */
async function open(name: string, text: string): Promise<{ uri: string; document: TextDocument; diagnostics: Diagnostic[] }> {
  const uri = uriOf(name);
  server.open(uri, text);
  const diagnostics = await server.diagnostics(uri, (params) => params.version === 1);
  return { uri, document: TextDocument.create(uri, 'yaml', 1, text), diagnostics };
}

function withinBound<T>(promise: Thenable<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ANSWER_BOUND_MS} ms`)), ANSWER_BOUND_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function codeActions(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return withinBound(
    server.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    }),
    'codeAction',
  );
}

/** `part` within the first occurrence of `context` in the text. */
function rangeOf(document: TextDocument, context: string, part = context) {
  const at = document.getText().indexOf(context);
  assert.ok(at >= 0, `fixture holds ${context}`);
  const start = at + context.indexOf(part);
  return { start: document.positionAt(start), end: document.positionAt(start + part.length) };
}

const { Error: ERROR, Warning: WARNING, Information: INFORMATION } = DiagnosticSeverity;

/** io_config.yaml: each expected diagnostic, and the text its first quick fix puts in place of `part`. */
const IO_CONFIG: { code: string; severity: DiagnosticSeverity; context: string; part?: string; message: string; fix?: string }[] = [
  { code: 'arn-region', severity: ERROR, context: 'us-westt-2', message: "Did you mean 'us-west-2'?", fix: 'us-west-2' },
  {
    code: 'call-unknown-function',
    severity: ERROR,
    context: 'aws_secrets_var',
    message: "Did you mean 'aws_secret_var'?",
    fix: 'aws_secret_var',
  },
  { code: 'call-dynamic-id', severity: INFORMATION, context: "env_var('STAGE') ~ '/db'", message: 'cannot be checked here' },
  {
    code: 'yaml-unquoted-template',
    severity: WARNING,
    context: "{{ aws_secret_var('dev/password') }}",
    message: 'Put the value in quotes',
    fix: `"{{ aws_secret_var('dev/password') }}"`,
  },
  { code: 'call-bare-identifier', severity: ERROR, context: 'dev_user', message: "'dev_user' is a variable", fix: "'dev_user'" },
  {
    code: 'reference-in-comment',
    severity: WARNING,
    context: "{{ aws_secret_var('dev/old-token') }}",
    message: 'Jinja comment',
    fix: "{# aws_secret_var('dev/old-token') #}",
  },
  { code: 'arn-account', severity: ERROR, context: 'us-east-1:12345678901:', part: '12345678901', message: 'must be 12 digits' },
];

test('io_config.yaml: the exact diagnostics, with their version and source', async () => {
  const { document, diagnostics } = await open('io_config.yaml', fixture('io_config.yaml'));
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.severity, d.range, d.source]),
    IO_CONFIG.map((e) => [e.code, e.severity, rangeOf(document, e.context, e.part), 'aws-secret-refs']),
  );
  IO_CONFIG.forEach((expected, i) =>
    assert.ok(diagnostics[i].message.includes(expected.message), `${expected.code}: ${diagnostics[i].message}`),
  );
});

test('io_config.yaml: each quick fix, applied, gives the expected text', async () => {
  const uri = uriOf('io_config.yaml');
  const text = fixture('io_config.yaml');
  const document = TextDocument.create(uri, 'yaml', 1, text);
  const diagnostics = await server.diagnostics(uri, (params) => params.version === 1);
  for (const [i, expected] of IO_CONFIG.entries()) {
    const actions = await codeActions(uri, diagnostics[i]);
    if (!expected.fix) {
      assert.deepEqual(actions, [], expected.code);
      continue;
    }
    const [action] = actions;
    assert.equal(action.kind, 'quickfix');
    assert.deepEqual(action.diagnostics, [diagnostics[i]]);
    const [change] = action.edit!.documentChanges as TextDocumentEdit[];
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    const range = rangeOf(document, expected.context, expected.part);
    const expectedText = text.slice(0, document.offsetAt(range.start)) + expected.fix + text.slice(document.offsetAt(range.end));
    assert.equal(TextDocument.applyEdits(document, change.edits), expectedText, expected.code);
  }
});

test('diagnostics follow edits: never an older version after a newer one, and the last one matches the last text', async () => {
  // Version n has n calls without an argument, hence n errors.
  const textOf = (n: number) => Array.from({ length: n }, (_, i) => `K${i}: "{{ aws_secret_var() }}"`).join('\n');
  const uri = uriOf('edits.yaml');
  server.open(uri, textOf(1));
  await server.diagnostics(uri, (params) => params.version === 1);
  const last = 12;
  for (let version = 2; version <= last; version++) server.change(uri, version, textOf(version));
  const diagnostics = await server.diagnostics(uri, (params) => params.version === last);
  assert.equal(diagnostics.length, last);
  // Whatever an older validation still had in flight would show up now.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const published = server.published.filter((params) => params.uri === uri);
  const versions = published.map((params) => params.version!);
  assert.deepEqual(
    versions,
    [...versions].sort((a, b) => a - b),
    `published in version order: ${versions}`,
  );
  assert.equal(versions.at(-1), last);
  for (const params of published) {
    assert.equal(params.diagnostics.length, params.version, `version ${params.version} has its own diagnostics`);
    assert.ok(params.diagnostics.every((d) => d.code === 'call-no-argument'));
  }
});

test('a quick fix of a diagnostic from an older version is versioned with that older version', async () => {
  const uri = uriOf('stale-fix.yaml');
  server.open(uri, `a: "{{ aws_secret_var(x) }}"`);
  const [stale] = await server.diagnostics(uri, (params) => params.version === 1);
  server.change(uri, 2, `# moved\na: "{{ aws_secret_var(x) }}"`);
  const [current] = await server.diagnostics(uri, (params) => params.version === 2);
  assert.equal(current.range.start.line, 1);
  const versionsOf = async (diagnostic: Diagnostic) =>
    (await codeActions(uri, diagnostic)).map((action) => (action.edit!.documentChanges![0] as TextDocumentEdit).textDocument.version);
  assert.deepEqual(await versionsOf(stale), [1]);
  assert.deepEqual(await versionsOf(current), [2]);
});

test('a template edited in one resource, then in another so that a reference goes past the quota: each time the diagnostics of the edited text opened afresh', async () => {
  const resource = (n: number) => [
    `  Function${n}:`,
    '    Type: AWS::Lambda::Function',
    '    Properties:',
    `      Password: '{{resolve:secretsmanager:prod/service-${n}}}'`,
  ];
  const text = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Resources:',
    ...Array.from({ length: 60 }, (_, n) => resource(n)).flat(),
    '',
  ].join('\n');
  const edits = [
    text.replace('prod/service-30}', 'prod/service-30:SecretBinary}'),
    text
      .replace('prod/service-30}', 'prod/service-30:SecretBinary}')
      .replace(
        "      Password: '{{resolve:secretsmanager:prod/service-59}}'",
        "      Password: '{{resolve:secretsmanager:prod/service-59}}'\n      Token: '{{resolve:ssm:/token}}'\n      Key: '{{resolve:secretsmanager:prod/key}}'",
      ),
  ];
  const uri = uriOf('edited/template.yaml');
  server.open(uri, text);
  await server.diagnostics(uri, (params) => params.version === 1);
  const shown = (diagnostics: Diagnostic[]) =>
    diagnostics.map(({ range, severity, code, message }) => ({ range, severity, code, message }));
  for (const [index, edited] of edits.entries()) {
    server.change(uri, index + 2, edited);
    const afterEdit = await server.diagnostics(uri, (params) => params.version === index + 2);
    const { diagnostics: opened } = await open(`fresh-${index}/template.yaml`, edited);
    assert.deepEqual(shown(afterEdit), shown(opened));
    assert.ok(afterEdit.some((diagnostic) => diagnostic.code === 'cfn-secret-string'));
  }
  // The second edit adds an SSM reference and a secret's after the 60th: the secret's is number 62, past the quota.
  const last = server.published.filter((params) => params.uri === uri).at(-1)!;
  const numbered = last.diagnostics.filter((diagnostic) => diagnostic.code === 'cfn-too-many-references');
  assert.deepEqual(
    numbered.map((diagnostic) => diagnostic.message.split(':')[0]),
    ['This is dynamic reference number 62'],
  );
});

test('closing a document clears its diagnostics', async () => {
  const uri = uriOf('closed.yaml');
  server.open(uri, `a: "{{ aws_secret_var() }}"`);
  assert.equal((await server.diagnostics(uri, (params) => params.version === 1)).length, 1);
  server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  const cleared = await server.diagnostics(uri, (params) => params.diagnostics.length === 0);
  assert.deepEqual(cleared, []);
});

/** After a nasty file the server still answers a request. */
async function assertStillAnswers(uri: string): Promise<void> {
  const actions = await codeActions(uri, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: '' });
  assert.deepEqual(actions, []);
}

test('broken YAML: only the template errors, then the server still answers', async () => {
  const { uri, document, diagnostics } = await open('broken.yaml', fixture('broken.yaml'));
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.severity, d.range]),
    [
      ['template-unclosed', ERROR, rangeOf(document, "{{ aws_secret_var('y'", '{{')],
      ['template-unclosed', ERROR, rangeOf(document, '{# ', '{#')],
    ],
  );
  await assertStillAnswers(uri);
});

test('an empty file: no diagnostics, then the server still answers', async () => {
  const { uri, diagnostics } = await open('empty.yaml', fixture('empty.yaml'));
  assert.deepEqual(diagnostics, []);
  await assertStillAnswers(uri);
});

test('a 5 MB file: its three errors, then the server still answers', async () => {
  const lines = ['default:', `  FIRST: "{{ aws_secret_var() }}"`];
  for (let i = 0; lines.length < 5_200; i++) {
    lines.push(`  KEY_${i}: "${'abcdefghij'.repeat(100)}"`);
    if (i === 2_500) lines.push(`  MIDDLE: "{{ aws_secret_var() }}"`);
  }
  lines.push(`  LAST: "{{ aws_secret_var() }}"`);
  const text = lines.join('\n');
  assert.ok(text.length > 5_000_000);
  const { uri, diagnostics } = await open('large.yaml', text);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.range.start.line]),
    [
      ['call-no-argument', 1],
      ['call-no-argument', lines.indexOf(`  MIDDLE: "{{ aws_secret_var() }}"`)],
      ['call-no-argument', lines.length - 1],
    ],
  );
  await assertStillAnswers(uri);
});

test('binary junk decoded as text: diagnostics inside the document, then the server still answers', async () => {
  // Deterministic bytes, with the characters templates and YAML care about mixed in.
  const bytes = Buffer.alloc(64 * 1024);
  let seed = 42;
  for (let i = 0; i < bytes.length; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    bytes[i] = seed % 7 === 0 ? '{}(\'"#:\n'.charCodeAt(seed % 8) : seed >> 16;
  }
  const text = `${bytes.toString('utf8')}\n{{ aws_secret_var( \u0000 }}`;
  const { uri, document, diagnostics } = await open('junk.yaml', text);
  const lineCount = document.lineCount;
  for (const { range } of diagnostics) {
    assert.ok(document.offsetAt(range.start) <= document.offsetAt(range.end));
    assert.ok(range.end.line < lineCount);
    assert.deepEqual(document.positionAt(document.offsetAt(range.end)), range.end, 'a position inside the text');
  }
  assert.ok(
    diagnostics.some((d) => d.code === 'template-unbalanced-brackets'),
    'the last line is read',
  );
  await assertStillAnswers(uri);
});

test('12 KB of `- ` on one line: one yaml-too-deep diagnostic, the other checks, and the same process answers', async () => {
  const pid = server.process.pid;
  const text = `${'- '.repeat(6_000)}\nKEY: "{{ aws_secret_var() }}"\n`;
  const { uri, diagnostics } = await open('deep.yaml', text);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.severity, d.range.start.line]),
    [
      ['yaml-too-deep', ERROR, 0],
      ['call-no-argument', ERROR, 1],
    ],
  );
  assert.match(diagnostics[0].message, /^This YAML is too deeply nested to check: /);
  await assertStillAnswers(uri);
  assert.equal(server.process.exitCode, null);
  assert.equal(server.process.pid, pid);
});

test('where a new reference can go: at a value, after a space, or on a new line (the column 1 of a key line)', async () => {
  const uri = uriOf('placement/io_config.yaml');
  server.open(uri, 'default:\n  POSTGRES_HOST: db.example.com\n  API_KEY:\n  TOKEN: \n');
  const placement = (line: number, character: number) =>
    server.connection.sendRequest('awsSecretRefs/valuePlacement', { uri, position: { line, character } });
  assert.equal(await placement(1, 0), 'newLine');
  assert.equal(await placement(0, 8), 'newLine');
  assert.equal(await placement(2, 10), 'afterSpace');
  assert.equal(await placement(3, 9), 'here');
});
