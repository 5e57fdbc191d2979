/**
 * Listing 10,000 secrets through the server (open a document, then the refresh request) against a
 * bare SDK paginator loop over the same moto, and the server's memory while it holds the list.
 */
import { paginateListSecrets, SecretListEntry, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { openAndList, refreshList, withSeededServer } from './awsBench';
import { motoClient } from '../support/moto';
import { elapsed, megabytes, ms, ratio, Row, Section, spread, summarize } from './harness';

const COUNT = 10_000;
const RUNS = 3;
const RATIO_TARGET = 1.2;
const MEMORY_TARGET = 100 * 2 ** 20;
const DOCUMENT = `warehouse:\n  PASSWORD: "{{ aws_secret_var('bench/secret-00042') }}"\n`;

export const secretListSection: Section = { title: `Listing ${COUNT.toLocaleString('en')} secrets`, run };

async function run(): Promise<Row[]> {
  return withSeededServer(COUNT, async (server, moto) => {
    const client = motoClient(moto.endpoint);
    try {
      await listBare(client); // warm-up; the server's warm-up is its first load, timed below
      const idle = server.residentMemory();
      const firstLoad = await openAndList(server, 'file:///bench/list/io_config.yaml', DOCUMENT, COUNT);
      const afterFirstLoad = server.residentMemory();
      // Taken in turns, so that a drift in moto's speed weighs on both alike.
      const bareSamples: number[] = [];
      const serverSamples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        bareSamples.push(await elapsed(() => listBare(client)));
        serverSamples.push(await elapsed(() => refreshList(server, COUNT)));
      }
      const bare = summarize(bareSamples);
      const refresh = summarize(serverSamples);
      const resident = server.residentMemory();
      const peak = server.peakMemory();
      return [
        { measure: 'bare SDK: paginateListSecrets, 100 a page', value: spread(bare), against: 'in the bench process, same moto' },
        { measure: 'server: open -> list ready (first load)', value: ms(firstLoad), against: `${ratio(firstLoad, bare.p50)} bare SDK` },
        {
          measure: 'server: refreshSecretList -> ready',
          value: spread(refresh),
          against: `${ratio(refresh.p50, bare.p50)} bare SDK`,
          target: { text: `within ${RATIO_TARGET.toFixed(2)}x bare SDK`, met: refresh.p50 <= RATIO_TARGET * bare.p50 },
        },
        {
          measure: `server memory, list cached, after ${RUNS + 1} loads (VmRSS)`,
          value: megabytes(resident),
          against: `${megabytes(idle)} before listing, ${megabytes(afterFirstLoad)} after the first load`,
          target: { text: `under ${megabytes(MEMORY_TARGET)}`, met: resident < MEMORY_TARGET },
        },
        {
          measure: 'server peak memory (VmHWM)',
          value: megabytes(peak),
          target: { text: `under ${megabytes(MEMORY_TARGET)}`, met: peak < MEMORY_TARGET },
        },
      ];
    } finally {
      client.destroy();
    }
  });
}

/** Every secret, page by page, as the server's gateway asks for them. */
async function listBare(client: SecretsManagerClient): Promise<SecretListEntry[]> {
  const secrets: SecretListEntry[] = [];
  for await (const page of paginateListSecrets({ client }, { MaxResults: 100, IncludePlannedDeletion: true }))
    secrets.push(...(page.SecretList ?? []));
  if (secrets.length !== COUNT) throw new Error(`the bare SDK listed ${secrets.length} secrets, not ${COUNT}`);
  return secrets;
}
