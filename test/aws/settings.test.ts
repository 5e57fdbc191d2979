import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { createGateway, describeScope, loadProfiles, resolveAwsSettings } from '../../server/src/aws';
import { readEditorSettings } from '../../shared/settings';

const settingsFromConfiguration = (section: unknown) => readEditorSettings(section).aws;
import { AwsFailureError } from '../../server/src/aws/failure';
import { freePort } from '../support/moto';
import { withAwsEnv, writeAwsFile } from '../support/awsEnv';

const CONFIG = `
[default]
region = us-west-2

[profile dev]
region = eu-west-1
endpoint_url = http://127.0.0.1:4566

[profile noregion]
output = json

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
`;
const CREDENTIALS = `
[default]
aws_access_key_id = AKIDEXAMPLE
aws_secret_access_key = example

[ci]
aws_access_key_id = AKIDEXAMPLE
aws_secret_access_key = example
region = ap-south-1
`;

test('settingsFromConfiguration treats blank values as unset', () => {
  assert.deepEqual(settingsFromConfiguration({ profile: ' dev ', region: '', endpoint: 42 }), {
    profile: 'dev',
    region: undefined,
    endpoint: undefined,
  });
  assert.deepEqual(settingsFromConfiguration(undefined), { profile: undefined, region: undefined, endpoint: undefined });
});

test('loadProfiles reads both shared files, honoring AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE', async () => {
  await withAwsEnv({}, async (home) => {
    const configFile = writeAwsFile(home, 'elsewhere/config', CONFIG);
    const credentialsFile = writeAwsFile(home, 'elsewhere/creds', CREDENTIALS);
    process.env.AWS_CONFIG_FILE = configFile;
    process.env.AWS_SHARED_CREDENTIALS_FILE = credentialsFile;
    const shared = await loadProfiles();
    assert.equal(shared.configFile, configFile);
    assert.equal(shared.credentialsFile, credentialsFile);
    assert.deepEqual(shared.profiles, [
      { name: 'ci', region: 'ap-south-1', endpointUrl: undefined },
      { name: 'default', region: 'us-west-2', endpointUrl: undefined },
      { name: 'dev', region: 'eu-west-1', endpointUrl: 'http://127.0.0.1:4566' },
      { name: 'noregion', region: undefined, endpointUrl: undefined },
    ]);
  });
});

test('loadProfiles without shared files finds no profile', async () => {
  await withAwsEnv({}, async (home) => {
    const shared = await loadProfiles();
    assert.deepEqual(shared.profiles, []);
    assert.equal(shared.configFile, path.join(home, '.aws', 'config'));
  });
});

test('the region comes from the settings, then AWS_REGION, AWS_DEFAULT_REGION, then the profile', async () => {
  await withAwsEnv({}, async (home) => {
    writeAwsFile(home, 'config', CONFIG);
    assert.equal((await resolveAwsSettings({})).region, 'us-west-2');
    assert.equal((await resolveAwsSettings({ profile: 'dev' })).region, 'eu-west-1');
    process.env.AWS_DEFAULT_REGION = 'ca-central-1';
    assert.equal((await resolveAwsSettings({ profile: 'dev' })).region, 'ca-central-1');
    process.env.AWS_REGION = 'sa-east-1';
    assert.equal((await resolveAwsSettings({ profile: 'dev' })).region, 'sa-east-1');
    assert.equal((await resolveAwsSettings({ profile: 'dev', region: 'me-south-1' })).region, 'me-south-1');
  });
});

test('the profile comes from the settings, then AWS_PROFILE, else default', async () => {
  await withAwsEnv({ AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'x' }, async (home) => {
    writeAwsFile(home, 'config', CONFIG);
    const unset = await resolveAwsSettings({});
    assert.equal(unset.profile, 'default');
    assert.equal(unset.profileChosen, false);
    assert.equal(unset.environmentKeys, true);
    assert.equal(describeScope(unset), 'environment credentials · us-west-2');
    process.env.AWS_PROFILE = 'noregion';
    const fromEnv = await resolveAwsSettings({});
    assert.equal(fromEnv.profile, 'noregion');
    assert.equal(fromEnv.environmentKeys, false);
    assert.equal(fromEnv.region, undefined);
    assert.equal(describeScope(fromEnv), 'profile noregion · no region');
    const fromSettings = await resolveAwsSettings({ profile: 'dev' });
    assert.equal(fromSettings.profile, 'dev');
    assert.equal(fromSettings.profileFound, true);
    assert.deepEqual(fromSettings.knownProfiles, ['default', 'dev', 'noregion']);
  });
});

test('the endpoint comes from the settings, then AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL, then the profile', async () => {
  await withAwsEnv({}, async (home) => {
    writeAwsFile(home, 'config', CONFIG);
    assert.equal((await resolveAwsSettings({})).endpoint, undefined);
    assert.equal((await resolveAwsSettings({ profile: 'dev' })).endpoint, 'http://127.0.0.1:4566');
    process.env.AWS_ENDPOINT_URL = 'http://global:1';
    assert.equal((await resolveAwsSettings({ profile: 'dev' })).endpoint, 'http://global:1');
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = 'http://service:2';
    assert.equal((await resolveAwsSettings({ profile: 'dev' })).endpoint, 'http://service:2');
    process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS = 'true';
    assert.equal((await resolveAwsSettings({ profile: 'dev' })).endpoint, undefined);
    const chosen = await resolveAwsSettings({ profile: 'dev', endpoint: 'http://127.0.0.1:9999' });
    assert.equal(chosen.endpoint, 'http://127.0.0.1:9999');
    assert.equal(describeScope(chosen), 'profile dev · eu-west-1 · http://127.0.0.1:9999');
  });
});

/** Runs one listing and returns its failure; the endpoint has nothing listening, so any call that got that far would be `unreachable`. */
async function failureOf(settings: { profile?: string; region?: string }) {
  const gateway = createGateway(await resolveAwsSettings({ ...settings, endpoint: `http://127.0.0.1:${await freePort()}` }));
  try {
    await gateway.listSecrets();
    assert.fail('the listing should have failed');
  } catch (error) {
    assert.ok(error instanceof AwsFailureError);
    return error.failure;
  } finally {
    gateway.dispose();
  }
}

test('no credentials anywhere: the message names where it looked', async () => {
  await withAwsEnv({ AWS_REGION: 'us-east-1' }, async (home) => {
    const started = Date.now();
    const failure = await failureOf({});
    assert.equal(failure.kind, 'no-credentials');
    assert.match(failure.message, /No AWS credentials found/);
    assert.ok(failure.message.includes(path.join(home, '.aws', 'config')), failure.message);
    assert.match(failure.message, /AWS_ACCESS_KEY_ID/);
    assert.match(failure.message, /aws configure/);
    assert.ok(Date.now() - started < 5_000);
  });
});

test('a chosen profile without credentials: no-credentials, naming the profile', async () => {
  await withAwsEnv({ AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'x' }, async (home) => {
    writeAwsFile(home, 'config', CONFIG);
    const failure = await failureOf({ profile: 'dev' });
    assert.equal(failure.kind, 'no-credentials');
    assert.match(failure.message, /profile 'dev'/);
    assert.match(failure.message, /aws configure --profile dev/);
  });
});

test('a profile that does not exist: profile-not-found, listing the known ones', async () => {
  await withAwsEnv({}, async (home) => {
    writeAwsFile(home, 'config', CONFIG);
    writeAwsFile(home, 'credentials', CREDENTIALS);
    for (const settings of [{ profile: 'prod' }, { profile: 'prod', region: 'us-east-1' }]) {
      const failure = await failureOf(settings);
      assert.equal(failure.kind, 'profile-not-found', JSON.stringify(settings));
      assert.match(failure.message, /Profile 'prod' is in neither .*config nor .*credentials/);
      assert.match(failure.message, /Known profiles: ci, default, dev, noregion/);
    }
  });
});

test('no region anywhere: no-region, saying where to set one', async () => {
  await withAwsEnv({}, async (home) => {
    writeAwsFile(home, 'config', CONFIG);
    const failure = await failureOf({ profile: 'noregion' });
    assert.equal(failure.kind, 'no-region');
    assert.match(failure.message, /awsSecretRefs\.region/);
  });
});

test('an expired SSO session: sso-expired, with the login command (legacy and sso-session profiles)', async () => {
  await withAwsEnv({}, async (home) => {
    const startUrl = 'https://corp.awsapps.com/start';
    writeAwsFile(
      home,
      'config',
      `[profile legacy]\nsso_start_url = ${startUrl}\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Dev\nregion = us-east-1\n\n` +
        `[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Dev\nregion = us-east-1\n\n` +
        `[sso-session corp]\nsso_start_url = ${startUrl}\nsso_region = us-east-1\n`,
    );
    // The AWS CLI caches SSO tokens under the SHA-1 of the start URL (legacy) or of the session name.
    const expired = JSON.stringify({ accessToken: 'token', expiresAt: '2020-01-01T00:00:00Z', region: 'us-east-1', startUrl });
    for (const key of [startUrl, 'corp']) {
      writeAwsFile(home, `sso/cache/${crypto.createHash('sha1').update(key).digest('hex')}.json`, expired);
    }
    for (const profile of ['legacy', 'dev']) {
      const failure = await failureOf({ profile });
      assert.deepEqual(failure, {
        kind: 'sso-expired',
        message: `The SSO session for profile '${profile}' has expired. Run \`aws sso login --profile ${profile}\`.`,
      });
    }
  });
});

test('an endpoint that is not an http(s) URL: invalid-endpoint, without any call', async () => {
  await withAwsEnv({ AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'x' }, async () => {
    const gateway = createGateway(await resolveAwsSettings({ endpoint: 'localhost:4566' }));
    await assert.rejects(gateway.describeSecret('x'), (error: AwsFailureError) => {
      assert.equal(error.failure.kind, 'invalid-endpoint');
      assert.match(error.failure.message, /'localhost:4566' is not an http:\/\/ or https:\/\/ URL/);
      return true;
    });
    gateway.dispose();
  });
});
