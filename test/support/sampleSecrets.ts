/** A handful of secrets in the shapes Mage projects use, for the emulator behind the demo and the end-to-end tests. */
export const sampleSecrets: Record<string, string> = {
  'prod/postgres/password': 'demo-postgres-password',
  database_config: JSON.stringify({ snowflake_user: 'demo', snowflake_password: 'demo-snowflake-password', host: 'db.example.com' }),
  API_KEY: 'demo-api-key',
  ACCESS_TOKEN: 'demo-access-token',
  'dev/redshift': JSON.stringify({ username: 'analyst', password: 'demo-redshift-password', port: 5439 }),
};

/** What the hover and the wizards show in place of a value. */
export const MASK = '••••••••';
