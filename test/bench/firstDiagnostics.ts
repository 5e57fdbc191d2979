/**
 * Time to first diagnostics over LSP on generated files of 1,000, 10,000 and 100,000 lines (a Mage
 * io_config.yaml and a CloudFormation template): on open, and from a one-character edit's didChange to
 * the publishDiagnostics of that version. Beside it, taken in turns with it: a bare `yaml` parse of the
 * same text in the bench process (the floor) and yaml-language-server with its debounce off.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { parseDocument } from 'yaml';
import { awsRefusingEveryCall, OUR_SERVER } from './awsBench';
import { cloudFormationTemplate, LINES_PER_RESOURCE } from './cloudFormation';
import { figures, ms, ratio, ROOT, Row, Section, spread, timeInTurns, Timing } from './harness';
import { ioConfigOfLines } from './ioConfig';
import { BenchServer, startBenchServer } from './lspServer';

export const YAML_LANGUAGE_SERVER = path.join(ROOT, 'node_modules/yaml-language-server/out/server/src/server.js');
const YAML_LANGUAGE_SERVER_NO_DELAY = path.join(__dirname, 'yamlLanguageServerNoDelay.js');
/** Plain syntax validation: no schema, and no download of the schema store's catalog. */
export const YAML_LANGUAGE_SERVER_OPTIONS = { settings: { yaml: { validate: true, schemaStore: { enable: false } } } };

/** Rounds per size; fewer for the big files keeps the whole bench short (the code is warm by then). */
const SIZES = [
  { lines: 1_000, warmup: 1, runs: 11 },
  { lines: 10_000, warmup: 1, runs: 5 },
  // An edit of a 100,000-line file: revalidated in at most 0.1x the time of opening it.
  { lines: 100_000, warmup: 0, runs: 3, editFactor: 0.1 },
];
const KINDS = [
  { label: 'io_config.yaml', file: 'io_config.yaml', text: ioConfigOfLines },
  { label: 'CloudFormation template', file: 'template.yaml', text: (lines: number) => cloudFormationTemplate(lines / LINES_PER_RESOURCE) },
];
/** Goals: within twice the bare parse plus 50 ms (the RAIL model's response budget), and no slower than the peer. */
const FLOOR_FACTOR = 2;
const FLOOR_EXTRA_MS = 50;

/** Every document gets a new URI: yaml-language-server keeps a parse per URI and version, even after a close. */
let opened = 0;

export const firstDiagnosticsSection: Section = { title: 'Time to first diagnostics over LSP', run };

async function run(): Promise<Row[]> {
  const debounceMs = ourDebounce();
  const peerPresent = existsSync(YAML_LANGUAGE_SERVER);
  const ours = await startBenchServer(OUR_SERVER, { env: await awsRefusingEveryCall() });
  const theirs = peerPresent ? await startBenchServer(YAML_LANGUAGE_SERVER_NO_DELAY, YAML_LANGUAGE_SERVER_OPTIONS) : undefined;
  try {
    const rows: Row[] = [
      {
        measure: 'our server: its debounce after an edit',
        value: ms(debounceMs),
        against: 'subtracted from every edit figure (opening a document validates at once)',
      },
      peerPresent
        ? { measure: 'yaml-language-server', value: 'debounce set to 0', against: 'syntax only: no schema, no schema store' }
        : {
            measure: 'yaml-language-server',
            value: 'absent',
            against: `no ${path.relative(ROOT, YAML_LANGUAGE_SERVER)}; its figures are skipped`,
          },
    ];
    for (const kind of KINDS) {
      for (const { lines, warmup, runs, editFactor } of SIZES) {
        const text = kind.text(lines);
        rows.push(
          ...(await measure(
            `${kind.label}, ${(text.split('\n').length - 1).toLocaleString('en')} lines`,
            kind.file,
            text,
            { warmup, runs },
            debounceMs,
            ours,
            theirs,
            editFactor,
          )),
        );
      }
    }
    return rows;
  } finally {
    await ours.stop();
    await theirs?.stop();
  }
}

async function measure(
  label: string,
  file: string,
  text: string,
  rounds: { warmup: number; runs: number },
  debounceMs: number,
  ours: BenchServer,
  theirs?: BenchServer,
  editFactor?: number,
): Promise<Row[]> {
  const changes = oneCharEdit(text);
  const openIn = (server: BenchServer) => async () => {
    const uri = `file:///bench/open-${opened++}/${file}`;
    const published = server.published(uri, 1);
    server.open(uri, text);
    await published;
    server.close(uri);
  };
  const open = await timeInTurns({ floor: () => parseDocument(text), ours: openIn(ours), theirs: theirs && openIn(theirs) }, rounds);
  const edited: [BenchServer, string][] = [];
  const editIn = async (server: BenchServer) => {
    const uri = `file:///bench/edited-${opened++}/${file}`;
    edited.push([server, uri]);
    const published = server.published(uri, 1);
    server.open(uri, text);
    await published;
    let version = 1;
    return async () => {
      version++;
      const published = server.published(uri, version);
      server.change(uri, version, changes[version % 2]);
      await published;
    };
  };
  const edit = await timeInTurns({ ours: await editIn(ours), theirs: theirs && (await editIn(theirs)) }, rounds);
  edited.forEach(([server, uri]) => server.close(uri));
  const ourEdit = shift(edit.ours, -debounceMs);

  const floorGoal = (timing: Timing) => ({
    text: `p50 <= ${FLOOR_FACTOR}x floor + ${FLOOR_EXTRA_MS} ms (${ms(FLOOR_FACTOR * open.floor.p50 + FLOOR_EXTRA_MS)})`,
    met: timing.p50 <= FLOOR_FACTOR * open.floor.p50 + FLOOR_EXTRA_MS,
  });
  const peerGoal = (timing: Timing, peer?: Timing) => peer && { text: 'p50 <= yaml-language-server', met: timing.p50 <= peer.p50 };
  const against = (timing: Timing, peer?: Timing) =>
    `${ratio(timing.p50, open.floor.p50)} floor${peer ? `, ${ratio(timing.p50, peer.p50)} yaml-language-server` : ''}`;
  const data = (timing: Timing, peer?: Timing) => ({
    ...figures(timing),
    floorRatio: timing.p50 / open.floor.p50,
    ...(peer && { peerRatio: timing.p50 / peer.p50 }),
  });
  const rows: Row[] = [
    {
      measure: `${label}: yaml parseDocument (floor)`,
      value: spread(open.floor),
      against: `${Math.round(text.length / 1024).toLocaleString('en')} KB`,
      data: figures(open.floor),
    },
    {
      measure: '  our server: open -> diagnostics',
      value: spread(open.ours),
      against: against(open.ours, open.theirs),
      target: floorGoal(open.ours),
      data: data(open.ours, open.theirs),
    },
  ];
  const peerGoalRows = (timing: Timing, peer?: Timing): Row[] => {
    const target = peerGoal(timing, peer);
    return target ? [{ measure: '    against yaml-language-server', value: ratio(timing.p50, peer!.p50), target }] : [];
  };
  rows.push(...peerGoalRows(open.ours, open.theirs));
  rows.push({
    measure: `  our server: 1-char edit -> diagnostics, minus ${debounceMs} ms`,
    value: spread(ourEdit),
    against: against(ourEdit, edit.theirs),
    target: floorGoal(ourEdit),
    data: data(ourEdit, edit.theirs),
  });
  rows.push(...peerGoalRows(ourEdit, edit.theirs));
  if (editFactor !== undefined) {
    const met = ourEdit.p50 <= editFactor * open.ours.p50;
    rows.push({
      measure: '    against our open',
      value: ratio(ourEdit.p50, open.ours.p50),
      target: { text: `p50 <= ${editFactor}x open`, met },
    });
  }
  if (open.theirs && edit.theirs) {
    rows.push(
      { measure: '  yaml-language-server: open -> diagnostics', value: spread(open.theirs), data: figures(open.theirs) },
      { measure: '  yaml-language-server: 1-char edit -> diagnostics', value: spread(edit.theirs), data: figures(edit.theirs) },
    );
  }
  return rows;
}

function shift(timing: Timing, by: number): Timing {
  return { p50: timing.p50 + by, p95: timing.p95 + by, max: timing.max + by, runs: timing.runs };
}

/** Changes one character of the first secret name past the middle of the text ('prod/…' to 'pQod/…'), and back on every other call. */
function oneCharEdit(text: string): [TextDocumentContentChangeEvent, TextDocumentContentChangeEvent] {
  const offset = text.indexOf('prod/', Math.floor(text.length / 2)) + 1;
  const line = text.slice(0, offset).split('\n').length - 1;
  const character = offset - (text.lastIndexOf('\n', offset - 1) + 1);
  const range = { start: { line, character }, end: { line, character: character + 1 } };
  return [
    { range, text: 'Q' },
    { range, text: text[offset] },
  ];
}

/** Our server's validation delay after an edit, as languageServer.ts sets it. */
function ourDebounce(): number {
  const delay = /VALIDATION_DELAY_MS = (\d+)/.exec(readFileSync(path.join(ROOT, 'server/src/languageServer.ts'), 'utf8'));
  if (!delay) throw new Error('no VALIDATION_DELAY_MS in server/src/languageServer.ts: find how the server debounces validation');
  return Number(delay[1]);
}
