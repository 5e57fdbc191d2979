/**
 * `aws-secret-refs check` over 1,000 Mage YAML files, a whole run in its own process, next to
 * reading and parsing the same files with `yaml` in process, and to starting a bare Node.js.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { megabytes, ms, ratio, ROOT, Row, Section, spread, time } from './harness';
import { ioConfig } from './ioConfig';

const PROJECTS = 50;
const PIPELINES_PER_PROJECT = 19;
const FILES = PROJECTS * (1 + PIPELINES_PER_PROJECT);
const CLI = path.join(ROOT, 'dist/cli.js');
const RUNS = { warmup: 1, runs: 5 };
/** A node process that reads and parses every YAML file under the folder given, as a process of its own would. */
const READ_AND_PARSE = `
const fs = require('node:fs'), path = require('node:path'), { parseDocument } = require(${JSON.stringify(require.resolve('yaml'))});
const walk = (folder) => fs.readdirSync(folder, { withFileTypes: true }).forEach((entry) => {
  const file = path.join(folder, entry.name);
  if (entry.isDirectory()) walk(file);
  else if (file.endsWith('.yaml')) parseDocument(fs.readFileSync(file, 'utf8'));
});
walk(process.argv[1]);`;

export const cliSection: Section = { title: `Command-line check of ${FILES.toLocaleString('en')} files`, run };

async function run(): Promise<Row[]> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-secret-refs-bench-cli-'));
  try {
    const files = writeProject(folder);
    const bytes = files.reduce((sum, file) => sum + fs.statSync(file).size, 0);
    const parse = await time(() => files.forEach((file) => parseDocument(fs.readFileSync(file, 'utf8'))), RUNS);
    const node = await time(() => runNode(['-e', '']), RUNS);
    const coldParse = await time(() => runNode(['-e', READ_AND_PARSE, folder]), RUNS);
    let summary = '';
    const check = await time(() => (summary = runNode([CLI, 'check', folder], [0, 1]).trim().split('\n').pop() ?? ''), RUNS);
    if (!summary.includes(`in ${FILES} files`)) throw new Error(`the checker did not check ${FILES} files: ${summary}`);
    const own = check.p50 - node.p50;
    const perSecond = (millis: number) => `${Math.round((FILES / millis) * 1000).toLocaleString('en')} files/s`;
    return [
      {
        measure: 'generated Mage project',
        value: `${FILES} files, ${megabytes(bytes)}`,
        against: `${PROJECTS} io_config.yaml, ${FILES - PROJECTS} pipelines/*/metadata.yaml`,
      },
      { measure: 'bare node -e "" (process start)', value: spread(node) },
      { measure: "read + yaml's parseDocument, in process", value: spread(parse), against: `${perSecond(parse.p50)}, warmed up` },
      {
        measure: 'read + parseDocument, in a new node process',
        value: spread(coldParse),
        against: `${perSecond(coldParse.p50)}; as cold as the checker`,
      },
      {
        measure: 'node dist/cli.js check <folder>',
        value: spread(check),
        against: `${perSecond(check.p50)}; ${ms(own)} beyond process start, ${ratio(own, parse.p50)} in-process read + parse`,
        target: { text: '<= read + parse in a new process', met: check.p50 <= coldParse.p50 },
      },
      { measure: 'checker output', value: summary },
    ];
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** Runs node with `args`; returns its output, or throws on an exit status not in `accepted`. */
function runNode(args: string[], accepted = [0]): string {
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (result.status === null || !accepted.includes(result.status))
    throw new Error(`node ${args.join(' ')} exited with ${result.status ?? result.signal}: ${result.stderr}`);
  return result.stdout;
}

/** Writes the projects under `folder`; returns the files' paths. */
function writeProject(folder: string): string[] {
  const files: string[] = [];
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    files.push(file);
  };
  for (let project = 0; project < PROJECTS; project++) {
    const root = path.join(folder, `project_${project}`);
    write(path.join(root, 'io_config.yaml'), ioConfig(2));
    for (let pipeline = 0; pipeline < PIPELINES_PER_PROJECT; pipeline++) {
      write(
        path.join(root, 'pipelines', `pipeline_${pipeline}`, 'metadata.yaml'),
        pipelineYaml(project * PIPELINES_PER_PROJECT + pipeline),
      );
    }
  }
  return files;
}

/** A Mage pipeline's metadata.yaml: three blocks and variables, two of them secret references. */
function pipelineYaml(n: number): string {
  const block = (name: string, type: string, upstream: string[], downstream: string[]) => [
    `- all_upstream_blocks_executed: true`,
    `  color: null`,
    `  configuration:`,
    `    data_provider: postgres`,
    `    data_provider_profile: profile_${n % 2}`,
    `    export_write_policy: append`,
    `  downstream_blocks: [${downstream.join(', ')}]`,
    `  executor_type: local_python`,
    `  language: python`,
    `  name: ${name}`,
    `  status: executed`,
    `  type: ${type}`,
    `  upstream_blocks: [${upstream.join(', ')}]`,
    `  uuid: ${name}`,
  ];
  return [
    'blocks:',
    ...block(`load_orders_${n}`, 'data_loader', [], [`clean_orders_${n}`]),
    ...block(`clean_orders_${n}`, 'transformer', [`load_orders_${n}`], [`export_orders_${n}`]),
    ...block(`export_orders_${n}`, 'data_exporter', [`clean_orders_${n}`], []),
    'executor_type: local_python',
    `name: orders_${n}`,
    'type: python',
    `uuid: orders_${n}`,
    'variables:',
    `  api_token: "{{ aws_secret_var('prod/api-${n}/token') }}"`,
    `  warehouse_password: "{{ json_value(aws_secret_var('prod/warehouse-${n}'), 'password') }}"`,
    `  batch_size: 500`,
    '',
  ].join('\n');
}
