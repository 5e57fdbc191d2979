/** A large Mage io_config.yaml: many profiles, each with the same mix of settings and secret references. */
import { SEEDED_PREFIX } from './awsBench';

export const LINES_PER_PROFILE = 50;
export const REFERENCES_PER_PROFILE = 10;

const ACCOUNT = '123456789012';

/**
 * One profile: 50 lines with 10 secret references (names, ARNs, json_value, a bare ARN value; 5 with a problem:
 * unquoted, invalid name, invalid region, bare identifier, inside a YAML comment), plus plain values, comments,
 * other templates, a Jinja comment and a misspelled function.
 */
function profile(n: number): string[] {
  const arn = (region: string, name: string) => `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${name}-a1B2c${n % 10}`;
  return [
    `profile_${n}:`,
    `  # Connections of team ${n}`,
    `  AWS_REGION: us-east-1`,
    `  AWS_ACCESS_KEY_ID: "{{ env_var('AWS_ACCESS_KEY_ID') }}"`,
    `  POSTGRES_CONNECT_TIMEOUT: 10`,
    `  POSTGRES_DBNAME: analytics_${n}`,
    `  POSTGRES_SCHEMA: public`,
    `  POSTGRES_USER: "{{ env_var('POSTGRES_USER') }}"`,
    `  POSTGRES_PASSWORD: "{{ aws_secret_var('prod/postgres-${n}/password') }}"`,
    `  POSTGRES_HOST: db-${n}.internal.example.com`,
    `  POSTGRES_PORT: 5432`,
    `  # MySQL reads its password from a JSON secret`,
    `  MYSQL_DATABASE: orders_${n}`,
    `  MYSQL_HOST: mysql-${n}.internal.example.com`,
    `  MYSQL_PASSWORD: "{{ json_value(aws_secret_var('prod/mysql-${n}'), 'password') }}"`,
    `  MYSQL_PORT: 3306`,
    `  MYSQL_USER: mage`,
    `  API_KEY: "{{ aws_secret_var('${arn('us-west-2', `prod/api-${n}`)}') }}"`,
    `  API_KEY_ARN: ${arn('eu-west-1', `prod/api-key-${n}`)}`,
    `  API_TOKEN: '{{ aws_secret_var("prod/api-${n}/token", False) }}'`,
    `  BIGQUERY_PROJECT: project-${n}`,
    `  GOOGLE_SERVICE_ACC_KEY_FILEPATH: /secrets/gcp-${n}.json`,
    `  REDSHIFT_CLUSTER_ID: cluster-${n}`,
    `  REDSHIFT_DBNAME: warehouse`,
    `  REDSHIFT_HOST: redshift-${n}.example.com`,
    `  REDSHIFT_PASSWORD: {{ aws_secret_var(secret_id='prod/redshift-${n}', cached=False) }}`,
    `  REDSHIFT_PORT: 5439`,
    `  REDSHIFT_USER: "{{ env_var('REDSHIFT_USER') }}"`,
    `  SNOWFLAKE_ACCOUNT: acct-${n}`,
    `  SNOWFLAKE_DEFAULT_WH: COMPUTE_WH`,
    `  SNOWFLAKE_DEFAULT_DB: RAW`,
    `  SNOWFLAKE_PASSWORD: "{{ aws_secret_var('prod/snowflake ${n}!') }}"`,
    `  SNOWFLAKE_USER: loader`,
    `  S3_BUCKET: data-lake-${n}`,
    `  S3_KEY: "{{ aws_secret_var('${arn('us-westt-2', `prod/s3-${n}`)}') }}"`,
    `  KAFKA_BOOTSTRAP_SERVER: kafka-${n}:9092`,
    `  KAFKA_SASL_PASSWORD: "{{ aws_secret_var(KAFKA_SECRET) }}"`,
    `  KAFKA_SECURITY_PROTOCOL: SASL_SSL`,
    `  # OLD_KAFKA_PASSWORD: "{{ aws_secret_var('prod/kafka-${n}/old') }}"`,
    `  {# retired: aws_secret_var('prod/retired-${n}') #}`,
    `  MONGODB_CONNECTION_STRING: "{{ aws_secrets_var('prod/mongo-${n}') }}"`,
    `  MONGODB_DATABASE: events`,
    `  OPTIONS:`,
    `    sslmode: require`,
    `    application_name: mage-${n}`,
    `  TRINO_CATALOG: hive`,
    `  TRINO_HOST: trino-${n}.example.com`,
    `  TRINO_PORT: 8080`,
    `  TRINO_USER: "{{ env_var('TRINO_USER') }}"`,
    `  TRINO_SCHEMA: default`,
  ];
}

export function ioConfig(profiles: number): string {
  return Array.from({ length: profiles }, (_, n) => profile(n).join('\n')).join('\n') + '\n';
}

/** An io_config of `lines` lines (rounded to whole profiles). */
export function ioConfigOfLines(lines: number): string {
  return ioConfig(Math.max(1, Math.round(lines / LINES_PER_PROFILE)));
}

/** The n-th name test/bench/motoSeeded.py creates. */
export const seededName = (n: number) => `${SEEDED_PREFIX}${String(n).padStart(5, '0')}`;
/** A name one character away from a seeded name, so "did you mean" has thousands of near candidates. */
const missingName = (n: number) => `${seededName(n)}x`;

/**
 * An io_config of `lines` lines whose references name the `seeded` secrets test/bench/motoSeeded.py creates;
 * every `missingEvery`-th reference names a secret that does not exist (0: none). Five references in ten lines.
 */
export function seededIoConfig(lines: number, seeded: number, missingEvery = 0): string {
  let count = 0;
  const next = () => {
    count++;
    return missingEvery > 0 && count % missingEvery === 0 ? missingName(count % seeded) : seededName(count % seeded);
  };
  const profile = (n: number) => [
    `profile_${n}:`,
    `  POSTGRES_HOST: db-${n}.internal.example.com`,
    `  POSTGRES_PASSWORD: "{{ aws_secret_var('${next()}') }}"`,
    `  MYSQL_PASSWORD: "{{ json_value(aws_secret_var('${next()}'), 'password') }}"`,
    `  # Rotated monthly`,
    `  API_TOKEN: '{{ aws_secret_var("${next()}", False) }}'`,
    `  REDSHIFT_PASSWORD: "{{ aws_secret_var(secret_id='${next()}', cached=False) }}"`,
    `  SNOWFLAKE_USER: loader`,
    `  SNOWFLAKE_PASSWORD: "{{ aws_secret_var('${next()}') }}"`,
    `  S3_BUCKET: data-lake-${n}`,
  ];
  return Array.from({ length: Math.max(1, Math.round(lines / 10)) }, (_, n) => profile(n).join('\n')).join('\n') + '\n';
}
