/**
 * The secret list of the account, through the real server against moto: when it loads, what it
 * reports missing, what it never calls missing (list unknown, restricted mode), and settings.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeAction, Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver-protocol';
import type { ProfileChoices, SecretListStateParams } from '../../shared/protocol';
import { ACCOUNT, AccountServer, REGION, seedRegion, STATE, startAccountServer, useMoto, withCode } from '../support/accountServer';
import { startFaultProxy } from '../support/faultProxy';
import { freePort, seedSecrets, startMoto } from '../support/moto';

const SECRETS = { 'prod/postgres/password': 'pw-1', database_config: '{"user":"u"}', API_KEY: 'key-1' };

/** A document with a present, a misspelled and an other-region reference, and a static error. */
const WEST_ARN = `arn:aws:secretsmanager:us-west-2:${ACCOUNT}:secret:west/only-AbCdEf`;
const DOCUMENT = [
  'default:',
  `  PASSWORD: "{{ aws_secret_var('prod/postgres/password') }}"`,
  `  TYPO: "{{ aws_secret_var('prod/postgres/pasword') }}"`,
  `  WEST: "{{ aws_secret_var('${WEST_ARN}') }}"`,
  `  EMPTY: "{{ aws_secret_var() }}"`,
  '',
].join('\n');
const TYPO_RANGE: Range = rangeOn(2, 'prod/postgres/pasword');

/** The range of `part` on line `line` of DOCUMENT. */
function rangeOn(line: number, part: string): Range {
  const character = DOCUMENT.split('\n')[line].indexOf(part);
  return { start: { line, character }, end: { line, character: character + part.length } };
}

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((diagnostic) => diagnostic.code);
const hasNotFound = (diagnostics: Diagnostic[]) => withCode(diagnostics, 'secret-not-found').length > 0;
const scopeOf = (endpoint: string, region = REGION) => `environment credentials · ${region} · ${endpoint}`;

describe('the account against moto', () => {
  const moto = useMoto((endpoint) => seedSecrets(endpoint, SECRETS));

  describe('a loaded list', () => {
    let server: AccountServer;
    const uri = 'file:///workspace/io_config.yaml';
    before(async () => {
      server = await startAccountServer({ endpoint: moto().endpoint });
    });
    after(() => server.stop());

    test('loads in the background once a document with references opens, not before', async () => {
      const first = await server.state('unknown');
      assert.deepEqual(first, {
        status: 'unknown',
        count: 0,
        profile: 'default',
        region: REGION,
        endpoint: moto().endpoint,
        credentials: 'environment credentials',
        scopeLabel: scopeOf(moto().endpoint),
      });
      await server.openAndCheck('file:///workspace/plain.yaml', 'a: 1\n');
      const statuses = server.notifications
        .filter((entry) => entry.method === STATE)
        .map((entry) => (entry.params as SecretListStateParams).status);
      assert.deepEqual([...new Set(statuses)], ['unknown'], 'a document without references loads nothing');
      server.open(uri, DOCUMENT);
      const ready = await server.state('ready');
      assert.equal(ready.count, 3);
      assert.equal(ready.account, ACCOUNT);
      assert.equal(ready.failure, undefined);
    });

    test('secret-not-found names the account and region, with did-you-mean, a "Change to" fix and a "Store new secret" command', async () => {
      const diagnostics = await server.diagnostics(uri, (params) => hasNotFound(params.diagnostics));
      const [notFound] = withCode(diagnostics, 'secret-not-found');
      assert.deepEqual(withCode(diagnostics, 'secret-not-found').length, 1);
      assert.equal(
        notFound.message,
        `Secret 'prod/postgres/pasword' not found. Did you mean 'prod/postgres/password'? Looked in account ${ACCOUNT} (${scopeOf(moto().endpoint)}).`,
      );
      assert.equal(notFound.severity, DiagnosticSeverity.Warning);
      assert.deepEqual(notFound.range, TYPO_RANGE);
      const actions: CodeAction[] = await server.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: notFound.range,
        context: { diagnostics: [notFound] },
      });
      assert.deepEqual(
        actions.map((action) => [action.title, action.isPreferred]),
        [
          ["Change to 'prod/postgres/password'", true],
          ["Store new secret 'prod/postgres/pasword'…", undefined],
        ],
      );
      assert.deepEqual(actions[0].edit!.documentChanges, [
        { textDocument: { uri, version: 1 }, edits: [{ range: TYPO_RANGE, newText: 'prod/postgres/password' }] },
      ]);
      assert.deepEqual(actions[1].command, {
        title: "Store new secret 'prod/postgres/pasword'…",
        command: 'awsSecretRefs.storeNewSecret',
        arguments: [{ uri, range: TYPO_RANGE, name: 'prod/postgres/pasword' }],
      });
    });

    test('an ARN in another region gets a note on its region, and is never called missing', async () => {
      const diagnostics = await server.diagnostics(uri, (params) => hasNotFound(params.diagnostics));
      assert.deepEqual(codes(diagnostics), ['call-no-argument', 'secret-not-found', 'arn-other-region']);
      const [note] = withCode(diagnostics, 'arn-other-region');
      const at = DOCUMENT.split('\n')[3].indexOf('us-west-2');
      assert.deepEqual(note.range, { start: { line: 3, character: at }, end: { line: 3, character: at + 'us-west-2'.length } });
      assert.equal(note.severity, DiagnosticSeverity.Information);
      assert.match(note.message, /^This secret is in us-west-2, but the configured region is us-east-1, so it was not checked\./);
    });

    test('a value is revealed only when confirmed is the boolean true', async () => {
      for (const confirmed of ['true', 'false', 1, {}, [true], null]) {
        const refused = await server.connection.sendRequest('awsSecretRefs/revealValue', { secretId: 'API_KEY', confirmed });
        assert.deepEqual(
          refused,
          { ok: false, message: 'A value is revealed only after you confirm.' },
          `confirmed: ${JSON.stringify(confirmed)}`,
        );
      }
      const revealed = await server.connection.sendRequest('awsSecretRefs/revealValue', { secretId: 'API_KEY', confirmed: true });
      assert.deepEqual(revealed, { ok: true, kind: 'string', text: SECRETS.API_KEY });
    });
  });

  describe('nothing is called missing while the list is unknown', () => {
    test('unreachable endpoint: error state with a clear message, static checks only; then moto comes up and a refresh loads it', async () => {
      const port = await freePort();
      const endpoint = `http://127.0.0.1:${port}`;
      const server = await startAccountServer({ endpoint });
      try {
        const uri = 'file:///workspace/unreachable.yaml';
        server.open(uri, DOCUMENT);
        const failed = await server.state('error');
        assert.deepEqual(failed.failure, {
          kind: 'unreachable',
          message: `Could not reach Secrets Manager at ${endpoint} (connection refused). Check awsSecretRefs.endpoint (or AWS_ENDPOINT_URL) and that the service there is running.`,
        });
        assert.deepEqual(codes(await server.diagnostics(uri)), ['call-no-argument']);
        assert.equal(server.everPublished(uri, 'secret-not-found'), false);

        const back = await startMoto(20_000, port);
        try {
          await seedSecrets(endpoint, { 'prod/postgres/password': 'pw-2' });
          const since = server.published.length;
          const state: SecretListStateParams = await server.connection.sendRequest('awsSecretRefs/refreshSecretList');
          assert.equal(state.status, 'ready');
          assert.equal(state.count, 1);
          const updated = await server.diagnosticsSince(uri, since, hasNotFound);
          assert.deepEqual(codes(updated), ['call-no-argument', 'secret-not-found', 'arn-other-region']);
        } finally {
          await back.stop();
        }
      } finally {
        await server.stop();
      }
    });

    test('no credentials: error state that says where it looked, and no secret-not-found', async () => {
      const server = await startAccountServer({ endpoint: moto().endpoint, env: {} });
      try {
        const uri = 'file:///workspace/no-credentials.yaml';
        server.open(uri, DOCUMENT);
        const failed = await server.state('error');
        assert.equal(failed.failure?.kind, 'no-credentials');
        assert.match(
          failed.failure!.message,
          /^No AWS credentials found\. Looked in AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY, profile 'default' in /,
        );
        assert.match(failed.failure!.message, /Set awsSecretRefs\.profile to a configured profile, or run `aws configure`\.$/);
        assert.deepEqual(codes(await server.diagnostics(uri)), ['call-no-argument']);
        assert.equal(server.everPublished(uri, 'secret-not-found'), false);
      } finally {
        await server.stop();
      }
    });
  });

  // moto does not fail on demand: the proxy resets the connections once the list has loaded.
  test('a failed reload keeps the last list: completion and secret-not-found stay, and the status says since when', async () => {
    const proxy = await startFaultProxy(moto().endpoint);
    const server = await startAccountServer({ endpoint: proxy.endpoint });
    try {
      const uri = 'file:///workspace/stale.yaml';
      server.open(uri, DOCUMENT);
      const ready = await server.state('ready');
      await server.diagnostics(uri, (params) => hasNotFound(params.diagnostics));

      proxy.intercept(() => 'reset');
      const since = server.published.length;
      const stale: SecretListStateParams = await server.connection.sendRequest('awsSecretRefs/refreshSecretList');
      assert.equal(stale.status, 'error');
      assert.equal(stale.count, 3);
      assert.equal(stale.loadedAt, ready.loadedAt);
      const loadedAt = new Date(ready.loadedAt!).toTimeString().slice(0, 5);
      assert.equal(
        stale.failure?.message,
        `Could not reach Secrets Manager at ${proxy.endpoint} (connection reset). Check awsSecretRefs.endpoint (or AWS_ENDPOINT_URL) and that the service there is running. ` +
          `Showing the list loaded at ${loadedAt}; retrying in the background.`,
      );

      const republished = await server.diagnosticsSince(uri, since);
      assert.deepEqual(codes(republished), ['call-no-argument', 'secret-not-found', 'arn-other-region'], 'the stale list still checks');
      const position = { line: 1, character: DOCUMENT.split('\n')[1].indexOf('prod/') };
      const completion: { items: { label: string }[] } = await server.connection.sendRequest('textDocument/completion', {
        textDocument: { uri },
        position,
      });
      assert.deepEqual(completion.items.map((item) => item.label).sort(), ['API_KEY', 'database_config', 'prod/postgres/password']);
    } finally {
      await server.stop();
      await proxy.stop();
    }
  });

  test('restricted mode: no AWS call at all, static checks still run; trusting the workspace loads the list', async () => {
    const proxy = await startFaultProxy(moto().endpoint);
    const server = await startAccountServer({ endpoint: proxy.endpoint, trusted: false });
    try {
      const uri = 'file:///workspace/untrusted.yaml';
      const diagnostics = await server.openAndCheck(uri, DOCUMENT);
      assert.deepEqual(codes(diagnostics), ['call-no-argument']);
      assert.equal((await server.state('untrusted')).count, 0);
      // Everything that could reach AWS, asked in restricted mode.
      const position = { line: 1, character: 35 };
      const hover: { contents: { value: string } } = await server.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position,
      });
      assert.match(hover.contents.value, /Restricted mode: trust this workspace to preview the secret\./);
      const completion: { isIncomplete: boolean; items: { label: string }[] } = await server.connection.sendRequest(
        'textDocument/completion',
        {
          textDocument: { uri },
          position,
        },
      );
      assert.deepEqual(
        completion.items.map((item) => item.label),
        ['Secret list unavailable: trust this workspace to let AWS be called'],
      );
      const reveal = await server.connection.sendRequest('awsSecretRefs/revealValue', { secretId: 'API_KEY', confirmed: true });
      assert.deepEqual(reveal, { ok: false, message: 'Trust this workspace first: no AWS call is made in restricted mode.' });
      const created = await server.connection.sendRequest('awsSecretRefs/createSecret', {
        name: 'x',
        value: 'y',
        clientRequestToken: 'a'.repeat(32),
      });
      assert.deepEqual(created, {
        ok: false,
        kind: 'untrusted',
        message: 'Trust this workspace first: no AWS call is made in restricted mode.',
      });
      const refreshed: SecretListStateParams = await server.connection.sendRequest('awsSecretRefs/refreshSecretList');
      assert.equal(refreshed.status, 'untrusted');
      assert.deepEqual(proxy.operations, [], 'no request reached the endpoint');

      const since = server.notifications.length;
      server.connection.sendNotification('awsSecretRefs/workspaceTrusted');
      assert.equal((await server.state('ready', since)).count, 3);
      assert.deepEqual(proxy.operations, ['ListSecrets']);
      const checked = await server.diagnostics(uri, (params) => hasNotFound(params.diagnostics));
      assert.deepEqual(codes(checked), ['call-no-argument', 'secret-not-found', 'arn-other-region']);
    } finally {
      await server.stop();
      await proxy.stop();
    }
  });

  test('a region without secrets still names the account, asked of STS', async () => {
    const endpoint = moto().endpoint;
    const server = await startAccountServer({ endpoint, settings: { endpoint, region: 'ap-south-2' } });
    try {
      server.open('file:///workspace/io_config.yaml', `A: "{{ aws_secret_var('any') }}"\n`);
      const ready = await server.state('ready');
      assert.equal(ready.count, 0);
      assert.equal(ready.account, ACCOUNT);
    } finally {
      await server.stop();
    }
  });

  test('a workspace is trusted only by the boolean true: any other value keeps restricted mode', async () => {
    for (const trusted of ['true', 'false', 1, {}, null]) {
      const proxy = await startFaultProxy(moto().endpoint);
      const server = await startAccountServer({ endpoint: proxy.endpoint, trusted });
      try {
        server.open('file:///workspace/trust.yaml', DOCUMENT);
        assert.equal((await server.state('untrusted')).status, 'untrusted', `workspaceTrusted: ${JSON.stringify(trusted)}`);
        const refreshed: SecretListStateParams = await server.connection.sendRequest('awsSecretRefs/refreshSecretList');
        assert.equal(refreshed.status, 'untrusted');
        assert.deepEqual(proxy.operations, [], 'no request reached the endpoint');
      } finally {
        await server.stop();
        await proxy.stop();
      }
    }
  });

  test('a settings change switches the region without a restart', async () => {
    const endpoint = moto().endpoint;
    await seedRegion(endpoint, 'us-west-2', { 'west/only': 'w' });
    const server = await startAccountServer({ endpoint });
    try {
      const uri = 'file:///workspace/region.yaml';
      const east = await server.openAndCheck(uri, `A: "{{ aws_secret_var('west/only') }}"\n`, hasNotFound);
      assert.equal(east[0].message, `Secret 'west/only' not found. Looked in account ${ACCOUNT} (${scopeOf(endpoint)}).`);
      const since = server.notifications.length;
      const published = server.published.length;
      server.setSettings({ endpoint, region: 'us-west-2' });
      server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const west = await server.state('ready', since);
      assert.equal(west.region, 'us-west-2');
      assert.equal(west.count, 1);
      assert.equal(west.scopeLabel, scopeOf(endpoint, 'us-west-2'));
      await server.diagnosticsSince(uri, published, (diagnostics) => diagnostics.length === 0);
    } finally {
      await server.stop();
    }
  });

  test('profileChoices lists the profiles of AWS_CONFIG_FILE, the current profile and region, and the regions of the partition', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-secret-refs-config-'));
    const config = path.join(dir, 'config');
    fs.writeFileSync(
      config,
      '[default]\nregion = us-east-1\n\n[profile dev]\nregion = eu-west-1\n\n[profile ci]\noutput = json\n\n[sso-session corp]\nsso_region = us-east-1\n',
    );
    const server = await startAccountServer({ endpoint: moto().endpoint, env: { AWS_CONFIG_FILE: config } });
    try {
      const choices: ProfileChoices = await server.connection.sendRequest('awsSecretRefs/profileChoices');
      assert.deepEqual(choices.profiles, [{ name: 'ci' }, { name: 'default', region: 'us-east-1' }, { name: 'dev', region: 'eu-west-1' }]);
      assert.equal(choices.currentProfile, 'default');
      assert.equal(choices.currentRegion, REGION);
      assert.ok(choices.regions.includes('eu-west-1') && choices.regions.includes('us-west-2'));
      assert.ok(choices.regions.every((region) => !region.startsWith('cn-') && !region.startsWith('us-gov-')));
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
