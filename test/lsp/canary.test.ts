/**
 * Secret values never leave the server except in the one confirmed reveal: secrets holding a unique
 * canary go through every feature, then the canary is looked for in everything the server wrote
 * (every message and stderr) and in its home and temp folders.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeAction, CompletionList, Diagnostic, Hover, MarkupContent, Trace } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { REGION, seedWith, startAccountServer, useMoto } from '../support/accountServer';

const CANARY = `CANARY-${randomUUID()}`;
const PLAIN = `pw-${CANARY}-end`;
const JSON_VALUE = JSON.stringify({ user: 'admin', db: { password: CANARY, hosts: ['h1'] } });

const DOCUMENT = [
  'default:',
  `  PLAIN: "{{ aws_secret_var('canary/plain') }}"`,
  `  JSON: "{{ aws_secret_var('canary/json') }}"`,
  `  PASSWORD: "{{ json_value(aws_secret_var('canary/json'), 'db.password') }}"`,
  `  TYPO: "{{ json_value(aws_secret_var('canary/json'), 'db.pasword') }}"`,
  `  MISSING: "{{ aws_secret_var('canary/plian') }}"`,
  '',
].join('\n');
const EDITED = `${DOCUMENT}dev:\n  ARN: "{{ aws_secret_var('ARN') }}"\n  HALF: "{{ json_value(aws_secret_var('canary/json'), '\n`;

describe('the canary never leaks', () => {
  const arns: Record<string, string> = {};
  const moto = useMoto(async (endpoint) => {
    Object.assign(
      arns,
      await seedWith(endpoint, [
        { Name: 'canary/plain', SecretString: PLAIN },
        { Name: 'canary/json', SecretString: JSON_VALUE },
      ]),
    );
  });

  test('through every feature, and only the confirmed reveal carries the value', async () => {
    const server = await startAccountServer({ endpoint: moto().endpoint });
    const sentIds = new Map<string, string>();
    server.connection.trace(Trace.Messages, {
      log: (message: string) => {
        const sent = /^Sending request '(.+) - \((\d+)\)'/.exec(message);
        if (sent) sentIds.set(sent[1], sent[2]);
      },
    });
    const uri = 'file:///workspace/io_config.yaml';
    try {
      server.open(uri, DOCUMENT);
      await server.state('ready');
      const text = EDITED.replace(`'ARN'`, `'${arns['canary/plain']}'`);
      server.change(uri, 2, text);
      await server.diagnostics(uri, (params) => params.version === 2);

      await everyFeature(text, true);
      const refreshed: { status: string } = await server.connection.sendRequest('awsSecretRefs/refreshSecretList');
      assert.equal(refreshed.status, 'ready');
      for (const settings of [{ region: 'us-west-2' }, { region: REGION, hover: { revealTrailingCharacters: 4 } }]) {
        const since = server.notifications.length;
        server.setSettings({ endpoint: moto().endpoint, ...settings });
        server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
        await server.state('ready', since);
        await everyFeature(text, settings.region === REGION);
      }

      const refused = await server.connection.sendRequest('awsSecretRefs/revealValue', { secretId: 'canary/plain', confirmed: false });
      assert.deepEqual(refused, { ok: false, message: 'A value is revealed only after you confirm.' });
      assert.equal(occurrences(server.transcript.join('')), 0, 'nothing carried the canary before the confirmed reveal');

      const revealed = await server.connection.sendRequest('awsSecretRefs/revealValue', { secretId: 'canary/plain', confirmed: true });
      assert.deepEqual(revealed, { ok: true, kind: 'string', text: PLAIN });
    } finally {
      await server.stop(true);
    }
    try {
      const raw = server.transcript.join('');
      const id = Number(sentIds.get('awsSecretRefs/revealValue'));
      const response = raw
        .split(/Content-Length: \d+\r\n\r\n/)
        .find((body) => body.startsWith('{') && parsesTo(body, { jsonrpc: '2.0', id, result: { ok: true, kind: 'string', text: PLAIN } }));
      assert.ok(response, 'the reveal response is in the transcript');
      assert.equal(occurrences(raw), 1);
      assert.equal(occurrences(raw.replace(response, '')), 0);
      assert.ok(
        raw.includes("Revealed the value of secret 'canary/plain' after confirmation."),
        'the log has an audit line, without the value',
      );
      assert.deepEqual(filesContaining(server.home, CANARY), []);
    } finally {
      fs.rmSync(server.home, { recursive: true, force: true });
    }

    /** Completion and hover at every position, JSON keys until fetched, and every code action. */
    async function everyFeature(current: string, keysListed: boolean): Promise<void> {
      const document = TextDocument.create(uri, 'yaml', 2, current);
      const positions = current
        .split('\n')
        .flatMap((line, number) => Array.from({ length: line.length + 1 }, (_, character) => ({ line: number, character })));
      const keysAt = document.positionAt(current.length - 1);
      for (let attempt = 0; attempt < 100; attempt++) {
        const keys: CompletionList = await server.connection.sendRequest('textDocument/completion', {
          textDocument: { uri },
          position: keysAt,
        });
        if (!keys.isIncomplete) {
          assert.equal(
            keys.items.some((item) => item.label === 'db.password'),
            keysListed,
          );
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const hovers = await Promise.all(
        positions.map((position) => {
          void server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position });
          return server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
        }),
      );
      const previews = hovers.filter((hover) => (hover?.contents as MarkupContent | undefined)?.value.includes('Value: `••••••••'));
      assert.equal(previews.length > 0, keysListed, 'values were read and masked');
      const diagnostics: Diagnostic[] = server.published.filter((params) => params.uri === uri).at(-1)!.diagnostics;
      const actions: CodeAction[] = await server.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: document.positionAt(current.length) },
        context: { diagnostics },
      });
      // In a region without secrets nothing is reported missing, so no fix is offered.
      assert.equal(actions.length > 0, keysListed);
    }
  });
});

function occurrences(text: string): number {
  return text.split(CANARY).length - 1;
}

function parsesTo(body: string, expected: unknown): boolean {
  try {
    assert.deepEqual(JSON.parse(body), expected);
    return true;
  } catch {
    return false;
  }
}

/** The files under `dir` whose bytes contain `text`. */
function filesContaining(dir: string, text: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .filter((file) => fs.readFileSync(file).includes(text));
}
