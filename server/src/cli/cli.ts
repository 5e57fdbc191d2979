/**
 * `aws-secret-refs check`: the language server's checks over files on disk, for CI and pre-commit hooks.
 * Exit status: 0 no error, 1 an error or too many warnings, 2 bad usage or AWS could not be asked.
 */
import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { AwsSettings } from '../aws';
import { Problem } from '../core/model';
import { analyze, DialectChoice, isCandidate, pathMatches } from '../dialects/analyze';
import type { Dialect } from '../dialects/dialect';
import { DIALECTS } from '../dialects/registry';
import { learnFile } from '../features/workspaceFacts';
import { DefaultKind, discoverFiles, FoundFile, readContent } from './files';
import { CheckedFile, formatJson, formatText, locate, summarize } from './report';
import { runOnWorkers, serveOnWorker, workerInput } from './parallel';
import { formatSarif } from './sarif';

const NAME = 'aws-secret-refs';
const FORMATS = ['text', 'json', 'sarif'];

const HELP = `\
Usage: ${NAME} check [options] [paths or globs...]

Checks AWS Secrets Manager references in YAML with the same checks as the editor extension, in
every dialect it knows: ${DIALECTS.map((dialect) => `${dialect.label} (${dialect.id})`).join(', ')}.
Never reads a secret's value.

Files checked:
  With no path, the files the dialects read by default, under the current folder:
${DIALECTS.map((dialect) => wrap(`- ${dialect.label}: ${dialect.filesRule}`)).join('\n')}
  A folder given is searched by the same rule. A file given is checked whatever its name.
  A glob matches any file under its fixed part; quote it for the shell:
    ${NAME} check 'config/**/*.yaml'
  node_modules and .git folders are skipped; symbolic links to folders are not followed.
  A file that cannot be read, or that holds NUL bytes (binary), gets one warning and is skipped.

Options:
  --dialect <id>              Only this dialect (repeat for several): its files and its checks.
  --format <text|json|sarif>  Output format (default: text). SARIF 2.1.0 is for code scanning.
  --max-warnings <n>          Exit with status 1 when there are more than n warnings.
  --aws                       Also check every secret named literally against the account's
                              secret list, as the extension does: names in the configured region
                              (or the one their file names, e.g. an External Secrets store's),
                              ARNs in the region they name. A missing secret is a warning
                              (secret-not-found); add --max-warnings 0 to fail on it. Uses the
                              AWS SDK's credential chain, like the extension.
  --profile <name>            AWS profile (default: AWS_PROFILE, else the default profile).
  --region <region>           AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's).
  --endpoint <url>            Secrets Manager endpoint (default: AWS_ENDPOINT_URL_SECRETS_MANAGER,
                              AWS_ENDPOINT_URL, the profile's endpoint_url).
  -h, --help                  Show this help.
  -v, --version               Show the version.

Output (text): one line per problem, "file:line:col: severity code message" (severity: error,
  warning or info), then "N problems (E errors, W warnings) in F files", F counting the files
  checked; ", I info" follows the warnings when there is any. Info never changes the exit status.

Exit status: 0 no error; 1 an error, or more warnings than --max-warnings; 2 bad usage, a path or
glob that matches no file, or (with --aws) AWS could not be reached or denied access.
`;

class UsageError extends Error {}

/** Text wrapped at 100 columns, indented for the help. */
function wrap(text: string): string {
  return text
    .replace(/(.{1,94})(?:\s+|$)/g, '    $1\n')
    .trimEnd()
    .replace(/^ {4}/, '  ');
}

interface Options {
  paths: string[];
  dialects: DialectChoice;
  format: string;
  maxWarnings?: number;
  aws: boolean;
  awsSettings: AwsSettings;
  help: boolean;
  version: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dialect: { type: 'string', multiple: true },
      format: { type: 'string', default: 'text' },
      'max-warnings': { type: 'string' },
      aws: { type: 'boolean', default: false },
      profile: { type: 'string' },
      region: { type: 'string' },
      endpoint: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  const [command, ...paths] = positionals;
  const { profile, region, endpoint } = values;
  const wanted = values.dialect ?? [];
  const unknown = wanted.find((id) => !DIALECTS.some((dialect) => dialect.id === id));
  if (unknown !== undefined)
    throw new UsageError(`unknown dialect '${unknown}'; known: ${DIALECTS.map((dialect) => dialect.id).join(', ')}.`);
  const options: Options = {
    paths,
    dialects: { dialects: wanted.length > 0 ? DIALECTS.filter((dialect) => wanted.includes(dialect.id)) : DIALECTS },
    format: values.format,
    aws: values.aws,
    awsSettings: { profile, region, endpoint },
    help: values.help,
    version: values.version,
  };
  if (options.help || options.version) return options;
  if (command !== 'check') throw new UsageError(command === undefined ? 'no command given.' : `unknown command '${command}'.`);
  if (!FORMATS.includes(options.format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}.`);
  const maxWarnings = values['max-warnings'];
  if (maxWarnings !== undefined) {
    if (!/^\d+$/.test(maxWarnings)) throw new UsageError('--max-warnings takes a whole number, e.g. --max-warnings 0.');
    options.maxWarnings = Number(maxWarnings);
  }
  if (!options.aws && [profile, region, endpoint].some((value) => value !== undefined))
    throw new UsageError('--profile, --region and --endpoint go with --aws.');
  return options;
}

async function main(argv: string[]): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    // parseArgs rejects unknown options and missing values with a TypeError.
    if (!(error instanceof UsageError || error instanceof TypeError)) throw error;
    process.stderr.write(`${NAME}: ${error.message}\nRun '${NAME} --help' for usage.\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (options.version) {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }

  const cwd = process.cwd();
  const { dialects } = options.dialects;
  const defaultKind = (relativePath: string): DefaultKind =>
    dialects.some((dialect) => pathMatches(dialect, relativePath, []))
      ? 'file'
      : dialects.some((dialect) => isCandidate(dialect, relativePath))
        ? 'candidate'
        : undefined;
  const { files: found, unmatched } = discoverFiles(options.paths, cwd, defaultKind);
  if (unmatched.length > 0) {
    for (const arg of unmatched) process.stderr.write(`${NAME}: no file matches '${arg}'.\n`);
    return 2;
  }
  learnFromFiles(found, dialects);
  // A candidate counts only when a dialect that looks for it by content reads it.
  const files = (await checkFiles(found, cwd, options.dialects)).filter(
    (file, index) =>
      !found[index].candidate ||
      file.dialects.some((dialect) => isCandidate(dialect, path.relative(cwd, file.path).split(path.sep).join('/'))),
  );
  if (options.aws) {
    // Loaded on demand: the AWS SDK takes a while to load, and most runs do not need it.
    const { checkSecretsExist } = await import('./awsCheck');
    const unchecked = await checkSecretsExist(files, options.awsSettings);
    if (unchecked) {
      process.stderr.write(`${NAME}: cannot check secrets in AWS: ${forCommandLine(unchecked)}\n`);
      return 2;
    }
  }

  const problems = locate(files, cwd);
  const summary = summarize(problems, files.length);
  const output =
    options.format === 'json'
      ? formatJson(problems, summary)
      : options.format === 'sarif'
        ? formatSarif(problems, packageVersion())
        : formatText(problems, summary);
  process.stdout.write(output);
  if (summary.errors > 0) return 1;
  if (options.maxWarnings !== undefined && summary.warnings > options.maxWarnings) {
    process.stderr.write(`${NAME}: too many warnings (${summary.warnings}; at most ${options.maxWarnings} allowed by --max-warnings).\n`);
    return 1;
  }
  return 0;
}

/** Below this many files, starting workers costs more than it saves. */
const FILES_FOR_WORKERS = 32;

interface FileJob {
  file: FoundFile;
  relativePath: string;
}
/** A checked file as it crosses threads: dialects by id. */
type CheckedOnWorker = Omit<CheckedFile, 'dialects'> & { dialectIds: string[] };
/** What a worker is started with: the dialects by id, and what each learned from other files. */
interface WorkerSetup {
  dialectIds: string[];
  facts: [string, unknown][];
}

/** What dialects read from other files (External Secrets stores), learned from every file before any is checked. */
function learnFromFiles(found: FoundFile[], dialects: readonly Dialect[]): void {
  if (!dialects.some((dialect) => dialect.workspaceFacts)) return;
  for (const file of found) {
    const content = file.unreadable === undefined ? readContent(file.path) : undefined;
    if (content && 'text' in content) learnFile(dialects, file.path, content.text);
  }
  // Files beside the checked ones that are not checked themselves (a samconfig.toml), each once.
  const checked = new Set(found.map((file) => file.path));
  const besides = new Set(found.flatMap((file) => dialects.flatMap((dialect) => dialect.workspaceFacts?.besides?.(file.path) ?? [])));
  for (const beside of besides) {
    if (checked.has(beside) || !fs.existsSync(beside)) continue;
    const content = readContent(beside);
    if ('text' in content) learnFile(dialects, beside, content.text);
  }
}

/** Checks the files, on one worker thread per CPU when there are many; in their order either way. */
async function checkFiles(found: FoundFile[], cwd: string, choice: DialectChoice): Promise<CheckedFile[]> {
  const jobs: FileJob[] = found.map((file) => ({ file, relativePath: path.relative(cwd, file.path) }));
  if (jobs.length < FILES_FOR_WORKERS || availableParallelism() < 2)
    return jobs.map((job) => checkFile(job.file, job.relativePath, choice));
  const setup: WorkerSetup = {
    dialectIds: choice.dialects.map((dialect) => dialect.id),
    facts: choice.dialects.flatMap((dialect) =>
      dialect.workspaceFacts ? [[dialect.id, dialect.workspaceFacts.known()] as [string, unknown]] : [],
    ),
  };
  const checked = await runOnWorkers<FileJob, CheckedOnWorker>(__filename, setup, jobs);
  return checked.map(({ dialectIds: ids, ...file }) => ({ ...file, dialects: DIALECTS.filter((dialect) => ids.includes(dialect.id)) }));
}

/** A worker's side of `checkFiles`. */
function serveChecks({ dialectIds, facts }: WorkerSetup): void {
  const choice = { dialects: DIALECTS.filter((dialect) => dialectIds.includes(dialect.id)) };
  for (const [id, known] of facts) choice.dialects.find((dialect) => dialect.id === id)?.workspaceFacts?.restore(known);
  serveOnWorker<FileJob, CheckedOnWorker>(({ file, relativePath }) => {
    const { dialects, ...checked } = checkFile(file, relativePath, choice);
    return { ...checked, dialectIds: dialects.map((dialect) => dialect.id) };
  });
}

function checkFile(file: FoundFile, relativePath: string, dialects: DialectChoice): CheckedFile {
  const content = file.unreadable === undefined ? readContent(file.path) : { unreadable: file.unreadable };
  if ('unreadable' in content) return notice(file, 'file-unreadable', `Not checked: ${content.unreadable}.`);
  if ('binary' in content) return notice(file, 'file-binary', 'Not checked: the file holds NUL bytes, so it is binary, not YAML text.');
  try {
    const { problems, references, dialects: readBy } = analyze(relativePath, content.text, dialects, file.path);
    return { path: file.path, text: content.text, problems, references, dialects: readBy };
  } catch (error) {
    // One file's failure is that file's problem; the other files are still checked.
    return notice(file, 'file-unreadable', `Not checked: checking it failed (${error instanceof Error ? error.name : 'error'}).`);
  }
}

function notice(file: FoundFile, code: string, message: string): CheckedFile {
  const problem: Problem = { span: { start: 0, end: 0 }, severity: 'warning', code, message };
  return { path: file.path, text: '', problems: [problem], references: [], dialects: [] };
}

/** The AWS module's advice names the extension's settings; on the command line the flags stand for them. */
function forCommandLine(message: string): string {
  return message.replace(/awsSecretRefs\.(profile|region|endpoint)/g, '--$1');
}

/** From the package.json next to dist/, where this file is bundled. */
function packageVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version;
}

if (workerInput !== undefined) serveChecks(workerInput as WorkerSetup);
else
  main(process.argv.slice(2)).then(
    (status) => (process.exitCode = status),
    (error) => {
      process.stderr.write(`${NAME}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
