/**
 * CloudFormation and ECS references through the real server against moto: a missing secret with
 * did-you-mean, secrets the template creates never called missing, a missing JSON key, and completion
 * of names in a dynamic reference.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletionList, Diagnostic, Range } from 'vscode-languageserver-protocol';
import { ACCOUNT, AccountServer, seedWith, startAccountServer, useMoto, withCode } from '../support/accountServer';

const TEMPLATE = [
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Resources:',
  '  AppSecret:',
  '    Type: AWS::SecretsManager::Secret',
  '    Properties:',
  '      Name: app/created',
  '  DB:',
  '    Type: AWS::RDS::DBInstance',
  '    Properties:',
  "      MasterUsername: '{{resolve:secretsmanager:prod/db:SecretString:username}}'",
  "      MasterUserPassword: '{{resolve:secretsmanager:prod/dbb:SecretString:password}}'",
  "      KmsKeyId: '{{resolve:secretsmanager:prod/db:SecretString:passwrd}}'",
  "      DBName: !Sub '{{resolve:secretsmanager:${AppSecret}::password}}'",
  "      DBClusterIdentifier: '{{resolve:secretsmanager:app/created}}'",
  '  Task:',
  '    Type: AWS::ECS::TaskDefinition',
  '    Properties:',
  '      ContainerDefinitions:',
  '        - Name: app',
  '          Secrets:',
  '            - Name: CREATED',
  '              ValueFrom: !Ref AppSecret',
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
  const moto = useMoto(async (endpoint) => void (await seedWith(endpoint, [{ Name: 'prod/db', SecretString: '{"username":"u","password":"p"}' }])));
  let server: AccountServer;
  const uri = 'file:///workspace/stack.yaml';
  before(async () => {
    server = await startAccountServer({ endpoint: moto().endpoint });
    server.open(uri, TEMPLATE);
    await server.state('ready');
  });
  after(() => server.stop());

  const loaded = (diagnostics: Diagnostic[]) => withCode(diagnostics, 'json-path-missing').length > 0;

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
    const [missing] = withCode(diagnostics, 'json-path-missing');
    assert.deepEqual(missing.range, rangeOf('KmsKeyId', 'passwrd'));
    assert.match(missing.message, /^'passwrd' is not a key of secret 'prod\/db': CloudFormation fails the deployment.*Did you mean 'password'\?$/);
  });

  test("completion after '{{resolve:secretsmanager:' lists the secrets' names", async () => {
    const typing = 'file:///workspace/typing.yaml';
    const text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  DB:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      MasterUserPassword: '{{resolve:secretsmanager:pr'\n";
    server.open(typing, text);
    const line = 5;
    const character = text.split('\n')[line].indexOf("pr'") + 2;
    const list: CompletionList = await server.connection.sendRequest('textDocument/completion', { textDocument: { uri: typing }, position: { line, character } });
    assert.deepEqual(
      list.items.map((item) => [item.label, item.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : undefined]),
      [['prod/db', 'prod/db}}']],
    );
  });
});
