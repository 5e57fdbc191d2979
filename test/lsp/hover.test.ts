/**
 * Hover previews through the real server against moto: metadata, masked values, JSON keys,
 * json_value paths, links, and the errors a hover shows instead of a preview.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeSecretCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { Diagnostic, DiagnosticSeverity, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { accessDenied, awsError, startFaultProxy } from '../support/faultProxy';
import { AccountServer, ACCOUNT, REGION, seedWith, startAccountServer, useMoto, withCode } from '../support/accountServer';
import { motoClient } from '../support/moto';
import { MASK } from '../support/sampleSecrets';

const PASSWORD = 'VALUE-postgres-pw';
const OTHER_ACCOUNT_ARN = `arn:aws:secretsmanager:${REGION}:210987654321:secret:shared/key-AbCdEf`;
const DOCUMENT = [
  `PLAIN: "{{ aws_secret_var('prod/postgres/password') }}"`,
  `JSON: "{{ aws_secret_var('database_config') }}"`,
  `PATH: "{{ json_value(aws_secret_var('database_config'), 'db.hosts[0]') }}"`,
  `TYPO: "{{ json_value(aws_secret_var('database_config'), 'usr') }}"`,
  `NOT_JSON: "{{ json_value(aws_secret_var('prod/postgres/password'), 'user') }}"`,
  `BINARY: "{{ aws_secret_var('blob') }}"`,
  `MISSING: "{{ aws_secret_var('no/such/secret') }}"`,
  `DELETED: "{{ aws_secret_var('old/secret') }}"`,
  `ROTATED: "{{ aws_secret_var('rotated') }}"`,
  `OTHER_ACCOUNT: "{{ aws_secret_var('${OTHER_ACCOUNT_ARN}') }}"`,
  '',
].join('\n');
const LINES = DOCUMENT.split('\n');
const uri = 'file:///workspace/io_config.yaml';
const arns: Record<string, string> = {};

describe('hover against moto', () => {
  const moto = useMoto(async (endpoint) => {
    Object.assign(
      arns,
      await seedWith(endpoint, [
        { Name: 'prod/postgres/password', SecretString: PASSWORD, Description: 'Main database' },
        {
          Name: 'database_config',
          SecretString: JSON.stringify({ user: 'VALUE-admin', port: 5432, ssl: true, db: { hosts: ['VALUE-h1'] } }),
        },
        { Name: 'blob', SecretBinary: new Uint8Array([1, 2, 3, 4, 5]) },
        { Name: 'old/secret', SecretString: 'VALUE-old', deleted: true },
        { Name: 'rotated', SecretString: 'VALUE-rotated' },
      ]),
    );
    const client = motoClient(endpoint);
    try {
      // moto turns rotation on, then fails to find the Lambda function: fine for a preview.
      await client
        .send(
          new RotateSecretCommand({
            SecretId: 'rotated',
            RotationLambdaARN: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:rotate`,
            RotationRules: { AutomaticallyAfterDays: 30 },
          }),
        )
        .catch(() => undefined);
    } finally {
      client.destroy();
    }
  });

  /** What DescribeSecret says, as the hover shows dates. */
  async function described(name: string): Promise<{ changed?: string; nextRotation?: string; rotation: boolean }> {
    const client = motoClient(moto().endpoint);
    try {
      const found = await client.send(new DescribeSecretCommand({ SecretId: name }));
      return {
        changed: found.LastChangedDate?.toISOString().slice(0, 10),
        nextRotation: found.NextRotationDate?.toISOString().slice(0, 10),
        rotation: !!found.RotationEnabled,
      };
    } finally {
      client.destroy();
    }
  }

  describe('with the list loaded', () => {
    let server: AccountServer;
    before(async () => {
      server = await startAccountServer({ endpoint: moto().endpoint });
      server.open(uri, DOCUMENT);
      await server.state('ready');
    });
    after(() => server.stop());

    test('a plain secret: name, ARN, description, dates, rotation, masked value and length, links', async () => {
      const { changed } = await described('prod/postgres/password');
      const arn = arns['prod/postgres/password'];
      const argument = encodeURIComponent(JSON.stringify([arn]));
      const result = await hoverOn(server, 'PLAIN', 'aws_secret_var');
      assert.deepEqual(result.range, rangeOf('PLAIN', `aws_secret_var('prod/postgres/password')`));
      assert.equal(
        markdown(result),
        [
          '**prod/postgres/password** · AWS Secrets Manager',
          `\`${arn}\``,
          'Main database',
          [changed && `Last changed ${changed}`, 'Rotation off'].filter(Boolean).join(' · '),
          `Value: \`${MASK}\` · ${PASSWORD.length} characters`,
          // No console link: the console does not show the secrets of a custom endpoint.
          [
            `[Copy ARN](command:awsSecretRefs.copyArn?${argument})`,
            `[Reveal value…](command:awsSecretRefs.revealValue?${argument})`,
            `[Copy value…](command:awsSecretRefs.copyValue?${argument})`,
          ].join(' · '),
        ].join('\n\n'),
      );
    });

    test('rotation on, with the next date', async () => {
      const { nextRotation, rotation } = await described('rotated');
      assert.ok(rotation, 'moto turned rotation on');
      assert.ok(paragraphs(await hoverOn(server, 'ROTATED', 'rotated')).some((line) => line.endsWith(`Rotation on, next ${nextRotation}`)));
    });

    test('a JSON secret: each key and type, values masked', async () => {
      const lines = paragraphs(await hoverOn(server, 'JSON', 'database_config'));
      assert.equal(lines[0], '**database\\_config** · AWS Secrets Manager');
      assert.equal(lines[3], 'Value: JSON with 6 fields');
      assert.equal(
        lines[4],
        [
          '| key | type | value |',
          '|---|---|---|',
          `| \`user\` | string | \`${MASK}\` |`,
          `| \`port\` | number | \`${MASK}\` |`,
          '| `ssl` | boolean |  |',
          '| `db` | object |  |',
          '| `db.hosts` | array |  |',
          `| \`db.hosts[0]\` | string | \`${MASK}\` |`,
        ].join('\n'),
      );
    });

    test('json_value: the selected key, or the missing one', async () => {
      assert.equal(paragraphs(await hoverOn(server, 'PATH', 'db.hosts')).at(-2), `json_value selects \`db.hosts[0]\`: string \`${MASK}\``);
      assert.equal(
        paragraphs(await hoverOn(server, 'TYPO', 'usr')).at(-2),
        '⚠ json_value path `usr` is not in this secret: Mage renders None.',
      );
      assert.equal(
        paragraphs(await hoverOn(server, 'NOT_JSON', 'user')).at(-2),
        '⚠ json_value reads `user`, but this secret is not JSON: Mage returns the value unchanged.',
      );
    });

    test('json-path-missing with did-you-mean, and json-path-not-json, once the keys are known', async () => {
      const diagnostics = await server.diagnostics(uri, (params) => withCode(params.diagnostics, 'json-path-missing').length > 0);
      const summary = (diagnostic: Diagnostic) => [diagnostic.code, diagnostic.severity, diagnostic.range, diagnostic.message];
      assert.deepEqual(diagnostics.filter((diagnostic) => String(diagnostic.code).startsWith('json-path')).map(summary), [
        [
          'json-path-missing',
          DiagnosticSeverity.Warning,
          rangeOf('TYPO', 'usr'),
          "'usr' is not a key of secret 'database_config': json_value renders None. Did you mean 'user'?",
        ],
        [
          'json-path-not-json',
          DiagnosticSeverity.Warning,
          rangeOf('NOT_JSON', 'user'),
          "Secret 'prod/postgres/password' is not JSON: json_value returns its whole value unchanged, not 'user'.",
        ],
      ]);
      assert.deepEqual(withCode(diagnostics, 'secret-not-found').length, 1, 'only no/such/secret');
    });

    test('a binary secret: its size', async () => {
      assert.equal(
        paragraphs(await hoverOn(server, 'BINARY', 'blob')).at(-2),
        'Value: binary, 5 bytes (Mage renders a binary secret as None).',
      );
    });

    test('a secret that is not there', async () => {
      assert.deepEqual(paragraphs(await hoverOn(server, 'MISSING', 'no/such')), [
        '**no/such/secret** · AWS Secrets Manager',
        `Not found in account ${ACCOUNT}, region ${REGION}, profile default.`,
      ]);
    });

    test('an ARN of another account is not in the list: AWS is asked, not the list', async () => {
      assert.deepEqual(
        paragraphs(await hoverOn(server, 'OTHER_ACCOUNT', 'aws_secret_var'))
          .slice(1, 2)
          .map(unescape),
        [
          // Said once, not once for the metadata and again for the value.
          `Value: not available. Secret '${OTHER_ACCOUNT_ARN}' does not exist in region ${REGION} at ${moto().endpoint}. Check the name, the region and the profile.`,
        ],
      );
    });

    test('a secret scheduled for deletion: the date, and why there is no value', async () => {
      const lines = paragraphs(await hoverOn(server, 'DELETED', 'old/secret'));
      assert.match(lines[2], /^Last changed \d{4}-\d\d-\d\d · Rotation off · \*\*Scheduled for deletion on \d{4}-\d\d-\d\d\*\*$/);
      assert.equal(
        unescape(lines[3]),
        `Value: not available. Secret '${arns['old/secret']}' is scheduled for deletion. Restore it with \`aws secretsmanager restore-secret --secret-id ${arns['old/secret']}\`, or refer to another secret.`,
      );
    });

    test('hover.revealTrailingCharacters: 2 shows the last two characters', async () => {
      const since = server.notifications.length;
      server.setSettings({ endpoint: moto().endpoint, region: REGION, hover: { revealTrailingCharacters: 2 } });
      server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await server.state('ready', since);
      assert.ok(paragraphs(await hoverOn(server, 'PLAIN', 'prod')).includes(`Value: \`${MASK}pw\` · ${PASSWORD.length} characters`));
    });
  });

  describe('faults moto cannot produce, from the fault proxy stub', () => {
    test('access denied and decryption failure are said in the hover', async () => {
      const proxy = await startFaultProxy(moto().endpoint);
      const server = await startAccountServer({ endpoint: proxy.endpoint });
      try {
        // Set before the document opens: its json_value reference has the keys fetched in the background at once.
        proxy.intercept((operation, input) => {
          if (operation !== 'GetSecretValue') return undefined;
          if (String(input.SecretId).includes('database_config'))
            return awsError('DecryptionFailure', "Secrets Manager can't decrypt the protected secret text using the provided KMS key.");
          return accessDenied(operation);
        });
        server.open(uri, DOCUMENT);
        await server.state('ready');
        const denied = paragraphs(await hoverOn(server, 'PLAIN', 'prod'));
        assert.equal(
          unescape(denied[4]),
          `Value: not available. AWS denied access (environment credentials · ${REGION} · ${proxy.endpoint}): User: arn:aws:iam::123456789012:user/dev is not authorized to perform: ` +
            'secretsmanager:GetSecretValue because no identity-based policy allows the secretsmanager:GetSecretValue action. Ask for the missing secretsmanager permission, or use another profile.',
        );
        const undecryptable = paragraphs(await hoverOn(server, 'JSON', 'database_config'));
        assert.equal(
          unescape(undecryptable[3]),
          `Value: not available. Secrets Manager could not decrypt secret '${arns.database_config}' with its KMS key. The credentials need kms:Decrypt on that key.`,
        );
      } finally {
        await server.stop();
        await proxy.stop();
      }
    });

    test('an endpoint that never answers: the hover still answers, saying it failed', async () => {
      const proxy = await startFaultProxy(moto().endpoint);
      proxy.intercept(() => 'hang');
      const server = await startAccountServer({ endpoint: proxy.endpoint });
      try {
        server.open(uri, DOCUMENT);
        await server.state('loading');
        const lines = paragraphs(await hoverOn(server, 'PLAIN', 'prod'));
        assert.deepEqual(lines.slice(1), ['Value: not available. AWS did not answer within 3 seconds; hover again in a moment.', '']);
      } finally {
        await server.stop();
        await proxy.stop();
      }
    });
  });
});

/** The range of `part` on the line of `key`. */
function rangeOf(key: string, part: string) {
  const line = LINES.findIndex((text) => text.startsWith(`${key}:`));
  const character = LINES[line].indexOf(part);
  return { start: { line, character }, end: { line, character: character + part.length } };
}

async function hoverOn(server: AccountServer, key: string, part: string): Promise<Hover> {
  const { start } = rangeOf(key, part);
  const result: Hover | null = await server.connection.sendRequest('textDocument/hover', {
    textDocument: { uri },
    position: { line: start.line, character: start.character + 1 },
  });
  assert.ok(result, `a hover on ${part}`);
  return result;
}

function markdown(result: Hover): string {
  return (result.contents as MarkupContent).value;
}

function paragraphs(result: Hover): string[] {
  return markdown(result).split('\n\n');
}

/** The text of markdown with backslash escapes, as shown. */
function unescape(text: string): string {
  return text.replace(/\\([\\`*_{}[\]<>()#+!|~])/g, '$1');
}
