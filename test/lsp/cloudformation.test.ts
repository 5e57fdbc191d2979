/**
 * CloudFormation and ECS references through the real server against moto: a missing secret with
 * did-you-mean, secrets the template creates never called missing, a missing JSON key, and completion
 * of names in a dynamic reference.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CodeAction,
  CompletionList,
  Diagnostic,
  Hover,
  MarkupContent,
  PublishDiagnosticsParams,
  Range,
} from 'vscode-languageserver-protocol';
import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { ACCOUNT, AccountServer, REGION, seedRegion, seedWith, startAccountServer, useMoto, withCode } from '../support/accountServer';
import { accessDenied, startFaultProxy } from '../support/faultProxy';
import { motoClient } from '../support/moto';

/** A template's ECS task resource, up to its container's secrets. */
const ECS_TASK = [
  '  Task:',
  '    Type: AWS::ECS::TaskDefinition',
  '    Properties:',
  '      ContainerDefinitions:',
  '        - Name: app',
  '          Secrets:',
];

const TEMPLATE = [
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Resources:',
  '  AppSecret:',
  '    Type: AWS::SecretsManager::Secret',
  '    Properties:',
  '      Name: app/created',
  '      GenerateSecretString:',
  `        SecretStringTemplate: '{"username": "admin"}'`,
  '        GenerateStringKey: password',
  '  DB:',
  '    Type: AWS::RDS::DBInstance',
  '    Properties:',
  "      MasterUsername: '{{resolve:secretsmanager:prod/db:SecretString:username}}'",
  "      MasterUserPassword: '{{resolve:secretsmanager:prod/dbb:SecretString:password}}'",
  "      KmsKeyId: '{{resolve:secretsmanager:prod/db:SecretString:passwrd}}'",
  "      DBName: !Sub '{{resolve:secretsmanager:${AppSecret}::password}}'",
  "      DBClusterIdentifier: '{{resolve:secretsmanager:app/created}}'",
  "      DBSnapshotIdentifier: '{{resolve:secretsmanager:app/created::passwd}}'",
  ...ECS_TASK,
  '            - Name: CREATED',
  '              ValueFrom: !Ref AppSecret',
  '            - Name: CREATED_USER',
  "              ValueFrom: !Sub '${AppSecret}:username::'",
  '            - Name: CREATED_TYPO',
  "              ValueFrom: !Sub '${AppSecret}:usernme::'",
  '            - Name: MISSING',
  `              ValueFrom: 'arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/gone:username::'`,
  '',
].join('\n');

/** The range of `part` on the line holding `marker`. */
function rangeOf(marker: string, part: string): Range {
  const lines = TEMPLATE.split('\n');
  const line = lines.findIndex((text) => text.includes(marker));
  const character = lines[line].indexOf(part);
  return { start: { line, character }, end: { line, character: character + part.length } };
}

describe('CloudFormation and ECS references against moto', () => {
  const moto = useMoto(
    async (endpoint) => void (await seedWith(endpoint, [{ Name: 'prod/db', SecretString: '{"username":"u","password":"p"}' }])),
  );
  let server: AccountServer;
  const uri = 'file:///workspace/stack.yaml';
  before(async () => {
    server = await startAccountServer({ endpoint: moto().endpoint });
    server.open(uri, TEMPLATE);
    await server.state('ready');
  });
  after(() => server.stop());

  const loaded = (diagnostics: Diagnostic[]) =>
    withCode(diagnostics, 'json-path-missing').some((diagnostic) => diagnostic.message.includes('passwrd'));

  test('a missing secret is reported with did-you-mean; the secrets the template creates are not', async () => {
    const diagnostics = await server.diagnostics(uri, (params) => loaded(params.diagnostics));
    const notFound = withCode(diagnostics, 'secret-not-found');
    assert.deepEqual(
      notFound.map((diagnostic) => diagnostic.range),
      [rangeOf('MasterUserPassword', 'prod/dbb'), rangeOf('prod/gone', `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/gone`)],
    );
    assert.match(notFound[0].message, /^Secret 'prod\/dbb' not found\. Did you mean 'prod\/db'\?/);
  });

  test('a missing JSON key is reported in CloudFormation words', async () => {
    const diagnostics = await server.diagnostics(uri, (params) => loaded(params.diagnostics));
    const missing = withCode(diagnostics, 'json-path-missing').find((diagnostic) => diagnostic.message.includes('passwrd'))!;
    assert.deepEqual(missing.range, rangeOf('KmsKeyId', 'passwrd'));
    assert.match(
      missing.message,
      /^'passwrd' is not a key of secret 'prod\/db': CloudFormation fails the deployment.*Did you mean 'password'\?$/,
    );
  });

  test('a JSON key of a secret the template generates is checked against GenerateSecretString; present keys are clean', async () => {
    const diagnostics = await server.diagnostics(uri, (params) => loaded(params.diagnostics));
    const generated = withCode(diagnostics, 'json-path-missing').filter((diagnostic) => diagnostic.message.includes('AppSecret'));
    assert.deepEqual(
      generated.map((diagnostic) => diagnostic.range),
      [rangeOf('DBSnapshotIdentifier', 'passwd'), rangeOf('usernme', 'usernme')],
    );
    assert.match(
      generated[0].message,
      /^'passwd' is not a key of secret AppSecret, which this template generates with the keys username, password: CloudFormation fails the deployment.*Did you mean 'password'\?$/,
    );
    assert.match(generated[1].message, /: the task fails to start.*Did you mean 'username'\?$/);
  });

  test("quick fixes write the ARN where ECS needs one: for a secret's name, for a dynamic reference with its selector; a lone key is padded", async () => {
    const fixes = 'file:///workspace/fixes-taskdef.yaml';
    const arn = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/db-AbCdEf`;
    const text = [
      'containerDefinitions:',
      '  - name: app',
      '    secrets:',
      '      - name: BY_NAME',
      '        valueFrom: prod/db',
      '      - name: DYNAMIC',
      "        valueFrom: '{{resolve:secretsmanager:prod/db:SecretString:password}}'",
      '      - name: SSM',
      '        valueFrom: /app/param',
      '      - name: LONE_KEY',
      `        valueFrom: '${arn}:password'`,
      '',
    ].join('\n');
    server.open(fixes, text);
    const diagnostics = await server.diagnostics(fixes, (params) => params.diagnostics.length >= 4);
    const fixesOn = async (code: string, marker: string) => {
      const diagnostic = withCode(diagnostics, code).find((candidate) => text.split('\n')[candidate.range.start.line].includes(marker))!;
      const actions: CodeAction[] = await server.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri: fixes },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      });
      return actions.map((action) =>
        action.edit?.documentChanges?.flatMap((change) => ('edits' in change ? change.edits.map((edit) => edit.newText) : [])),
      );
    };
    const prodDb = ((await server.connection.sendRequest('awsSecretRefs/findSecret', { id: 'prod/db' })) as { arn: string }).arn;
    assert.deepEqual(await fixesOn('ecs-ssm-parameter', 'prod/db'), [[prodDb]]);
    assert.deepEqual(await fixesOn('ecs-dynamic-reference', 'SecretString'), [[`${prodDb}:password::`]]);
    assert.deepEqual(await fixesOn('ecs-ssm-parameter', '/app/param'), []);
    assert.deepEqual(await fixesOn('arn-selector', arn), [[':password::']]);
  });

  test("completion after '{{resolve:secretsmanager:' lists the secrets' names", async () => {
    const typing = 'file:///workspace/typing.yaml';
    const text =
      "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  DB:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      MasterUserPassword: '{{resolve:secretsmanager:pr'\n";
    server.open(typing, text);
    const line = 5;
    const character = text.split('\n')[line].indexOf("pr'") + 2;
    const list: CompletionList = await server.connection.sendRequest('textDocument/completion', {
      textDocument: { uri: typing },
      position: { line, character },
    });
    assert.deepEqual(
      list.items.map((item) => [item.label, item.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : undefined]),
      [['prod/db', 'prod/db}}']],
    );
  });
});

/** A version of `prod/db` with the stage `blue` beside AWSCURRENT; the version's id is this token. */
const BLUE_VERSION = '0b0b0b0b-1111-4222-8333-444444444444';
const OTHER_VERSION = '9d4cb84b-ad69-40c0-a0ab-cead36b967e8';

/** A template and a task definition reading stages, version ids and a binary secret, with the ARNs moto gave. */
function versionedTemplate(arns: Record<string, string>): string {
  return [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Resources:',
    '  DB:',
    '    Type: AWS::RDS::DBInstance',
    '    Properties:',
    "      MasterUsername: '{{resolve:secretsmanager:prod/db:SecretString:username:blue}}'",
    "      MasterUserPassword: '{{resolve:secretsmanager:prod/db:SecretString:password:blu}}'",
    `      KmsKeyId: '{{resolve:secretsmanager:prod/db:SecretString:password::${BLUE_VERSION}}}'`,
    `      DBName: '{{resolve:secretsmanager:prod/db:SecretString:password::${OTHER_VERSION}}}'`,
    "      Port: '{{resolve:secretsmanager:prod/db:SecretString:password:${Stage}}}'",
    ...ECS_TASK,
    '            - Name: PREVIOUS',
    `              ValueFrom: '${arns['prod/db']}:username:AWSPREVIUS:'`,
    '            - Name: CERT',
    `              ValueFrom: ${arns['certs/bin']}`,
    '',
  ].join('\n');
}

describe('versions and binary secrets against moto', () => {
  let arns: Record<string, string> = {};
  const moto = useMoto(async (endpoint) => {
    arns = await seedWith(endpoint, [
      { Name: 'prod/db', SecretString: '{"username":"u","password":"p"}' },
      { Name: 'certs/bin', SecretBinary: new Uint8Array([1, 2, 3]) },
    ]);
    const client = motoClient(endpoint);
    try {
      await client.send(
        new PutSecretValueCommand({
          SecretId: 'prod/db',
          SecretString: '{"username":"u","password":"q"}',
          VersionStages: ['blue'],
          ClientRequestToken: BLUE_VERSION,
        }),
      );
    } finally {
      client.destroy();
    }
  });
  const uri = 'file:///workspace/versions.yaml';
  const lineOf = (text: string, marker: string) => text.split('\n').findIndex((line) => line.includes(marker));

  test('a stage not attached and a version id the secret lacks are reported; a binary secret where ECS needs a string is an error', async () => {
    const server = await startAccountServer({ endpoint: moto().endpoint });
    try {
      const text = versionedTemplate(arns);
      server.open(uri, text);
      const diagnostics = await server.diagnostics(
        uri,
        (params) =>
          withCode(params.diagnostics, 'version-stage-missing').length === 2 && withCode(params.diagnostics, 'secret-binary').length === 1,
      );
      const stages = withCode(diagnostics, 'version-stage-missing');
      assert.deepEqual(
        stages.map((diagnostic) => diagnostic.range.start.line),
        [lineOf(text, ':blu}'), lineOf(text, 'AWSPREVIUS')],
      );
      assert.match(
        stages[0].message,
        /^Version stage 'blu' is not attached to any version of secret 'prod\/db': CloudFormation cannot read it\. Did you mean 'blue'\?/,
      );
      assert.match(stages[1].message, /^Version stage 'AWSPREVIUS' .*: ECS cannot read it\. Stages attached: AWSCURRENT, blue\.$/);
      const ids = await server.diagnostics(uri, (params) => withCode(params.diagnostics, 'version-id-missing').length > 0);
      assert.deepEqual(
        withCode(ids, 'version-id-missing').map((diagnostic) => diagnostic.range.start.line),
        [lineOf(text, OTHER_VERSION)],
      );
      const [binary] = withCode(diagnostics, 'secret-binary');
      assert.equal(binary.range.start.line, lineOf(text, 'certs/bin'));
      assert.match(binary.message, /^Secret '.*certs\/bin.*' holds a binary value: ECS does not read binary secrets/);
      assert.equal(withCode(diagnostics, 'not-checkable').length, 0);
    } finally {
      await server.stop();
    }
  });

  test('without permission to describe or read the secret, stages, ids and keys are not checkable, never missing', async () => {
    const proxy = await startFaultProxy(moto().endpoint);
    proxy.intercept((operation) =>
      operation === 'DescribeSecret' || operation === 'GetSecretValue' ? accessDenied(operation) : undefined,
    );
    const server = await startAccountServer({ endpoint: proxy.endpoint });
    try {
      const text = versionedTemplate(arns);
      server.open(uri, text);
      const diagnostics = await server.diagnostics(uri, (params) => withCode(params.diagnostics, 'not-checkable').length >= 4);
      const notCheckable = withCode(diagnostics, 'not-checkable');
      assert.ok(notCheckable.every((diagnostic) => diagnostic.severity === 3));
      assert.match(
        notCheckable.find(
          (diagnostic) => diagnostic.range.start.line === lineOf(text, ':blu}') && /^Version stage/.test(diagnostic.message),
        )!.message,
        /^Version stage 'blu' of secret 'prod\/db' could not be checked: AWS denied access/,
      );
      assert.ok(
        notCheckable.some((diagnostic) => /^JSON key 'password' of secret 'prod\/db' could not be checked/.test(diagnostic.message)),
      );
      for (const code of ['version-stage-missing', 'version-id-missing', 'json-path-missing', 'secret-binary'])
        assert.equal(server.everPublished(uri, code), false, code);
    } finally {
      await server.stop();
      await proxy.stop();
    }
  });
});

describe("the stack's region from samconfig.toml against moto", () => {
  const WEST = 'us-west-2';
  const moto = useMoto(async (endpoint) => {
    await seedRegion(endpoint, WEST, { 'west/only': 'w' });
    await seedRegion(endpoint, REGION, { 'east/only': 'e' });
  });
  // Each folder's template; west/ and east/ beside a samconfig.toml the server finds in the workspace.
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-secret-refs-sam-'));
  const samconfig = (folder: string, region: string) => {
    fs.mkdirSync(path.join(workspace, folder));
    fs.writeFileSync(path.join(workspace, folder, 'samconfig.toml'), `version = 0.1\n[default.deploy.parameters]\nregion = "${region}"\n`);
  };
  samconfig('west', WEST);
  samconfig('east', REGION);
  const template = (...ids: string[]) =>
    [
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Resources:',
      '  DB:',
      '    Type: AWS::RDS::DBInstance',
      '    Properties:',
      ...ids.map((id, index) => `      P${index}: '{{resolve:secretsmanager:${id}}}'`),
      '',
    ].join('\n');
  const uriOf = (folder: string) => `file://${workspace}/${folder}/template.yaml`;
  let server: AccountServer;
  before(async () => {
    server = await startAccountServer({
      endpoint: moto().endpoint,
      settings: { endpoint: moto().endpoint, region: WEST },
      workspaceFolders: [workspace],
    });
  });
  after(async () => {
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test("names are checked in samconfig.toml's region: a secret only there is found, a missing one names the region and samconfig.toml", async () => {
    server.open(uriOf('west'), template('west/only', 'west/gone'));
    const diagnostics = await server.diagnostics(uriOf('west'), (params) =>
      withCode(params.diagnostics, 'secret-not-found').some((diagnostic) => diagnostic.message.includes('deploys to')),
    );
    const [missing] = withCode(diagnostics, 'secret-not-found');
    assert.equal(withCode(diagnostics, 'secret-not-found').length, 1);
    assert.equal(missing.range.start.line, 6);
    assert.match(
      missing.message,
      /^Secret 'west\/gone' not found\. .*Looked in account .*us-west-2.*\. The stack deploys to us-west-2, the region of samconfig\.toml \(\[default\.deploy\.parameters\]\)\.$/,
    );
    const result: Hover | null = await server.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: uriOf('west') },
      position: { line: 6, character: 40 },
    });
    assert.match((result!.contents as MarkupContent).value, /The stack deploys to us-west-2, the region of samconfig\.toml/);
  });

  test("an edit of a resource, read again alone, gives what a fresh open of the edited template gives: samconfig.toml's region too", async () => {
    const text = template('west/only', 'west/gone', 'prod/db');
    const edited = text.replace("'{{resolve:secretsmanager:west/gone}}'", "'{{resolve:secretsmanager:west/gonee}}'");
    const names = (wanted: string) => (params: PublishDiagnosticsParams) =>
      withCode(params.diagnostics, 'secret-not-found').some((diagnostic) => diagnostic.message.startsWith(wanted));
    const edits = `file://${workspace}/west/edited.yaml`;
    server.open(edits, text);
    await server.diagnostics(edits, names("Secret 'west/gone' "));
    server.change(edits, 2, edited);
    const afterEdit = await server.diagnostics(edits, (params) => params.version === 2 && names("Secret 'west/gonee' ")(params));
    const fresh = `file://${workspace}/west/fresh.yaml`;
    server.open(fresh, edited);
    const opened = await server.diagnostics(fresh, names("Secret 'west/gonee' "));
    const shown = (diagnostics: Diagnostic[]) =>
      diagnostics.map(({ range, severity, code, message }) => ({ range, severity, code, message }));
    assert.deepEqual(shown(afterEdit), shown(opened));
    assert.match(withCode(afterEdit, 'secret-not-found')[0].message, /The stack deploys to us-west-2, the region of samconfig\.toml/);
  });

  test('a samconfig.toml naming another region than the configured one: not checked, said with why', async () => {
    server.open(uriOf('east'), template('east/only'));
    const diagnostics = await server.diagnostics(uriOf('east'), (params) => withCode(params.diagnostics, 'secret-other-region').length > 0);
    const [other] = withCode(diagnostics, 'secret-other-region');
    assert.equal(other.severity, 3);
    assert.match(
      other.message,
      /^CloudFormation reads this secret in us-east-1, but the configured region is us-west-2, so it was not checked\. .* The stack deploys to us-east-1, the region of samconfig\.toml/,
    );
    assert.equal(withCode(diagnostics, 'secret-not-found').length, 0);
  });

  test('without a samconfig.toml, the configured region, said; one written later is learned when the client reports it', async () => {
    fs.mkdirSync(path.join(workspace, 'plain'));
    server.open(uriOf('plain'), template('east/only'));
    const before = await server.diagnostics(uriOf('plain'), (params) => withCode(params.diagnostics, 'secret-not-found').length > 0);
    assert.match(
      withCode(before, 'secret-not-found')[0].message,
      /^Secret 'east\/only' not found\. .*The stack's region was taken to be the configured region: no samconfig\.toml in the template's folder names one\.$/,
    );
    const since = server.published.length;
    fs.writeFileSync(path.join(workspace, 'plain', 'samconfig.toml'), `[default.global.parameters]\nregion = "${REGION}"\n`);
    server.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: `file://${workspace}/plain/samconfig.toml`, type: 1 }],
    });
    const after = await server.diagnosticsSince(
      uriOf('plain'),
      since,
      (diagnostics) => withCode(diagnostics, 'secret-other-region').length > 0,
    );
    assert.equal(withCode(after, 'secret-not-found').length, 0);
  });
});
