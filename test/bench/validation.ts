/**
 * Section 1: validating a 10,000-line io_config.yaml with 2,000 references, in process against the `yaml`
 * parser and over LSP against yaml-language-server; then revalidation after a one-character edit, the
 * server's peak memory, and whether a request waits behind the validation of a 5 MB document.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { parseDocument } from 'yaml';
import { analyze as analyzeDocument, analyzeInSteps as analyzeDocumentInSteps } from '../../server/src/dialects/analyze';

const analyze = (text: string) => analyzeDocument('io_config.yaml', text);
const analyzeInSteps = (text: string) => analyzeDocumentInSteps('io_config.yaml', text);
import { InitializationOptions } from '../../shared/protocol';
import { freePort } from '../support/moto';
import { isolatedAwsEnv, OUR_SERVER } from './awsBench';
import { megabytes, ms, ratio, ROOT, Row, Section, spread, summarize, time, Timing } from './harness';
import { ioConfig, ioConfigOfSize, LINES_PER_PROFILE } from './ioConfig';
import { BenchServerOptions, startBenchServer } from './lspServer';

const YAML_LANGUAGE_SERVER = path.join(ROOT, 'node_modules/yaml-language-server/out/server/src/server.js');
/** Plain syntax validation: no schema, and no download of the schema store's catalog. */
const YAML_LANGUAGE_SERVER_OPTIONS = { settings: { yaml: { validate: true, schemaStore: { enable: false } } } };

const LINES = 10_000;
const BUSY_DOCUMENT_BYTES = 5 * 2 ** 20;
/** A request answered within 50 ms feels immediate (the RAIL model's response budget). */
const RESPONSE_BUDGET_MS = 50;

export const validationSection: Section = { title: `1. Validating a ${LINES.toLocaleString('en')}-line io_config.yaml`, run };

async function run(): Promise<Row[]> {
  const text = ioConfig(LINES / LINES_PER_PROFILE);
  const edit = oneCharEdit(text);
  const { references, problems } = analyze(text);
  const validate = await time(() => analyze(text), { warmup: 3, runs: 15 });
  const parse = await time(() => parseDocument(text), { warmup: 3, runs: 15 });
  const validateEdited = await time(() => analyze(edit.text), { warmup: 1, runs: 15 });
  const trusted = { env: await awsRefusingEveryCall() };
  const restricted = { ...trusted, initializationOptions: { workspaceTrusted: false } satisfies InitializationOptions };
  const ours = await overLsp(OUR_SERVER, trusted, text, edit.changes);
  const theirs = await overLsp(YAML_LANGUAGE_SERVER, YAML_LANGUAGE_SERVER_OPTIONS, text, edit.changes);
  const ourDelay = debounce('server/src/languageServer.ts', /VALIDATION_DELAY_MS = (\d+)/);
  const theirDelay = debounce('node_modules/yaml-language-server/out/server/src/yamlSettings.js', /validationDelayMs = (\d+)/);
  const big = ioConfigOfSize(BUSY_DOCUMENT_BYTES);
  const busy = await requestsDuringValidation(trusted, big);
  const busyRestricted = await requestsDuringValidation(restricted, big);
  const steps = stepDurations(big);

  return [
    {
      measure: 'generated io_config.yaml',
      value: `${text.split('\n').length - 1} lines, ${megabytes(text.length)}`,
      against: `${references.length} references, ${problems.length} problems found`,
    },
    { measure: 'validate in process: analyze(text)', value: spread(validate) },
    { measure: "yaml's parseDocument(text), same process", value: spread(parse) },
    {
      measure: 'validate / parseDocument',
      value: ratio(validate.p50, parse.p50),
      target: { text: 'below 1.00x', met: validate.p50 < parse.p50 },
    },
    { measure: 'yaml-language-server: open -> diagnostics', value: spread(theirs.open), against: `includes its ${theirDelay} ms debounce` },
    {
      measure: 'our server: open -> diagnostics',
      value: spread(ours.open),
      against: `${ratio(ours.open.p50, theirs.open.p50)} yaml-language-server`,
    },
    {
      measure: 'our server: peak memory (VmHWM)',
      value: megabytes(ours.peakMemory),
      against: `yaml-language-server ${megabytes(theirs.peakMemory)}`,
    },
    {
      measure: 'our server: 1-char edit -> diagnostics',
      value: spread(ours.edit),
      against: `includes its ${ourDelay} ms debounce; analyze(edited) ${ms(validateEdited.p50)}`,
      // The debounce is deliberate (rapid edits wait for a pause); the revalidation itself is what must keep up.
      target: { text: `minus debounce <= open -> diagnostics (${ms(ours.open.p50)})`, met: ours.edit.p50 - ourDelay <= ours.open.p50 },
    },
    { measure: 'yaml-language-server: 1-char edit -> diagnostics', value: spread(theirs.edit), against: `includes its ${theirDelay} ms debounce` },
    ...[busy, busyRestricted].map((figures, index) => ({
      measure: `codeAction during a ${megabytes(big.length)} validation${index === 0 ? '' : ', restricted mode'}`,
      value: `${spread(figures.busy)}, max ${ms(figures.busy.max)}`,
      against: `${ratio(figures.busy.p50, figures.idle.p50)} idle (${ms(figures.idle.p50)}); validation took ${ms(figures.validation)}`,
      target: { text: `max < ${RESPONSE_BUDGET_MS} ms`, met: figures.busy.max < RESPONSE_BUDGET_MS },
    })),
    {
      measure: `longest step of analyzeInSteps, ${megabytes(big.length)}`,
      value: ms(Math.max(steps.first, steps.middle, steps.last)),
      against: `in process, ${steps.count} steps: first ${ms(steps.first)}, others <= ${ms(steps.middle)}, last ${ms(steps.last)}`,
    },
  ];
}

/** Changes one character of a secret name in the middle of the text, and back on every other call. */
function oneCharEdit(text: string): { text: string; changes: [TextDocumentContentChangeEvent, TextDocumentContentChangeEvent] } {
  const name = `prod/postgres-${Math.floor(LINES / LINES_PER_PROFILE / 2)}/password`;
  const offset = text.indexOf(name) + name.indexOf('/password') + 1;
  const line = text.slice(0, offset).split('\n').length - 1;
  const character = offset - (text.lastIndexOf('\n', offset - 1) + 1);
  const range = { start: { line, character }, end: { line, character: character + 1 } };
  return {
    text: `${text.slice(0, offset)}P${text.slice(offset + 1)}`,
    changes: [
      { range, text: 'P' },
      { range, text: text[offset] },
    ],
  };
}

interface LspFigures {
  open: Timing;
  edit: Timing;
  peakMemory: number;
}

/** Opens the text in fresh documents, then edits one of them back and forth; peak memory is read after both. */
async function overLsp(script: string, options: BenchServerOptions, text: string, changes: TextDocumentContentChangeEvent[]): Promise<LspFigures> {
  const server = await startBenchServer(script, options);
  try {
    let opened = 0;
    const open = await time(
      async () => {
        const uri = `file:///bench/open-${opened++}/io_config.yaml`;
        const published = server.published(uri, 1);
        server.open(uri, text);
        await published;
        server.close(uri);
      },
      { warmup: 1, runs: 5 },
    );
    const uri = 'file:///bench/edited/io_config.yaml';
    const published = server.published(uri, 1);
    server.open(uri, text);
    await published;
    let version = 1;
    const edit = await time(
      async () => {
        version++;
        const published = server.published(uri, version);
        server.change(uri, version, changes[version % 2]);
        await published;
      },
      { warmup: 1, runs: 6 },
    );
    return { open, edit, peakMemory: server.peakMemory() };
  } finally {
    await server.stop();
  }
}

/**
 * A trusted workspace (as for any client that says nothing of trust) on a machine whose AWS endpoint refuses
 * every connection: the server takes its usual path, and neither ~/.aws nor the real AWS takes part.
 */
async function awsRefusingEveryCall(): Promise<NodeJS.ProcessEnv> {
  return { ...isolatedAwsEnv(), AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${await freePort()}` };
}

/** A debounce delay in ms as its source sets it; 0 when not found. */
function debounce(file: string, pattern: RegExp): number {
  return Number(pattern.exec(readFileSync(path.join(ROOT, file), 'utf8'))?.[1] ?? 0);
}

/**
 * The latency of a cheap request (quick fixes of a small document) when the server is idle, and when sent
 * back to back from the moment a big document is opened until its diagnostics arrive. Restricted mode
 * (an untrusted workspace) is the same server with every AWS feature off.
 */
async function requestsDuringValidation(options: BenchServerOptions, big: string): Promise<{ idle: Timing; busy: Timing; validation: number }> {
  const server = await startBenchServer(OUR_SERVER, options);
  try {
    const small = 'file:///bench/small/io_config.yaml';
    const smallPublished = server.published(small, 1);
    server.open(small, ioConfig(1));
    const { diagnostics } = await smallPublished;
    const params = { textDocument: { uri: small }, range: diagnostics[0].range, context: { diagnostics } };
    const codeAction = () => server.connection.sendRequest('textDocument/codeAction', params);
    const idle = await time(codeAction, { warmup: 5, runs: 30 });

    const uri = 'file:///bench/big/io_config.yaml';
    const published = server.published(uri, 1);
    let finished: number | undefined;
    const finish = () => (finished = performance.now());
    published.then(finish, finish);
    const start = performance.now();
    server.open(uri, big);
    const samples: number[] = [];
    while (finished === undefined) {
      const sent = performance.now();
      await codeAction();
      samples.push(performance.now() - sent);
    }
    await published;
    return { idle, busy: summarize(samples), validation: finished - start };
  } finally {
    await server.stop();
  }
}

/** How long analyzeInSteps runs between its pauses (each stretch keeps the server from answering requests). */
function stepDurations(text: string): { first: number; middle: number; last: number; count: number } {
  const steps = analyzeInSteps(text);
  const durations: number[] = [];
  for (let done = false; !done; ) {
    const start = performance.now();
    done = steps.next().done === true;
    durations.push(performance.now() - start);
  }
  return { first: durations[0], middle: Math.max(...durations.slice(1, -1)), last: durations[durations.length - 1], count: durations.length };
}
