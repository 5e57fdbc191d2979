/**
 * Hover on a reference against moto: the first hover of a secret (nothing cached: its metadata
 * and masked value are fetched) and a repeated one (from memory), next to a bare GetSecretValue call.
 */
import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { seedSecrets, startMoto } from '../support/moto';
import { openAndList, startServerOn } from './awsBench';
import { motoClient } from '../support/moto';
import { ms, ratio, Row, Section, spread, time } from './harness';
import { BenchServer } from './lspServer';

const WARMUP = 2;
const RUNS = 20;
const SECRETS = WARMUP + RUNS;
const FIRST_RATIO = 1.2;
const FIRST_EXTRA_MS = 5;
const REPEATED_P95_MS = 5;
const URI = 'file:///bench/hover/io_config.yaml';
const name = (n: number) => `bench/hover-${String(n).padStart(2, '0')}`;
const line = (n: number) => `  PASSWORD_${String(n).padStart(2, '0')}: "{{ aws_secret_var('${name(n)}') }}"`;
/** One reference a line, the n-th on line n + 1. */
const DOCUMENT = ['warehouse:', ...Array.from({ length: SECRETS }, (_, n) => line(n)), ''].join('\n');

export const hoverSection: Section = { title: 'Hover on a reference, against moto', run };

async function run(): Promise<Row[]> {
  const moto = await startMoto();
  try {
    const client = motoClient(moto.endpoint);
    await seedSecrets(
      moto.endpoint,
      Object.fromEntries(Array.from({ length: SECRETS }, (_, n) => [name(n), JSON.stringify({ user: `svc${n}`, password: `pw-${n}` })])),
    );
    const server = await startServerOn(moto.endpoint);
    try {
      let called = 0;
      const get = (n: number) => client.send(new GetSecretValueCommand({ SecretId: name(n % SECRETS) }));
      const bare = await time(() => get(called++), { warmup: WARMUP, runs: RUNS });
      // What a first hover asks for: the secret's metadata and its value, at the same time.
      const pair = await time(
        () => Promise.all([client.send(new DescribeSecretCommand({ SecretId: name(called % SECRETS) })), get(called++)]),
        { warmup: WARMUP, runs: RUNS },
      );
      await openAndList(server, URI, DOCUMENT, SECRETS);
      let hovered = 0;
      const first = await time(() => hoverOn(server, hovered++), { warmup: WARMUP, runs: RUNS });
      const repeated = await time(() => hoverOn(server, 0), { warmup: WARMUP, runs: RUNS * 2 });
      return [
        { measure: 'bare SDK: GetSecretValue', value: spread(bare), against: 'in the bench process, same moto' },
        { measure: 'bare SDK: DescribeSecret + GetSecretValue at once', value: spread(pair), against: 'the calls a first hover makes' },
        {
          measure: 'first hover of a secret (fetches)',
          value: spread(first),
          against: `${ratio(first.p50, bare.p50)} bare GetSecretValue, ${ratio(first.p50, pair.p50)} the pair`,
          target: {
            text: `p50 within ${FIRST_RATIO.toFixed(2)}x bare + ${FIRST_EXTRA_MS} ms (${ms(FIRST_RATIO * bare.p50 + FIRST_EXTRA_MS)})`,
            met: first.p50 <= FIRST_RATIO * bare.p50 + FIRST_EXTRA_MS,
          },
        },
        {
          measure: 'repeated hover (from memory)',
          value: spread(repeated),
          target: { text: `p95 under ${REPEATED_P95_MS} ms`, met: repeated.p95 < REPEATED_P95_MS },
        },
      ];
    } finally {
      client.destroy();
      await server.stop();
    }
  } finally {
    await moto.stop();
  }
}

/** Hovers the n-th reference's secret id and checks the hover shows its masked value, not a failure. */
async function hoverOn(server: BenchServer, n: number): Promise<void> {
  const position = { line: 1 + n, character: line(n).indexOf(name(n)) + 2 };
  const hover: Hover | null = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position });
  const text = (hover?.contents as MarkupContent | undefined)?.value ?? '';
  if (!text.includes('Value: JSON')) throw new Error(`the hover on ${name(n)} shows no value:\n${text}`);
}
