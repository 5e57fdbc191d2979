/**
 * Credentials written into YAML as literals: a value under a key that names a password, a token or a
 * key (as Mage's io_config keys do), offered to be moved into Secrets Manager.
 */
import { Problem, Span } from './model';
import { YamlValue } from './yamlContext';

export const MOVE_TO_SECRETS_MANAGER_COMMAND = 'awsSecretRefs.moveToSecretsManager';

const CREDENTIAL_KEY = /PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL/i;
/** Keys that name where a credential is, or which one, rather than hold it. */
const NOT_A_CREDENTIAL_KEY = /PATH|FILE|URL|URI|ENDPOINT|NAME$|_ID$|ARN$|TYPE$|TTL|EXPIR|TIMEOUT|REGION/i;
/** Values that are no credential: empty-ish, placeholders, numbers, booleans, environment lookups. */
const NOT_A_CREDENTIAL_VALUE = /^(?:|~|null|none|true|false|[-+]?\d+(?:\.\d+)?|<[^>]*>|\$\{?[A-Za-z_][\w.]*\}?|arn:.*)$/i;

/** A hint with the "move" command for each literal credential value outside templates. */
export function literalCredentials(text: string, values: YamlValue[], insideTemplate: (offset: number) => boolean): Problem[] {
  const problems: Problem[] = [];
  for (const value of values) {
    if (!value.key || value.inFlow || (value.style !== 'plain' && value.style !== 'single' && value.style !== 'double')) continue;
    if (!CREDENTIAL_KEY.test(value.key) || NOT_A_CREDENTIAL_KEY.test(value.key)) continue;
    const content = scalarContent(text, value.span, value.style);
    if (NOT_A_CREDENTIAL_VALUE.test(content) || content.includes('{{') || content.includes('{%') || insideTemplate(value.span.start)) continue;
    problems.push({
      span: value.span,
      severity: 'hint',
      code: 'hardcoded-credential',
      message: `'${value.key}' holds a credential in plain text. Move it to AWS Secrets Manager and reference it with aws_secret_var.`,
      fixes: [
        {
          title: 'Move value to AWS Secrets Manager…',
          command: { name: MOVE_TO_SECRETS_MANAGER_COMMAND, payload: { key: value.key, profile: value.profile } },
        },
      ],
    });
  }
  return problems;
}

function scalarContent(text: string, span: Span, style: 'plain' | 'single' | 'double'): string {
  const raw = text.slice(span.start, span.end);
  return (style === 'plain' ? raw : raw.slice(1, -1)).trim();
}
