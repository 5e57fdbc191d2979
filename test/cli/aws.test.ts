import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { CreateSecretCommand, DeleteSecretCommand } from '@aws-sdk/client-secrets-manager';
import { awsError, startFaultProxy } from '../support/faultProxy';
import { freePort, Moto, motoClient, motoEnv, startMoto } from '../support/moto';
import { providerClass, workflow } from '../support/manifests';
import { makeProject, removeProjects, runCli } from './run';

/** moto's account. */
const ACCOUNT = '123456789012';

let moto: Moto;
/** ARNs of the seeded secrets, by name. */
const arns: Record<string, string> = {};

async function createSecrets(region: string, names: string[]): Promise<void> {
  const client = motoClient(moto.endpoint, region);
  try {
    for (const name of names) {
      const created = await client.send(new CreateSecretCommand({ Name: name, SecretString: `value of ${name}` }));
      arns[name] = created.ARN!;
    }
    if (names.includes('old/secret')) await client.send(new DeleteSecretCommand({ SecretId: 'old/secret', RecoveryWindowInDays: 7 }));
  } finally {
    client.destroy();
  }
}

before(async () => {
  moto = await startMoto(60_000);
  await createSecrets('us-east-1', ['prod/postgres/password', 'database_config', 'east/api-key', 'old/secret']);
  await createSecrets('us-west-2', ['west/only']);
});

after(async () => {
  removeProjects();
  await moto?.stop();
});

function motoRun(args: string[], cwd: string, env: Record<string, string> = {}) {
  return runCli(['check', '--aws', ...args], cwd, { ...motoEnv, AWS_ENDPOINT_URL: moto.endpoint, ...env });
}

/**
 * Asserts a `secret-not-found` line at `place` (`file:line:col`) whose message names the secret, the account
 * and region searched (and `also`, e.g. the profile), with the suggestion or without any. The rest of the
 * wording is the extension's.
 */
function assertNotFound(
  line: string | undefined,
  place: string,
  secretId: string,
  region: string,
  suggestion?: string,
  also?: string,
): void {
  assert.ok(line !== undefined && line.startsWith(`${place}: warning secret-not-found `), line);
  for (const part of [`'${secretId}'`, ACCOUNT, region, ...(also ? [also] : [])]) assert.ok(line.includes(part), `${line} names ${part}`);
  if (suggestion) assert.ok(line.includes(`not found. Did you mean '${suggestion}'? Looked in `), line);
  else assert.doesNotMatch(line, /Did you mean/);
}

describe('--aws against moto', () => {
  test('missing secrets are reported with did-you-mean; ARNs are looked up in their own region', async () => {
    const wrongRegionArn = `arn:aws:secretsmanager:us-west-2:${ACCOUNT}:secret:prod/postgres/password`;
    const westArnInEast = arns['west/only'].replace(':us-west-2:', ':us-east-1:');
    const project = makeProject({
      'io_config.yaml': [
        'default:',
        `  PASSWORD: "{{ aws_secret_var('prod/postgres/password') }}"`,
        `  TYPO: "{{ aws_secret_var('prod/postgres/pasword') }}"`,
        `  CONFIG: "{{ json_value(aws_secret_var('database_config'), 'host') }}"`,
        `  FULL_ARN: "{{ aws_secret_var('${arns['east/api-key']}') }}"`,
        `  WEST: "{{ aws_secret_var('${arns['west/only']}') }}"`,
        `  WEST_PARTIAL: "{{ aws_secret_var('arn:aws:secretsmanager:us-west-2:${ACCOUNT}:secret:west/only') }}"`,
        `  WRONG_REGION: "{{ aws_secret_var('${wrongRegionArn}') }}"`,
        `  BARE: ${westArnInEast}`,
        `  DYNAMIC: "{{ aws_secret_var(env_var('ENV') ~ '/db') }}"`,
        `  BAD_NAME: "{{ aws_secret_var('bad name') }}"`,
        `  BAD_ARN: "{{ aws_secret_var('arn:aws:secretsmanager:us-westt-2:${ACCOUNT}:secret:x') }}"`,
        '',
      ].join('\n'),
    });
    const run = await motoRun([], project);
    assert.equal(run.stderr, '');
    const lines = run.stdout.split('\n');
    const notFound = lines.filter((line) => line.includes(' secret-not-found '));
    assert.equal(notFound.length, 3, run.stdout);
    assertNotFound(notFound[0], 'io_config.yaml:3:29', 'prod/postgres/pasword', 'us-east-1', 'prod/postgres/password');
    assertNotFound(notFound[1], 'io_config.yaml:8:37', wrongRegionArn, 'us-west-2');
    assertNotFound(notFound[2], 'io_config.yaml:9:9', westArnInEast, 'us-east-1');
    // The static checks still run; a dynamic id or an invalid name or ARN is not looked up.
    assert.deepEqual(
      lines.filter((line) => /^io_config\.yaml:1[0-2]:/.test(line)).map((line) => line.split(' ').slice(1, 3).join(' ')),
      ['info call-dynamic-id', 'error secret-name', 'error arn-region'],
    );
    assert.equal(lines.at(-2), '6 problems (2 errors, 3 warnings, 1 info) in 1 file');
    assert.equal(run.status, 1);
  });

  test('did-you-mean for an ARN comes from the names of its region', async () => {
    const arn = `arn:aws:secretsmanager:us-west-2:${ACCOUNT}:secret:west/onyl`;
    const project = makeProject({ 'io_config.yaml': `A: "{{ aws_secret_var('${arn}') }}"\n` });
    const run = await motoRun(['--format', 'json'], project);
    const [problem, ...others] = JSON.parse(run.stdout).problems;
    assert.deepEqual(others, []);
    assertNotFound(
      `${problem.file}:${problem.line}:${problem.column}: ${problem.severity} ${problem.code} ${problem.message}`,
      'io_config.yaml:1:24',
      arn,
      'us-west-2',
      'west/only',
    );
  });

  test("an External Secrets key is looked up in its store's region", async () => {
    const store =
      'apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata:\n  name: west\nspec:\n  provider:\n    aws:\n      service: SecretsManager\n      region: us-west-2\n';
    const externalSecret = (key: string) =>
      `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: app\nspec:\n  secretStoreRef:\n    name: west\n  data:\n    - secretKey: a\n      remoteRef:\n        key: ${key}\n`;
    const project = makeProject({
      'k8s/external-secret.yaml': `${store}---\n${externalSecret('west/only')}---\n${externalSecret('west/onyl')}`,
    });
    const run = await motoRun([], project);
    const notFound = run.stdout.split('\n').filter((line) => line.includes(' secret-not-found '));
    assert.equal(notFound.length, 1, run.stdout);
    assertNotFound(notFound[0], path.join('k8s', 'external-secret.yaml') + ':33:14', 'west/onyl', 'us-west-2', 'west/only');
  });

  test('a SecretProviderClass and a get-secrets workflow under any name are found by their content and checked', async () => {
    const project = makeProject({
      'deploy/mount.yaml': `${providerClass(['- objectName: "east/api-kye"', '  objectType: "secretsmanager"'], ['region: us-east-1'])}\n`,
      '.github/workflows/deploy.yml': `${workflow(['DB,prod/postgres/pasword', 'nothing*'])}\n`,
      'config/app.yml': 'a: 1\n',
    });
    const run = await motoRun([], project);
    const lines = run.stdout.split('\n');
    const notFound = lines.filter((line) => line.includes(' secret-not-found '));
    assert.equal(notFound.length, 2, run.stdout);
    assertNotFound(
      notFound[0],
      path.join('.github', 'workflows', 'deploy.yml') + ':12:16',
      'prod/postgres/pasword',
      'us-east-1',
      'prod/postgres/password',
    );
    assertNotFound(notFound[1], path.join('deploy', 'mount.yaml') + ':10:22', 'east/api-kye', 'us-east-1', 'east/api-key');
    assert.ok(
      lines.some((line) =>
        line.startsWith(`${path.join('.github', 'workflows', 'deploy.yml')}:13:13: warning prefix-match-count No secret`),
      ),
      run.stdout,
    );
    assert.equal(lines.at(-2), '3 problems (0 errors, 3 warnings) in 2 files');
  });

  test('a store in another file gives the region, also when the files are checked on worker threads', async () => {
    const store =
      'apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata:\n  name: west\nspec:\n  provider:\n    aws:\n      service: SecretsManager\n      region: us-west-2\n';
    const externalSecret = (key: string) =>
      `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: app\nspec:\n  secretStoreRef:\n    name: west\n    kind: ClusterSecretStore\n  data:\n    - secretKey: a\n      remoteRef:\n        key: ${key}\n`;
    // More files than are checked on the main thread.
    const files: Record<string, string> = { 'platform/store.yaml': store };
    for (let app = 10; app < 50; app++) files[`apps/${app}/external-secret.yaml`] = externalSecret(app === 42 ? 'west/onyl' : 'west/only');
    const run = await motoRun([], makeProject(files));
    const notFound = run.stdout.split('\n').filter((line) => line.includes(' secret-not-found '));
    assert.equal(notFound.length, 1, run.stdout);
    assertNotFound(notFound[0], path.join('apps', '42', 'external-secret.yaml') + ':12:14', 'west/onyl', 'us-west-2', 'west/only');
  });

  test("a template's names are looked up in the region of its samconfig.toml, said, also on worker threads", async () => {
    const template = (id: string) =>
      `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  DB:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      MasterUserPassword: '{{resolve:secretsmanager:${id}}}'\n`;
    const files: Record<string, string> = { 'sam/samconfig.toml': 'version = 0.1\n[default.deploy.parameters]\nregion = "us-west-2"\n' };
    for (let app = 10; app < 50; app++) files[`sam/${app}.template.yaml`] = template(app === 42 ? 'west/onyl' : 'west/only');
    files['plain/template.yaml'] = template('west/only');
    const run = await motoRun([], makeProject(files));
    const notFound = run.stdout.split('\n').filter((line) => line.includes(' secret-not-found '));
    assert.equal(notFound.length, 2, run.stdout);
    assertNotFound(notFound[0], path.join('plain', 'template.yaml') + ':6:53', 'west/only', 'us-east-1', undefined, 'configured region');
    assertNotFound(notFound[1], path.join('sam', '42.template.yaml') + ':6:53', 'west/onyl', 'us-west-2', 'west/only', 'samconfig.toml');
  });

  test('missing secrets are warnings: status 0, or 1 with --max-warnings 0', async () => {
    const project = makeProject({ 'io_config.yaml': `A: "{{ aws_secret_var('no/such/secret') }}"\n` });
    const run = await motoRun([], project);
    assert.match(run.stdout, /^io_config\.yaml:1:24: warning secret-not-found /);
    assert.equal(run.status, 0);
    const strict = await motoRun(['--max-warnings', '0'], project);
    assert.equal(strict.status, 1);
  });

  test('a secret scheduled for deletion is reported', async () => {
    const project = makeProject({ 'io_config.yaml': `A: "{{ aws_secret_var('old/secret') }}"\n` });
    const run = await motoRun([], project);
    assert.match(
      run.stdout,
      /^io_config\.yaml:1:24: warning secret-marked-for-deletion Secret 'old\/secret' is scheduled for deletion on \d{4}-\d\d-\d\d /,
    );
    assert.match(run.stdout, /account 123456789012.*us-east-1/);
  });

  test('an ARN of another account is not checked, never reported missing', async () => {
    const project = makeProject({
      'io_config.yaml': `A: "{{ aws_secret_var('arn:aws:secretsmanager:us-east-1:210987654321:secret:shared/key') }}"\n`,
    });
    const run = await motoRun([], project);
    assert.doesNotMatch(run.stdout, /secret-not-found/);
    assert.match(run.stdout, /^io_config\.yaml:1:\d+: info arn-other-account /);
    assert.equal(run.status, 0);
  });

  test('all secrets found: status 0', async () => {
    const project = makeProject({ 'io_config.yaml': `A: "{{ aws_secret_var('prod/postgres/password') }}"\nB: ${arns['west/only']}\n` });
    const run = await motoRun([], project);
    assert.equal(run.stdout, '0 problems (0 errors, 0 warnings) in 1 file\n');
    assert.equal(run.status, 0);
  });

  test('--profile and the shared files, with AWS_ENDPOINT_URL_SECRETS_MANAGER', async () => {
    const project = makeProject({
      'io_config.yaml': `A: "{{ aws_secret_var('west/only') }}"\nB: "{{ aws_secret_var('prod/postgres/password') }}"\n`,
      'aws/config': '[profile ci]\nregion = us-west-2\n',
      'aws/credentials': '[ci]\naws_access_key_id = testing\naws_secret_access_key = testing\n',
    });
    const run = await runCli(['check', '--aws', '--profile', 'ci'], project, {
      AWS_CONFIG_FILE: path.join(project, 'aws/config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(project, 'aws/credentials'),
      AWS_ENDPOINT_URL_SECRETS_MANAGER: moto.endpoint,
    });
    const [line, summary, end] = run.stdout.split('\n');
    assertNotFound(line, 'io_config.yaml:2:24', 'prod/postgres/password', 'us-west-2', undefined, 'profile ci');
    assert.deepEqual([summary, end], ['1 problem (0 errors, 1 warning) in 1 file', '']);
  });

  test('--region wins over AWS_REGION', async () => {
    const project = makeProject({ 'io_config.yaml': `A: "{{ aws_secret_var('west/only') }}"\n` });
    const run = await motoRun(['--region', 'us-west-2'], project);
    assert.equal(run.stdout, '0 problems (0 errors, 0 warnings) in 1 file\n');
    assert.equal(run.status, 0);
  });

  test('a region that holds no secret at all: one error saying so, status 2, nothing reported missing', async () => {
    const project = makeProject({
      'io_config.yaml': `A: "{{ aws_secret_var('west/only') }}"\nB: "{{ aws_secret_var('prod/postgres/password') }}"\n`,
    });
    const run = await motoRun(['--region', 'eu-north-1'], project);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(
      run.stderr,
      `aws-secret-refs: cannot check secrets in AWS: There is no secret at all in region eu-north-1 at ${moto.endpoint} ` +
        `(account ${ACCOUNT}), so the 2 references to look up there were not checked. Is the region right? Give it with --region.\n`,
    );
  });
});

describe('--aws when AWS cannot be asked', () => {
  const project = () => makeProject({ 'io_config.yaml': `A: "{{ aws_secret_var('prod/postgres/password') }}"\n` });

  test('an unreachable endpoint: one error, status 2, nothing reported missing', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const run = await runCli(['check', '--aws', '--endpoint', endpoint], project(), motoEnv);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(
      run.stderr,
      `aws-secret-refs: cannot check secrets in AWS: Could not reach Secrets Manager at ${endpoint} (connection refused). ` +
        'Check --endpoint (or AWS_ENDPOINT_URL) and that the service there is running.\n',
    );
  });

  // moto answers well: the proxy in front of it misbehaves as a broken endpoint or proxy can.
  describe('an endpoint that misbehaves', () => {
    let proxy: Awaited<ReturnType<typeof startFaultProxy>>;
    before(async () => {
      proxy = await startFaultProxy(moto.endpoint);
    });
    after(() => proxy.stop());
    const proxyRun = () => runCli(['check', '--aws', '--endpoint', proxy.endpoint], project(), motoEnv);

    test('a listing without a SecretList: one error saying so, status 2, nothing reported missing', async () => {
      proxy.intercept(() => ({ status: 200, body: {} }));
      const run = await proxyRun();
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.equal(
        run.stderr,
        `aws-secret-refs: cannot check secrets in AWS: Secrets Manager at ${proxy.endpoint} answered ListSecrets without a SecretList. ` +
          'Check --endpoint (or AWS_ENDPOINT_URL) and any proxy in between.\n',
      );
    });

    test('an answer sent one byte at a time: status 2 once the call deadline passes, no hang', { timeout: 40_000 }, async () => {
      proxy.intercept(() => 'trickle');
      const started = Date.now();
      const run = await proxyRun();
      assert.equal(run.status, 2);
      assert.match(run.stderr, /did not send a whole answer within 15 s\./);
      assert.ok(Date.now() - started < 25_000, `took ${Date.now() - started} ms`);
    });

    test('an AWS error message is shown on one line, cut, without control characters', async () => {
      proxy.intercept(() => awsError('AccessDeniedException', `\u001b]0;owned\u0007\u001b[2J${'denied '.repeat(2_000)}\r\nforged line`));
      const run = await proxyRun();
      assert.equal(run.status, 2);
      assert.match(
        run.stderr,
        /^aws-secret-refs: cannot check secrets in AWS: AWS denied access \([^)]*\): (denied )+[^\n]*… Ask for the missing secretsmanager permission, or use another profile\.\n$/,
      );
      assert.ok(run.stderr.length < 600, `${run.stderr.length} characters`);
      assert.doesNotMatch(run.stderr.slice(0, -1), /\p{Cc}/u);
    });
  });

  test('no credentials: one error, status 2', async () => {
    const { AWS_REGION } = motoEnv;
    const run = await runCli(['check', '--aws'], project(), { AWS_REGION, AWS_ENDPOINT_URL: moto.endpoint });
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^aws-secret-refs: cannot check secrets in AWS: No AWS credentials found\. [^\n]*\n$/);
  });

  test('no region: one error naming --region, status 2', async () => {
    const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY } = motoEnv;
    const run = await runCli(['check', '--aws'], project(), { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL: moto.endpoint });
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(
      run.stderr,
      /^aws-secret-refs: cannot check secrets in AWS: No AWS region is set for profile 'default'\. Set --region or AWS_REGION/,
    );
  });

  test('a profile that does not exist: status 2', async () => {
    const run = await runCli(['check', '--aws', '--profile', 'nope'], project(), {
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: moto.endpoint,
    });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /Profile 'nope' is in neither/);
  });
});
