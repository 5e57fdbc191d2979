/** The gateway against moto, which speaks Secrets Manager's real wire protocol, with a fault proxy in front. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DeleteSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AwsFailure, AwsFailureError, createGateway, GatewayOptions, resolveAwsSettings, SecretsGateway } from '../../server/src/aws';
import { accessDenied, awsError, FaultProxy, Reply, throttling, useMotoBehindProxy } from '../support/faultProxy';
import { freePort, Moto, motoEnv, seedSecrets } from '../support/moto';

const VALUES: Record<string, string | Uint8Array> = {
  'prod/postgres/password': 'pg-Value-1',
  database_config: JSON.stringify({ snowflake_password: 'sf-Value-2', host: 'db.example.com' }),
  'certs/key.der': new Uint8Array([0, 1, 2, 3, 254, 255]),
};
const BULK = 250;
const TOKEN = 'create-token-0123456789abcdef0123456789';

let moto: Moto;
let proxy: FaultProxy;

useMotoBehindProxy(async (started, startedProxy) => {
  [moto, proxy] = [started, startedProxy];
  const bulk = Object.fromEntries(Array.from({ length: BULK }, (_, i) => [`bulk/secret-${String(i).padStart(3, '0')}`, `bulk-Value-${i}`]));
  await seedSecrets(moto.endpoint, { ...VALUES, ...bulk, doomed: 'doomed-Value' });
  const client = new SecretsManagerClient({ endpoint: moto.endpoint, region: motoEnv.AWS_REGION });
  await client.send(new DeleteSecretCommand({ SecretId: 'doomed' }));
  client.destroy();
});

async function gatewayAt(endpoint: string, options?: GatewayOptions): Promise<SecretsGateway> {
  return createGateway(await resolveAwsSettings({ endpoint }), options);
}

async function failureOf(call: Promise<unknown>): Promise<AwsFailure> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof AwsFailureError, String(error));
    return error.failure;
  }
  throw new Error('the call should have failed');
}

function assertNoValue(text: string): void {
  for (const value of ['pg-Value-1', 'sf-Value-2', 'bulk-Value-', 'doomed-Value', 'new-Value']) {
    assert.ok(!text.includes(value), `a secret value leaked into: ${text}`);
  }
}

test('listSecrets follows NextToken across pages of 100 and returns no value', async () => {
  const gateway = await gatewayAt(proxy.endpoint);
  proxy.operations.length = 0;
  const secrets = await gateway.listSecrets();
  assert.equal(proxy.operations.filter((operation) => operation === 'ListSecrets').length, 3);
  assert.equal(secrets.length, BULK + 4);
  assert.equal(new Set(secrets.map((secret) => secret.name)).size, secrets.length);
  const postgres = secrets.find((secret) => secret.name === 'prod/postgres/password');
  assert.match(postgres!.arn, /^arn:aws:secretsmanager:us-east-1:123456789012:secret:prod\/postgres\/password-[A-Za-z0-9]{6}$/);
  assert.ok(!Number.isNaN(Date.parse(postgres!.lastChangedDate!)));
  assert.equal(postgres!.deletedDate, undefined);
  const doomed = secrets.find((secret) => secret.name === 'doomed');
  assert.ok(doomed?.deletedDate, 'a secret scheduled for deletion is listed with its deletion date');
  assertNoValue(JSON.stringify(secrets));
  gateway.dispose();
});

test('listSecrets goes on past an empty page that carries a NextToken', async () => {
  const gateway = await gatewayAt(proxy.endpoint);
  const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:late-AbCdEf';
  proxy.intercept((operation, input) => {
    if (operation !== 'ListSecrets') return undefined;
    if (!input.NextToken) return { status: 200, body: { SecretList: [], NextToken: 'page-2' } };
    return { status: 200, body: { SecretList: [{ Name: 'late', ARN: arn, LastChangedDate: 1_700_000_000 }] } };
  });
  try {
    assert.deepEqual(await gateway.listSecrets(), [
      {
        name: 'late',
        arn,
        description: undefined,
        lastChangedDate: '2023-11-14T22:13:20.000Z',
        deletedDate: undefined,
        rotationEnabled: false,
        nextRotationDate: undefined,
        tags: undefined,
      },
    ]);
  } finally {
    proxy.intercept(undefined);
    gateway.dispose();
  }
});

test('describeSecret gives metadata; getSecretValue gives string, JSON and binary values', async () => {
  const gateway = await gatewayAt(moto.endpoint);
  const described = await gateway.describeSecret('prod/postgres/password');
  assert.equal(described.name, 'prod/postgres/password');
  assert.equal(described.rotationEnabled, false);
  assert.deepEqual(described.tags, {});
  assertNoValue(JSON.stringify(described));
  const byArn = await gateway.describeSecret(described.arn);
  assert.equal(byArn.name, described.name);

  assert.deepEqual(await gateway.getSecretValue('prod/postgres/password'), { kind: 'string', text: 'pg-Value-1' });
  const json = await gateway.getSecretValue('database_config');
  assert.equal(json.kind === 'string' && JSON.parse(json.text).snowflake_password, 'sf-Value-2');
  assert.deepEqual(await gateway.getSecretValue('certs/key.der'), { kind: 'binary', byteLength: 6 });
  // A partial ARN (no random suffix) is accepted when it names exactly one secret.
  const partialArn = described.arn.slice(0, -7);
  assert.deepEqual(await gateway.getSecretValue(partialArn), { kind: 'string', text: 'pg-Value-1' });
  gateway.dispose();
});

test('missing and deleted secrets: not-found and marked-for-deletion', async () => {
  const gateway = await gatewayAt(moto.endpoint);
  const missing = await failureOf(gateway.getSecretValue('prod/postgres/pasword'));
  assert.equal(missing.kind, 'not-found');
  assert.equal(missing.awsCode, 'ResourceNotFoundException');
  assert.match(missing.message, /Secret 'prod\/postgres\/pasword' does not exist in region us-east-1/);
  assert.equal((await failureOf(gateway.describeSecret('nope'))).kind, 'not-found');
  const doomed = await failureOf(gateway.getSecretValue('doomed'));
  assert.equal(doomed.kind, 'marked-for-deletion');
  assert.match(doomed.message, /restore-secret --secret-id doomed/);
  assertNoValue(JSON.stringify([missing, doomed]));
  gateway.dispose();
});

test('createSecret creates once per clientRequestToken; a taken name is `exists`; a bad name never reaches AWS', async () => {
  const gateway = await gatewayAt(proxy.endpoint);
  const input = {
    name: 'new/secret',
    secretString: 'new-Value',
    description: 'made by a test',
    tags: { team: 'data' },
    clientRequestToken: TOKEN,
  };
  const created = await gateway.createSecret(input);
  assert.equal(created.name, 'new/secret');
  assert.match(created.arn, /:secret:new\/secret-[A-Za-z0-9]{6}$/);
  // moto honours the idempotency token: the same request again returns the same secret.
  assert.deepEqual(await gateway.createSecret(input), created);
  const listed = (await gateway.listSecrets()).filter((secret) => secret.name === 'new/secret');
  assert.equal(listed.length, 1);
  assert.equal(listed[0].description, 'made by a test');
  assert.deepEqual((await gateway.describeSecret('new/secret')).tags, { team: 'data' });

  const exists = await failureOf(gateway.createSecret({ ...input, clientRequestToken: TOKEN.replace('create', 'second') }));
  assert.equal(exists.kind, 'exists');
  assert.match(exists.message, /Secret 'new\/secret' already exists in region us-east-1/);

  proxy.operations.length = 0;
  const badName = await failureOf(gateway.createSecret({ ...input, name: 'bad name!' }));
  assert.equal(badName.kind, 'invalid-name');
  assert.deepEqual(proxy.operations, [], 'moto accepts any name, so the gateway checks names itself');
  assertNoValue(JSON.stringify([exists, badName]));
  gateway.dispose();
});

async function assertUnreachable(endpoint: string): Promise<void> {
  const gateway = await gatewayAt(endpoint);
  const started = Date.now();
  const failure = await failureOf(gateway.listSecrets());
  assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
  assert.equal(failure.kind, 'unreachable');
  assert.equal(failure.awsCode, 'ECONNREFUSED');
  assert.equal(
    failure.message,
    `Could not reach Secrets Manager at ${endpoint} (connection refused). Check awsSecretRefs.endpoint (or AWS_ENDPOINT_URL) and that the service there is running.`,
  );
  gateway.dispose();
}

test('nothing listening on the port: unreachable within a few seconds, naming the endpoint', async () => {
  await assertUnreachable(`http://127.0.0.1:${await freePort()}`);
});

test('an endpoint that accepts but never answers: timeout after the request time limit', async () => {
  const gateway = await gatewayAt(proxy.endpoint, { requestTimeoutMs: 500 });
  proxy.intercept(() => 'hang');
  try {
    const started = Date.now();
    const failure = await failureOf(gateway.describeSecret('prod/postgres/password'));
    assert.equal(failure.kind, 'timeout');
    assert.match(failure.message, /did not answer in time/);
    assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
  } finally {
    proxy.intercept(undefined);
    gateway.dispose();
  }
});

// moto allows every call and never throttles: the proxy stands in for AWS with AWS's own error responses.
test('stubbed AWS faults moto cannot produce: access denied, throttling, rejected credentials', async () => {
  const gateway = await gatewayAt(proxy.endpoint);
  const cases: [Reply, AwsFailure['kind'], RegExp][] = [
    [
      accessDenied('GetSecretValue'),
      'access-denied',
      /AWS denied access \(environment credentials · us-east-1 · .*\): User: .* is not authorized to perform: secretsmanager:GetSecretValue .*Ask for the missing secretsmanager permission/,
    ],
    [throttling(), 'throttled', /throttling/],
    [
      awsError('UnrecognizedClientException', 'The security token included in the request is invalid.'),
      'invalid-credentials',
      /AWS rejected the credentials/,
    ],
    [awsError('ExpiredTokenException', 'The security token included in the request is expired'), 'invalid-credentials', /Renew them/],
    [
      awsError('DecryptionFailure', 'Secrets Manager can’t decrypt the protected secret text using the provided KMS key.'),
      'decryption-failure',
      /kms:Decrypt/,
    ],
    [awsError('LimitExceededException', 'You have reached the maximum number of secrets.'), 'limit-exceeded', /quota/],
    [awsError('InternalServiceError', 'An error occurred on the server side.', 500), 'other', /InternalServiceError/],
  ];
  try {
    for (const [reply, kind, message] of cases) {
      proxy.operations.length = 0;
      proxy.intercept(() => reply);
      const failure = await failureOf(gateway.getSecretValue('prod/postgres/password'));
      assert.equal(failure.kind, kind, JSON.stringify(failure));
      assert.match(failure.message, message);
      assertNoValue(failure.message);
    }
    assert.equal(proxy.operations.length, 2, 'a server error is retried once, then reported');
  } finally {
    proxy.intercept(undefined);
    gateway.dispose();
  }
});

test('a cancelled listing rejects as cancelled', async () => {
  const gateway = await gatewayAt(proxy.endpoint);
  const abort = new AbortController();
  proxy.intercept(() => 'hang');
  try {
    const listing = gateway.listSecrets(abort.signal);
    setTimeout(() => abort.abort(), 50);
    assert.equal((await failureOf(listing)).kind, 'cancelled');
  } finally {
    proxy.intercept(undefined);
    gateway.dispose();
  }
});

// moto always answers whole and well-formed pages: the proxy misbehaves as a broken network or proxy can.
test('an answer sent one byte at a time fails at the whole-call deadline instead of wedging the listing', { timeout: 10_000 }, async () => {
  const gateway = await gatewayAt(proxy.endpoint, { callTimeoutMs: 1_000 });
  proxy.intercept(() => 'trickle');
  try {
    const started = Date.now();
    const failure = await failureOf(gateway.listSecrets());
    assert.equal(failure.kind, 'timeout');
    assert.equal(
      failure.message,
      `Secrets Manager at ${proxy.endpoint} did not send a whole answer within 1 s. Check the network and the endpoint, then try again.`,
    );
    assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
  } finally {
    proxy.intercept(undefined);
    gateway.dispose();
  }
});

test('paging stops on a NextToken that comes back, and at the page cap', { timeout: 10_000 }, async () => {
  const gateway = await gatewayAt(proxy.endpoint, { maxPages: 5 });
  const page = (name: string, token: string) => ({
    status: 200,
    body: { SecretList: [{ Name: name, ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-AbCdEf` }], NextToken: token },
  });
  try {
    proxy.intercept((operation, input) => (operation === 'ListSecrets' ? page('loop', input.NextToken === 'b' ? 'a' : 'b') : undefined));
    const looping = await failureOf(gateway.listSecrets());
    assert.equal(looping.kind, 'bad-response');
    assert.match(
      looping.message,
      /^Secrets Manager at http:\/\/127\.0\.0\.1:\d+ kept paging: stopped after 3 pages \(a NextToken came back\)\. Check awsSecretRefs\.endpoint/,
    );

    let served = 0;
    proxy.intercept((operation) => (operation === 'ListSecrets' ? page(`endless-${served}`, `token-${served++}`) : undefined));
    const endless = await failureOf(gateway.listSecrets());
    assert.match(endless.message, /kept paging: stopped after 5 pages \(at most 5 are read\)/);
    assert.equal(served, 5);
  } finally {
    proxy.intercept(undefined);
    gateway.dispose();
  }
});

test('a listing without a SecretList is a bad response, never an empty list', async () => {
  const gateway = await gatewayAt(proxy.endpoint);
  try {
    for (const body of [{}, { SecretList: null }]) {
      proxy.intercept((operation) => (operation === 'ListSecrets' ? { status: 200, body } : undefined));
      const failure = await failureOf(gateway.listSecrets());
      assert.equal(failure.kind, 'bad-response', JSON.stringify(body));
      assert.match(failure.message, /^Secrets Manager at http:\/\/127\.0\.0\.1:\d+ answered ListSecrets without a SecretList\./);
    }
  } finally {
    proxy.intercept(undefined);
    gateway.dispose();
  }
});

test('an HTML page names its HTTP status and content type; a reset connection is called one', async () => {
  const gateway = await gatewayAt(proxy.endpoint);
  try {
    proxy.intercept(() => ({
      status: 500,
      contentType: 'text/html',
      text: '<html><body><h1>500 Internal Server Error</h1></body></html>',
    }));
    const html = await failureOf(gateway.listSecrets());
    assert.equal(html.kind, 'bad-response');
    assert.equal(
      html.message,
      `Secrets Manager at ${proxy.endpoint} answered with HTTP 500 (text/html), not a Secrets Manager response. Check awsSecretRefs.endpoint (or AWS_ENDPOINT_URL) and any proxy in between.`,
    );
    proxy.intercept(() => ({ status: 200, contentType: 'text/html; charset=utf-8', text: '<html>Sign in to continue</html>' }));
    assert.match(
      (await failureOf(gateway.getSecretValue('prod/postgres/password'))).message,
      /answered with HTTP 200 \(text\/html; charset=utf-8\)/,
    );

    proxy.intercept(() => 'reset');
    const reset = await failureOf(gateway.listSecrets());
    assert.equal(reset.kind, 'unreachable');
    assert.equal(reset.awsCode, 'ECONNRESET');
    assert.match(reset.message, /^Could not reach Secrets Manager at http:\/\/127\.0\.0\.1:\d+ \(connection reset\)\./);
  } finally {
    proxy.intercept(undefined);
    gateway.dispose();
  }
});

test('text from the endpoint is shown cut and without control characters: error messages and descriptions', async () => {
  const gateway = await gatewayAt(proxy.endpoint);
  const noisy = `\u001b[31mDenied\u001b[0m\r\n\u0007 by policy \u202e${'x'.repeat(5_000)}`;
  try {
    proxy.intercept(() => awsError('AccessDeniedException', noisy));
    const denied = await failureOf(gateway.getSecretValue('prod/postgres/password'));
    assert.equal(denied.kind, 'access-denied');
    assert.match(denied.message, /: Denied by policy x+… Ask for the missing secretsmanager permission/);
    assert.ok(denied.message.length < 500, `${denied.message.length} characters`);
    assert.doesNotMatch(denied.message, /[\p{Cc}\u202e]/u);

    proxy.intercept((operation) =>
      operation === 'ListSecrets'
        ? {
            status: 200,
            body: {
              SecretList: [{ Name: 'noisy', ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:noisy-AbCdEf', Description: noisy }],
            },
          }
        : undefined,
    );
    const [listed] = await gateway.listSecrets();
    assert.ok(listed.description!.length <= 300 && listed.description!.startsWith('Denied by policy x'), listed.description);
    assert.doesNotMatch(listed.description!, /[\p{Cc}\u202e]/u);
  } finally {
    proxy.intercept(undefined);
    gateway.dispose();
  }
});

// Last, as it stops the moto this file shares.
test('moto stopped: unreachable', async () => {
  await moto.stop();
  await assertUnreachable(moto.endpoint);
});
