import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeProject, removeProjects, runCli } from './run';

after(removeProjects);

/** Gives a file one error (`call-empty-id`), so that the output shows which files were checked. */
const FLAGGED = `KEY: "{{ aws_secret_var('') }}"\n`;

const RENDERED = [
  'io_config.yaml',
  'nested/project/io_config.yml',
  'metadata.yaml',
  'dbt/profiles.yml',
  'dbt/other/profiles.yaml',
  'pipelines/etl/metadata.yaml',
  'pipelines/streaming/kafka_source.yml',
  'data_loaders/postgres_source.yaml',
  'data_exporters/snowflake.yaml',
  'data_integration_sources/mysql.yaml',
];

const NOT_RENDERED = [
  'pipelines/etl/triggers.yaml',
  'pipelines/etl/notes.txt',
  'config/settings.yaml',
  'config/deep/more.yml',
  'node_modules/some-package/io_config.yaml',
  'pipelines/etl/node_modules/x/metadata.yaml',
  '.git/io_config.yaml',
];

function project(): string {
  return makeProject(Object.fromEntries([...RENDERED, ...NOT_RENDERED].map((file) => [file, FLAGGED])));
}

/** The files that the JSON output reports problems in, and the number of files checked. */
async function checked(args: string[], cwd: string): Promise<{ files: string[]; count: number; status: number }> {
  const run = await runCli(['check', '--format', 'json', ...args], cwd);
  const report = JSON.parse(run.stdout);
  const files: string[] = [...new Set<string>(report.problems.map((problem: { file: string }) => problem.file))];
  return { files: files.map((file) => file.split(path.sep).join('/')), count: report.summary.files, status: run.status };
}

describe('default files', () => {
  test('the YAML files Mage renders, skipping node_modules, .git, triggers.yaml and other YAML', async () => {
    const result = await checked([], project());
    assert.deepEqual(result.files, [...RENDERED].sort());
    assert.equal(result.count, RENDERED.length);
    assert.equal(result.status, 1);
  });

  test('a folder given is searched by the same rule', async () => {
    const result = await checked(['pipelines'], project());
    assert.deepEqual(result.files, ['pipelines/etl/metadata.yaml', 'pipelines/streaming/kafka_source.yml']);
  });

  test('from a subfolder, paths are relative to it', async () => {
    const result = await checked(['../dbt'], path.join(project(), 'pipelines'));
    assert.deepEqual(result.files, ['../dbt/other/profiles.yaml', '../dbt/profiles.yml']);
  });

  test('no file found: zero files, status 0', async () => {
    const run = await runCli(['check'], makeProject({ 'config/settings.yaml': FLAGGED }));
    assert.equal(run.stdout, '0 problems (0 errors, 0 warnings) in 0 files\n');
    assert.equal(run.status, 0);
  });
});

describe('files found by their content', () => {
  test('a template and a SecretStore under any YAML name are found; other YAML is not counted', async () => {
    const cwd = makeProject({
      'infra/stack.yaml':
        'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      MasterUserPassword: "{{resolve:secretsmanager:}}"\n',
      'charts/app/templates/db.yaml':
        'apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata:\n  name: aws\nspec:\n  provider:\n    aws:\n      service: SecretManager\n      region: us-east-1\n',
      'config/settings.yaml': FLAGGED,
      'config/app.yml': 'a: 1\n',
    });
    const result = await checked([], cwd);
    assert.deepEqual(result.files, ['charts/app/templates/db.yaml', 'infra/stack.yaml']);
    assert.equal(result.count, 2, 'YAML files that no dialect looking by content reads are not counted as checked');
  });
});

describe('paths and globs', () => {
  test('a file given is checked whatever its name', async () => {
    const result = await checked(['config/settings.yaml'], project());
    assert.deepEqual(result.files, ['config/settings.yaml']);
  });

  test('a glob matches any file under its fixed part', async () => {
    const result = await checked(['config/**/*.{yaml,yml}'], project());
    assert.deepEqual(result.files, ['config/deep/more.yml', 'config/settings.yaml']);
  });

  test('a glob over everything still skips node_modules and .git', async () => {
    const result = await checked(['**/*.yaml'], project());
    const expected = [...RENDERED, ...NOT_RENDERED].filter(
      (file) => file.endsWith('.yaml') && !file.includes('node_modules/') && !file.startsWith('.git/'),
    );
    assert.deepEqual(result.files, expected.sort());
  });

  test('a file named twice is checked once', async () => {
    const result = await checked(['io_config.yaml', './io_config.yaml', '*.yaml'], project());
    assert.deepEqual(result.files, ['io_config.yaml', 'metadata.yaml']);
    assert.equal(result.count, 2);
  });

  test('a path or glob that matches nothing: status 2, naming it', async () => {
    const folder = project();
    for (const arg of ['missing.yaml', 'nowhere/**/*.yaml', 'config/*.json']) {
      const run = await runCli(['check', 'io_config.yaml', arg], folder);
      assert.equal(run.status, 2, arg);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, `aws-secret-refs: no file matches '${arg}'.\n`);
    }
  });
});

describe('files that cannot be checked', () => {
  const CLEAN = `default:\n  A: "{{ aws_secret_var('prod/postgres/password') }}"\n`;

  function awkwardProject(): string {
    const folder = makeProject({
      'io_config.yaml': CLEAN,
      'pipelines/etl/blob.yaml': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0x0a]),
      'pipelines/etl/metadata.yaml': CLEAN,
      'pipelines/etl/folder.yaml/inside.txt': 'not YAML',
    });
    fs.symlinkSync('no-such-target.yaml', path.join(folder, 'pipelines/etl/broken.yaml'));
    fs.symlinkSync('folder.yaml', path.join(folder, 'pipelines/etl/linked.yaml'));
    return folder;
  }

  const NOTICES = [
    'pipelines/etl/blob.yaml:1:1: warning file-binary Not checked: the file holds NUL bytes, so it is binary, not YAML text.',
    'pipelines/etl/broken.yaml:1:1: warning file-unreadable Not checked: a broken symbolic link (its target does not exist).',
    'pipelines/etl/folder.yaml:1:1: warning file-unreadable Not checked: a directory, not a file.',
    'pipelines/etl/linked.yaml:1:1: warning file-unreadable Not checked: a directory, not a file.',
  ];

  test('binary files, broken links and folders named *.yaml get one warning each; the rest is checked', async () => {
    const run = await runCli(['check'], awkwardProject());
    assert.equal(run.stdout, [...NOTICES, '4 problems (0 errors, 4 warnings) in 6 files', ''].join('\n'));
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
  });

  test('they count as warnings for --max-warnings', async () => {
    const run = await runCli(['check', '--max-warnings', '0'], awkwardProject());
    assert.equal(run.status, 1);
  });

  test('named on the command line, they are reported the same way', async () => {
    const folder = awkwardProject();
    const run = await runCli(['check', 'pipelines/etl/blob.yaml', 'pipelines/etl/broken.yaml', 'io_config.yaml'], folder);
    assert.equal(run.stdout, [NOTICES[0], NOTICES[1], '2 problems (0 errors, 2 warnings) in 3 files', ''].join('\n'));
    assert.equal(run.status, 0);
  });

  test('a file without read permission', { skip: process.getuid?.() === 0 && 'root reads any file' }, async () => {
    const folder = makeProject({ 'io_config.yaml': CLEAN, 'metadata.yaml': CLEAN });
    fs.chmodSync(path.join(folder, 'metadata.yaml'), 0);
    const run = await runCli(['check'], folder);
    assert.equal(
      run.stdout,
      'metadata.yaml:1:1: warning file-unreadable Not checked: permission denied.\n1 problem (0 errors, 1 warning) in 2 files\n',
    );
    assert.equal(run.status, 0);
  });
});

describe('special files and hostile content', () => {
  const FLAGGED_LINE = "io_config.yaml:1:25: error call-empty-id The secret id is empty: give the secret's name or ARN.";

  test(
    'a FIFO, a device and a symbolic link loop, named or found, are skipped with a note; the rest is checked',
    { skip: process.platform === 'win32' && 'no FIFOs' },
    async () => {
      const folder = makeProject({ 'io_config.yaml': FLAGGED });
      fs.mkdirSync(path.join(folder, 'pipelines'));
      execFileSync('mkfifo', [path.join(folder, 'fifo.yaml'), path.join(folder, 'pipelines/fifo.yaml')]);
      fs.symlinkSync('/dev/zero', path.join(folder, 'zero.yaml'));
      fs.symlinkSync('loop-b.yaml', path.join(folder, 'loop-a.yaml'));
      fs.symlinkSync('loop-a.yaml', path.join(folder, 'loop-b.yaml'));
      fs.symlinkSync('../loop-a.yaml', path.join(folder, 'pipelines/loop.yaml'));
      const named = await runCli(['check', 'fifo.yaml', 'zero.yaml', 'loop-a.yaml', 'io_config.yaml'], folder);
      assert.equal(
        named.stdout,
        [
          'fifo.yaml:1:1: warning file-unreadable Not checked: a FIFO (named pipe), not a regular file.',
          FLAGGED_LINE,
          'loop-a.yaml:1:1: warning file-unreadable Not checked: a symbolic link loop.',
          'zero.yaml:1:1: warning file-unreadable Not checked: a device, not a regular file.',
          '4 problems (1 error, 3 warnings) in 4 files',
          '',
        ].join('\n'),
      );
      assert.equal(named.stderr, '');
      assert.equal(named.status, 1);
      const found = await runCli(['check'], folder);
      assert.equal(
        found.stdout,
        [
          FLAGGED_LINE,
          'pipelines/fifo.yaml:1:1: warning file-unreadable Not checked: a FIFO (named pipe), not a regular file.',
          'pipelines/loop.yaml:1:1: warning file-unreadable Not checked: a symbolic link loop.',
          '3 problems (1 error, 2 warnings) in 3 files',
          '',
        ].join('\n'),
      );
    },
  );

  test('a file over 10 MB is skipped with a note', async () => {
    const folder = makeProject({ 'io_config.yaml': FLAGGED, 'metadata.yaml': `A: ${'x'.repeat(10 * 1024 * 1024)}\n` });
    const run = await runCli(['check'], folder);
    assert.equal(
      run.stdout,
      [
        FLAGGED_LINE,
        'metadata.yaml:1:1: warning file-unreadable Not checked: larger than 10 MB.',
        '2 problems (1 error, 1 warning) in 2 files',
        '',
      ].join('\n'),
    );
  });

  test('YAML nested too deeply to read (12 KB of `- `, 24 KB of `? `) is one error per file; the other files are still checked', async () => {
    const folder = makeProject({
      'io_config.yaml': FLAGGED,
      'metadata.yaml': `${'- '.repeat(6_000)}\n`,
      'profiles.yml': `${'? '.repeat(12_000)}\n`,
    });
    const run = await runCli(['check', '--format', 'json'], folder);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(
      report.problems.map((problem: { file: string; code: string; line: number }) => [problem.file, problem.code, problem.line]),
      [
        ['io_config.yaml', 'call-empty-id', 1],
        ['metadata.yaml', 'yaml-too-deep', 1],
        ['profiles.yml', 'yaml-too-deep', 1],
      ],
    );
    assert.equal(run.stderr, '');
    assert.equal(run.status, 1);
  });
});

describe('many files', () => {
  test('are checked on worker threads with the same results, in path order, as one by one', async () => {
    const names = Array.from({ length: 48 }, (_, index) => `pipelines/p${String(index).padStart(2, '0')}/metadata.yaml`);
    const cwd = makeProject(
      Object.fromEntries(names.map((name, index) => [name, `KEY: "{{ aws_secret_var('${'x'.repeat(index % 3)}') }}"\n`])),
    );
    const together = await runCli(['check'], cwd);
    const oneByOne = await Promise.all(names.map((name) => runCli(['check', name], cwd)));
    const lines = (output: string) => output.split('\n').filter((line) => line.startsWith('pipelines/'));
    assert.deepEqual(
      lines(together.stdout),
      oneByOne.flatMap((run) => lines(run.stdout)),
    );
    assert.match(together.stdout, / in 48 files\n$/);
  });
});
