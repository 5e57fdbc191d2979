/** A handful of secrets in the shapes Mage projects use, for the emulator behind the demo and the end-to-end tests. */
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { motoClient } from './moto';

export const sampleSecrets: Record<string, string> = {
  'prod/postgres/password': 'demo-postgres-password',
  database_config: JSON.stringify({ snowflake_user: 'demo', snowflake_password: 'demo-snowflake-password', host: 'db.example.com' }),
  API_KEY: 'demo-api-key',
  ACCESS_TOKEN: 'demo-access-token',
  'dev/redshift': JSON.stringify({ username: 'analyst', password: 'demo-redshift-password', port: 5439 }),
};

/** Creates `sampleSecrets` in the emulator at `endpoint`. */
export async function seedSampleSecrets(endpoint: string): Promise<void> {
  const client = motoClient(endpoint);
  try {
    for (const [name, value] of Object.entries(sampleSecrets)) {
      await client.send(new CreateSecretCommand({ Name: name, SecretString: value }));
    }
  } finally {
    client.destroy();
  }
}
