/**
 * Completion of secret names inside aws_secret_var('…') over LSP with 10,000 secrets listed,
 * with nothing typed and with a short prefix, next to a completion request that has nothing to offer.
 */
import { CompletionList, Position } from 'vscode-languageserver-protocol';
import { openAndList, SEEDED_PREFIX, withSeededServer } from './awsBench';
import { ms, Row, Section, spread, time, Timing } from './harness';
import { BenchServer } from './lspServer';

const COUNT = 10_000;
const P95_TARGET_MS = 10;
const PREFIX = `${SEEDED_PREFIX}01`;
const URI = 'file:///bench/completion/io_config.yaml';
const DOCUMENT = [
  'warehouse:',
  `  PASSWORD: "{{ aws_secret_var('') }}"`,
  `  TOKEN: "{{ aws_secret_var('${PREFIX}') }}"`,
  '  PORT: 5432',
  '',
].join('\n');

export const completionSection: Section = { title: `Completing secret names, ${COUNT.toLocaleString('en')} listed`, run };

async function run(): Promise<Row[]> {
  return withSeededServer(COUNT, async (server) => {
    await openAndList(server, URI, DOCUMENT, COUNT);
    const nothing = await completion(server, after('PORT'));
    const cases = [
      { label: 'nothing typed', at: after("aws_secret_var('") },
      { label: `'${PREFIX}' typed`, at: after(PREFIX) },
    ];
    const rows: Row[] = [
      { measure: 'completion with nothing to offer (a key)', value: spread(nothing.timing), against: 'the LSP round trip alone' },
    ];
    for (const { label, at } of cases) {
      const { timing, list } = await completion(server, at);
      rows.push({
        measure: `completion, ${label}`,
        value: spread(timing),
        against: `${list.items.length} items${list.isIncomplete ? ', marked incomplete' : ''}; ${ms(timing.p50 - nothing.timing.p50)} above the round trip`,
        target: { text: `p95 under ${P95_TARGET_MS} ms`, met: timing.p95 < P95_TARGET_MS },
      });
    }
    return rows;
  });
}

async function completion(server: BenchServer, position: Position): Promise<{ timing: Timing; list: CompletionList }> {
  let list: CompletionList = { isIncomplete: false, items: [] };
  const request = async () => {
    list = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri: URI }, position })) ?? list;
  };
  const timing = await time(request, { warmup: 5, runs: 50 });
  return { timing, list };
}

/** The position just after the first occurrence of `marker` in the document. */
function after(marker: string): Position {
  const offset = DOCUMENT.indexOf(marker) + marker.length;
  const before = DOCUMENT.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}
