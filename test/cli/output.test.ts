import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeProject, removeProjects, runCli, VERSION } from './run';

after(removeProjects);

/** An error, a warning and an information note, in three files Mage renders. */
const MIXED = {
  'io_config.yaml': [
    'version: 0.1.1',
    'default:',
    `  POSTGRES_PASSWORD: "{{ aws_secret_var('prod/postgres/password') }}"`,
    `  API_KEY: "{{ aws_secrets_var('API_KEY') }}"`,
    `  TOKEN: {{ aws_secret_var('ACCESS_TOKEN') }}`,
    '',
  ].join('\n'),
  'pipelines/etl/metadata.yaml': `name: etl\npassword: "{{ json_value(aws_secret_var('database_config'), 'snowflake_password') }}"\n`,
  'data_loaders/source.yaml': `source: postgres\nconfig:\n  password: "{{ aws_secret_var(env_var('ENV') ~ '/db') }}"\n`,
};

const MIXED_LINES = [
  'data_loaders/source.yaml:3:32: info call-dynamic-id This secret id is built when Mage renders the file, so it cannot be checked here.',
  `io_config.yaml:4:16: error call-unknown-function 'aws_secrets_var' is not a function Mage knows. Did you mean 'aws_secret_var'? Rendering this file fails with "'aws_secrets_var' is undefined".`,
  'io_config.yaml:5:10: warning yaml-unquoted-template Unquoted template: Mage renders it before reading the YAML, but every other YAML tool (editors, linters, formatters) reads { as the start of a mapping. Put the value in quotes.',
  '3 problems (1 error, 1 warning, 1 info) in 3 files',
];

/** Two warnings and nothing else. */
const WARNINGS_ONLY = {
  'io_config.yaml': `default:\n  A: {{ aws_secret_var('a') }}\n  B: {{ aws_secret_var('b') }}\n`,
};

const CLEAN = {
  'io_config.yaml': `default:\n  A: "{{ aws_secret_var('prod/postgres/password') }}"\n`,
  'pipelines/etl/metadata.yaml': 'name: etl\n',
};

describe('text output', () => {
  test('one line per problem, sorted by file, then the summary; status 1 on an error', async () => {
    const run = await runCli(['check'], makeProject(MIXED));
    assert.equal(run.stdout, MIXED_LINES.join('\n') + '\n');
    assert.equal(run.stderr, '');
    assert.equal(run.status, 1);
  });

  test('a clean project: the summary alone, status 0', async () => {
    const run = await runCli(['check'], makeProject(CLEAN));
    assert.equal(run.stdout, '0 problems (0 errors, 0 warnings) in 2 files\n');
    assert.equal(run.status, 0);
  });

  test('singular words for one problem in one file', async () => {
    const run = await runCli(['check'], makeProject({ 'io_config.yaml': `A: {{ aws_secret_var('a') }}\n` }));
    assert.match(run.stdout, /\n1 problem \(0 errors, 1 warning\) in 1 file\n$/);
    assert.equal(run.status, 0);
  });
});

describe('--max-warnings', () => {
  test('warnings alone pass without the option', async () => {
    const run = await runCli(['check'], makeProject(WARNINGS_ONLY));
    assert.match(run.stdout, /2 problems \(0 errors, 2 warnings\) in 1 file\n$/);
    assert.equal(run.status, 0);
  });

  test('status 1 when the warnings exceed the maximum, 0 when they do not', async () => {
    const project = makeProject(WARNINGS_ONLY);
    const over = await runCli(['check', '--max-warnings', '1'], project);
    assert.equal(over.status, 1);
    assert.equal(over.stderr, 'aws-secret-refs: too many warnings (2; at most 1 allowed by --max-warnings).\n');
    const zero = await runCli(['check', '--max-warnings=0'], project);
    assert.equal(zero.status, 1);
    const equal = await runCli(['check', '--max-warnings', '2'], project);
    assert.equal(equal.status, 0);
    assert.equal(equal.stderr, '');
  });

  test('errors fail whatever the maximum', async () => {
    const run = await runCli(['check', '--max-warnings', '100'], makeProject(MIXED));
    assert.equal(run.status, 1);
  });

  test('a value that is not a whole number is a usage error', async () => {
    const run = await runCli(['check', '--max-warnings', '1.5'], makeProject(CLEAN));
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--max-warnings takes a whole number/);
  });
});

describe('--format json', () => {
  test('the summary and every problem with its place', async () => {
    const run = await runCli(['check', '--format', 'json'], makeProject(MIXED));
    assert.equal(run.status, 1);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(report.summary, { problems: 3, errors: 1, warnings: 1, info: 1, files: 3 });
    assert.deepEqual(report.problems[1], {
      file: 'io_config.yaml',
      line: 4,
      column: 16,
      endLine: 4,
      endColumn: 31,
      severity: 'error',
      code: 'call-unknown-function',
      message: `'aws_secrets_var' is not a function Mage knows. Did you mean 'aws_secret_var'? Rendering this file fails with "'aws_secrets_var' is undefined".`,
    });
    assert.deepEqual(
      report.problems.map((p: { file: string; code: string; severity: string }) => [p.file, p.code, p.severity]),
      [
        ['data_loaders/source.yaml', 'call-dynamic-id', 'info'],
        ['io_config.yaml', 'call-unknown-function', 'error'],
        ['io_config.yaml', 'yaml-unquoted-template', 'warning'],
      ],
    );
  });

  test('a clean project: an empty list', async () => {
    const run = await runCli(['check', '--format=json'], makeProject(CLEAN));
    assert.equal(run.status, 0);
    assert.deepEqual(JSON.parse(run.stdout), { summary: { problems: 0, errors: 0, warnings: 0, info: 0, files: 2 }, problems: [] });
  });
});

/** The parts of a SARIF 2.1.0 log these tests read. */
interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: {
      driver: { name: string; version: string; informationUri: string; rules: { id: string; shortDescription: { text: string } }[] };
    };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[];
    }[];
  }[];
}

/** Asserts the properties SARIF 2.1.0 requires, and those code scanning services need to place a result. */
function assertSarifShape(log: SarifLog): void {
  assert.equal(typeof log.$schema, 'string');
  assert.match(log.$schema, /sarif-2\.1\.0/);
  assert.equal(log.version, '2.1.0');
  assert.ok(Array.isArray(log.runs) && log.runs.length === 1, 'runs: one run');
  const [run] = log.runs;
  const { driver } = run.tool;
  assert.equal(driver.name, 'aws-secret-refs');
  assert.equal(driver.version, VERSION);
  assert.doesNotThrow(() => new URL(driver.informationUri), 'informationUri is an absolute URI');
  assert.ok(Array.isArray(driver.rules));
  const ids = driver.rules.map((rule) => rule.id);
  assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
  for (const rule of driver.rules) {
    assert.equal(typeof rule.id, 'string');
    assert.equal(typeof rule.shortDescription.text, 'string');
    assert.ok(rule.shortDescription.text.length > 0);
  }
  assert.ok(Array.isArray(run.results));
  for (const result of run.results) {
    assert.ok(ids.includes(result.ruleId), `rule ${result.ruleId} is declared`);
    assert.equal(driver.rules[result.ruleIndex].id, result.ruleId);
    assert.ok(['none', 'note', 'warning', 'error'].includes(result.level));
    assert.equal(typeof result.message.text, 'string');
    assert.ok(result.message.text.length > 0);
    assert.ok(Array.isArray(result.locations) && result.locations.length >= 1);
    const { artifactLocation, region } = result.locations[0].physicalLocation;
    assert.equal(typeof artifactLocation.uri, 'string');
    assert.doesNotMatch(artifactLocation.uri, /^\/|\\|^[a-z]+:/i, 'a relative URI reference with / separators');
    for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn']) {
      assert.ok(Number.isInteger(region[key]) && region[key] >= 1, `${key} is a 1-based integer`);
    }
    assert.ok(region.endLine > region.startLine || (region.endLine === region.startLine && region.endColumn >= region.startColumn));
  }
}

describe('--format sarif', () => {
  test('SARIF 2.1.0 with rules, levels and regions', async () => {
    const run = await runCli(['check', '--format', 'sarif'], makeProject(MIXED));
    assert.equal(run.status, 1);
    const log: SarifLog = JSON.parse(run.stdout);
    assertSarifShape(log);
    const { driver } = log.runs[0].tool;
    assert.deepEqual(
      driver.rules.map((rule) => rule.id),
      ['call-dynamic-id', 'call-unknown-function', 'yaml-unquoted-template'],
    );
    assert.deepEqual(
      log.runs[0].results.map((result) => [result.ruleId, result.level]),
      [
        ['call-dynamic-id', 'note'],
        ['call-unknown-function', 'error'],
        ['yaml-unquoted-template', 'warning'],
      ],
    );
    assert.deepEqual(log.runs[0].results[1].locations[0].physicalLocation, {
      artifactLocation: { uri: 'io_config.yaml' },
      region: { startLine: 4, startColumn: 16, endLine: 4, endColumn: 31 },
    });
    assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'data_loaders/source.yaml');
  });

  test('a path with spaces is percent-encoded', async () => {
    const project = makeProject({ 'my pipelines/io_config.yaml': `A: {{ aws_secret_var('a') }}\n` });
    const run = await runCli(['check', '--format', 'sarif'], project);
    const log: SarifLog = JSON.parse(run.stdout);
    assertSarifShape(log);
    assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'my%20pipelines/io_config.yaml');
  });

  test('a clean project: a run with no results', async () => {
    const run = await runCli(['check', '--format', 'sarif'], makeProject(CLEAN));
    assert.equal(run.status, 0);
    const log: SarifLog = JSON.parse(run.stdout);
    assertSarifShape(log);
    assert.deepEqual(log.runs[0].results, []);
  });
});

describe('usage', () => {
  test('--help describes the files checked, the output and the exit statuses', async () => {
    const run = await runCli(['--help'], makeProject({}));
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^Usage: aws-secret-refs check \[options\] \[paths or globs\.\.\.\]/);
    for (const text of [
      'io_config.yaml',
      'pipelines',
      'data_integration',
      'triggers.yaml',
      'node_modules',
      '--max-warnings',
      '--aws',
      'Exit status',
    ]) {
      assert.ok(run.stdout.includes(text), `mentions ${text}`);
    }
  });

  test('--version prints the package version', async () => {
    const run = await runCli(['--version'], makeProject({}));
    assert.equal(run.stdout, `${VERSION}\n`);
    assert.equal(run.status, 0);
  });

  for (const [args, message] of [
    [[], /no command given/],
    [['lint'], /unknown command 'lint'/],
    [['check', '--format', 'xml'], /--format must be one of text, json, sarif/],
    [['check', '--no-such-option'], /Unknown option '--no-such-option'/],
    [['check', '--max-warnings'], /--max-warnings/],
    [['check', '--region', 'us-east-1'], /--profile, --region and --endpoint go with --aws/],
  ] as [string[], RegExp][]) {
    test(`status 2 for ${JSON.stringify(args)}`, async () => {
      const run = await runCli(args, makeProject(CLEAN));
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
      assert.match(run.stderr, /Run 'aws-secret-refs --help' for usage\./);
    });
  }
});
