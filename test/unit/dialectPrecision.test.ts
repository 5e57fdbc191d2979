/**
 * The engine is quiet where it has nothing true to say: each case below was a false alarm on real
 * files when every YAML file was read with Mage's rules.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/dialects/analyze';

/** Codes of errors and warnings. */
function loud(path: string, text: string): string[] {
  return analyze(path, text)
    .problems.filter((problem) => problem.severity === 'error' || problem.severity === 'warning')
    .map((problem) => `${problem.code}: ${text.slice(problem.span.start, problem.span.end)}`);
}

function codes(path: string, text: string): string[] {
  return analyze(path, text).problems.map((problem) => problem.code);
}

describe('no false errors or warnings on valid files', () => {
  const cases: [string, string, string][] = [
    [
      'an IAM policy resource built with !Sub',
      'template.yaml',
      'Resource: !Sub arn:aws:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:MySecret-*\n',
    ],
    [
      'an IAM resource pattern naming AWS-managed secrets with !',
      'template.yaml',
      'Resource:\n  - arn:aws:secretsmanager:*:*:secret:events!connection/*\n',
    ],
    [
      'the ECS selector form',
      'task.yaml',
      "ValueFrom: 'arn:aws:secretsmanager:us-east-1:139013895924:secret:ZeroSecretCF-OzkEVp:ZC_DB__PASSWORD::'\n",
    ],
    ['a dynamic reference inside !Sub', 'template.yaml', "MasterUserPassword: !Sub '{{resolve:secretsmanager:${DBCredential}}}'\n"],
    [
      'a Helm chart',
      'chart/templates/deployment.yaml',
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: {{ include "chart.fullname" . }}',
        '  labels:',
        '    {{- include "app.labels" . | nindent 4 }}',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: app',
        '          env:',
        '          {{- if .Values.extraEnv }}',
        '            {{- toYaml .Values.extraEnv | nindent 12 }}',
        '          {{- end }}',
      ].join('\n'),
    ],
    [
      'a whole-line template in a Mage code-generation template',
      'templates/data_integrations/sources/base.yaml',
      'config:\n{{ config }}\nsource: {{ data_integration_uuid }}\n',
    ],
    ['a Mage Pro function', 'io_config.yaml', `default:\n  VARIABLE_NAME: "{{ vault_secret_var('secret/path', 'key_name') }}"\n`],
  ];
  for (const [name, path, text] of cases) {
    test(name, () => assert.deepEqual(loud(path, text), []));
  }
});

describe('Mage rules only in Mage documents', () => {
  test('an unknown function in a Helm or Ansible template is not Mage advice', () => {
    assert.deepEqual(codes('playbook.yml', `- debug:\n    msg: "{{ lookup('env', 'HOME') | aws_secrets_var() }}"\n`), []);
  });

  test('a misspelled Mage function is still an error in a Mage file', () => {
    assert.ok(codes('io_config.yaml', `default:\n  A: "{{ aws_secrets_var('x') }}"\n`).includes('call-unknown-function'));
  });

  test('a template that opens with a misspelled Mage function makes a Mage document wherever it is', () => {
    assert.ok(codes('config/app.yaml', `A: "{{ aws_secrets_var('x') }}"\n`).includes('call-unknown-function'));
  });

  test('a file that calls Mage functions is a Mage document wherever it is', () => {
    assert.ok(codes('config/app.yaml', 'A: {{ aws_secret_var("x") }}\n').includes('yaml-unquoted-template'));
  });
});

describe('credential hints', () => {
  const quiet: [string, string][] = [
    ['a tag', 'SecretId: !Ref MySecret\nPassword: !Ref DbPassword\n'],
    ['a sequence item', "Password:\n  - !Ref 'AWS::NoValue'\n"],
    ['the name of a key filled from Secrets Manager', 'secretKey: password\n'],
    ['a reference already', 'secretsmanager: demo/test/mysql\n'],
    ['a workflow permission', 'permissions:\n  id-token: write\n'],
    ['an interpolation with a default', 'REDIS_PASSWORD: "${REDIS_PASSWORD:-devpass}"\n'],
    ['a key naming an id or ARN', 'DB_SECRET_ID: prod-db\nSecretArn: something\nsecret-ids: prod/db\n'],
    [
      'placeholders',
      'SNOWFLAKE_PASSWORD: password\nOPENAI_API_KEY: YOUR-OPENAI-API-KEY\nAWS_SESSION_TOKEN: session_token (Used to generate Redshift credentials)\nTOKEN: <token>\nAPI_KEY: xxx\nPASSWORD: changeme\n',
    ],
    ['a value equal to its key', 'password: password\nDB_PASSWORD: db_password\n'],
    [
      "names built on placeholder words, and the defaults of Mage's io_config template",
      'REDSHIFT_TEMP_CRED_PASSWORD: temp_password\npassword: mage1337\n',
    ],
    ['a URL whose password is a placeholder', 'MONGODB_CONNECTION_STRING: "mongodb://{username}:{password}@{host}:{port}/"\n'],
    ['a key that names a class of secrets', 'secretProviderClass: "aws-secrets"\n'],
    [
      "a key that names a secret's format or its store (External Secrets' PushSecret metadata)",
      'secretPushFormat: string\nsecret-store: teamb-secret-store\n',
    ],
  ];
  for (const [name, text] of quiet) {
    test(`none on ${name}`, () => assert.deepEqual(codes('app.yaml', text), []));
  }

  test('a password inside a URL is found, over the password only', () => {
    const text = 'MONGO_URL: mongodb+srv://user:yRfC8sQ@cluster0.example.net/db\n';
    const [problem] = analyze('app.yaml', text).problems;
    assert.equal(problem.code, 'hardcoded-credential');
    assert.equal(text.slice(problem.span.start, problem.span.end), 'yRfC8sQ');
  });

  test('a private key is found', () => {
    const body = 'MIIEowIBAAKCAQEA'.padEnd(64, 'q');
    const text = `key: |\n  -----BEGIN RSA PRIVATE KEY-----\n  ${body}\n  -----END RSA PRIVATE KEY-----\n`;
    assert.deepEqual(codes('app.yaml', text), ['hardcoded-credential']);
    const example = 'private_key: "-----BEGIN PRIVATE KEY-----\\nyour_private_key\\n-----END_PRIVATE_KEY"\n';
    assert.deepEqual(codes('app.yaml', example), [], 'an example key is not one');
  });

  test('in a Mage document a literal is information, with the move fix; elsewhere a hint without it', () => {
    const [mage] = analyze('io_config.yaml', 'default:\n  POSTGRES_PASSWORD: hunter2x\n').problems;
    assert.equal(mage.severity, 'information');
    assert.equal(mage.fixes?.[0].title, 'Move value to AWS Secrets Manager…');
    const [other] = analyze('docker-compose.yml', 'environment:\n  POSTGRES_PASSWORD: hunter2x\n').problems;
    assert.equal(other.severity, 'hint');
    assert.equal(other.fixes, undefined);
  });
});
