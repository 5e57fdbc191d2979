/** The secret list cache against moto, with the fault proxy in front to count and hold calls. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { SecretList, SecretListState, SecretListStatus } from '../../server/src/aws';
import { accessDenied, FaultProxy, useMotoBehindProxy } from '../support/faultProxy';
import { freePort, Moto, seedSecrets } from '../support/moto';

let moto: Moto;
let proxy: FaultProxy;

useMotoBehindProxy(async (started, startedProxy) => {
  [moto, proxy] = [started, startedProxy];
  await seedSecrets(moto.endpoint, {
    'prod/postgres/password': 'pg-Value',
    'prod/postgres/username': 'pg-user-Value',
    API_KEY: 'api-Value',
    'db-abcdef': 'suffix-like-Value',
  });
});

function listCalls(): number {
  return proxy.operations.filter((operation) => operation === 'ListSecrets').length;
}

function statuses(list: SecretList): SecretListStatus[] {
  const seen: SecretListStatus[] = [];
  list.onDidChange((state) => seen.push(state.status));
  return seen;
}

test('loads on demand, once for concurrent callers, and finds secrets by name, full ARN and partial ARN', async () => {
  const list = await SecretList.create({ endpoint: proxy.endpoint });
  const seen = statuses(list);
  assert.equal(list.state.status, 'unknown');
  assert.deepEqual(list.state.scope, { profile: 'default', region: 'us-east-1', endpoint: proxy.endpoint });
  const before = listCalls();
  const [first, second] = await Promise.all([list.load(), list.load()]);
  assert.equal(listCalls() - before, 1);
  assert.equal(first, second);
  assert.deepEqual(seen, ['loading', 'ready']);
  assert.equal(first.status, 'ready');
  assert.equal(first.secrets.length, 4);
  assert.equal(first.scope.account, '123456789012');
  assert.ok(first.loadedAt! <= Date.now());

  const postgres = list.find('prod/postgres/password')!;
  assert.equal(postgres.name, 'prod/postgres/password');
  assert.equal(list.find(postgres.arn), postgres);
  assert.equal(list.find(postgres.arn.slice(0, -7)), postgres, 'partial ARN');
  assert.equal(list.find('prod/postgres/pass'), undefined);
  assert.equal(list.find(postgres.arn.replace('us-east-1', 'eu-west-1')), undefined, 'another region');
  // (The suffix is random: the wrong last character must differ from the real one.)
  const wrongLast = postgres.arn.endsWith('Z') ? 'Y' : 'Z';
  assert.equal(list.find(postgres.arn.slice(0, -1) + wrongLast), undefined, 'a wrong suffix');
  // A name that itself ends like an ARN suffix: its partial ARN looks full, yet still names it.
  const suffixLike = list.find('db-abcdef')!;
  assert.equal(list.find(suffixLike.arn.slice(0, -7)), suffixLike);

  assert.deepEqual(list.closeNames('prod/postgres/pasword'), ['prod/postgres/password']);
  assert.deepEqual(list.closeNames('arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/postgres/passwrd-AbCdEf'), [
    'prod/postgres/password',
  ]);
  assert.deepEqual(list.closeNames('api_key'), ['API_KEY']);
  assert.deepEqual(list.closeNames('something/else'), []);
  list.dispose();
});

test('reloads only after the TTL, and at once on refresh()', async () => {
  const list = await SecretList.create({ endpoint: proxy.endpoint }, { ttlMs: 400 });
  await list.load();
  await seedSecrets(moto.endpoint, { 'late/secret': 'late-Value' });
  const before = listCalls();
  assert.equal((await list.load()).secrets.length, 4, 'still fresh');
  assert.equal(listCalls(), before);
  await new Promise((resolve) => setTimeout(resolve, 450));
  const seen = statuses(list);
  const reloaded = await list.load();
  assert.equal(reloaded.secrets.length, 5);
  assert.deepEqual(seen, ['ready'], 'a background reload of a ready list stays ready');
  assert.ok(list.find('late/secret'));

  list.setTtl(60_000);
  await seedSecrets(moto.endpoint, { 'later/secret': 'later-Value' });
  assert.equal((await list.load()).secrets.length, 5);
  assert.equal((await list.refresh()).secrets.length, 6);
  list.dispose();
});

test('new settings start a new list without a restart; a load for the old settings is dropped', async () => {
  const list = await SecretList.create({ endpoint: proxy.endpoint });
  await list.load();
  const creator = await SecretList.create({ endpoint: moto.endpoint, region: 'eu-west-1' });
  const created = await creator.gateway.createSecret({
    name: 'eu/only',
    secretString: 'eu-Value',
    clientRequestToken: 'eu-only-token-0123456789abcdef0123456789',
  });
  creator.dispose();

  proxy.intercept(() => 'hang');
  await list.configure({ endpoint: proxy.endpoint, region: 'ap-south-1' });
  const held = list.load();
  assert.equal(list.state.status, 'loading');
  proxy.intercept(undefined);
  const seen = statuses(list);
  await list.configure({ endpoint: proxy.endpoint, region: 'eu-west-1' });
  assert.deepEqual(list.state.scope, { profile: 'default', region: 'eu-west-1', endpoint: proxy.endpoint });
  assert.equal(list.state.status, 'unknown');
  assert.equal((await held).failure?.kind, 'cancelled');
  const loaded = await list.load();
  assert.deepEqual(seen, ['unknown', 'loading', 'ready'], 'the cancelled load was never reported');
  assert.deepEqual(
    loaded.secrets.map((secret) => secret.name),
    ['eu/only'],
  );
  assert.equal(list.find(created.arn)?.name, 'eu/only');

  const unchanged = list.state;
  await list.configure({ endpoint: proxy.endpoint, region: 'eu-west-1' });
  assert.equal(list.state, unchanged, 'the same settings keep the list');
  list.dispose();
});

test('a failed load is an error state with the failure; add() shows a new secret before the list does', async () => {
  const list = await SecretList.create({ endpoint: `http://127.0.0.1:${await freePort()}` });
  const failed: SecretListState = await list.load();
  assert.equal(failed.status, 'error');
  assert.equal(failed.failure?.kind, 'unreachable');
  assert.deepEqual(failed.secrets, []);

  await list.configure({ endpoint: moto.endpoint });
  await list.load();
  const count = list.state.secrets.length;
  const input = { name: 'just/created', secretString: 'new-Value', clientRequestToken: 'just-created-token-0123456789abcdef01234' };
  const created = await list.gateway.createSecret(input);
  list.add({ ...created, rotationEnabled: false });
  assert.equal(list.state.secrets.length, count + 1);
  assert.equal(list.find('just/created')?.arn, created.arn);
  assert.equal(list.state.status, 'ready');
  assert.ok(!JSON.stringify(list.state).includes('Value'), 'the list never holds a value');
  list.dispose();
});

// moto does not fail on demand: the proxy stands in for an endpoint that goes away and comes back.
test('a failed reload keeps the last list, marked stale, and retries in the background less and less often', async () => {
  const list = await SecretList.create({ endpoint: proxy.endpoint }, { ttlMs: 100, retryMs: 300 });
  const loaded = await list.load();
  assert.equal(loaded.status, 'ready');
  const count = loaded.secrets.length;
  await new Promise((resolve) => setTimeout(resolve, 150));
  // A failure the SDK does not retry itself, so that each load is one quick call.
  proxy.intercept(() => accessDenied('ListSecrets'));
  const seen = statuses(list);
  const failedAt = Date.now();
  const stale = await list.load();
  assert.equal(stale.status, 'error');
  assert.equal(stale.failure?.kind, 'access-denied');
  assert.equal(stale.secrets.length, count, 'the last list stays');
  assert.equal(stale.loadedAt, loaded.loadedAt, 'with the time it loaded');
  assert.ok(list.find('prod/postgres/password'));
  assert.deepEqual(seen, ['error'], 'never `loading` with no list in between');

  // Retries come by themselves, 300 ms after the first failure, then 600 ms after the second.
  await new Promise((resolve) => setTimeout(resolve, 650));
  assert.deepEqual(seen, ['error', 'error'], 'one retry so far, failed too');
  proxy.intercept(undefined);
  const back = await new Promise<SecretListState>((resolve) => list.onDidChange((state) => state.status === 'ready' && resolve(state)));
  assert.ok(Date.now() - failedAt >= 900, `the second retry waited twice as long (${Date.now() - failedAt} ms)`);
  assert.equal(back.secrets.length, count);
  assert.ok(back.loadedAt! > loaded.loadedAt!);
  list.dispose();
});

test('a listing that fails from the start is retried in the background; dispose stops the retries', async () => {
  proxy.intercept(() => 'reset');
  const list = await SecretList.create({ endpoint: proxy.endpoint }, { retryMs: 100 });
  try {
    const failed = await list.load();
    assert.equal(failed.status, 'error');
    assert.equal(failed.loadedAt, undefined, 'no list to fall back on');
    assert.match(failed.failure!.message, /\(connection reset\)/);
    const before = listCalls();
    const seen = statuses(list);
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.ok(listCalls() > before, 'retried without being asked');
    assert.ok(
      seen.every((status) => status === 'error'),
      `${seen}: a retry in the background never shows \`loading\``,
    );
    list.dispose();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const afterDispose = listCalls();
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(listCalls(), afterDispose, 'no retry once disposed');
  } finally {
    proxy.intercept(undefined);
    list.dispose();
  }
});
