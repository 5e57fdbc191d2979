/**
 * The `valueFrom` family: secret ARNs with ECS's `:json-key:version-stage:version-id` selector in ECS task
 * definitions (CloudFormation or camelCase YAML), AWS Batch job definitions, ecs-params.yml and
 * apprunner.yaml, and CodeBuild's buildspec `env.secrets-manager`.
 */
import { parseSecretArn } from '../../core/arn';
import { valueStartLength } from '../../core/quotes';
import { ecsWording } from './wording';
import type { CursorContext, Dialect } from '../dialect';
import { scanEcs, SECRET_KEYS } from './scan';

/** A key that ECS, Batch or App Runner read a secret from, or CodeBuild's `secrets-manager:`. */
const READS_SECRETS = new RegExp(`^[ \\t-]*["']?(?:${SECRET_KEYS.join('|')}|secrets-manager)["']?[ \\t]*:`, 'm');
const SECRET_KEY_VALUE = new RegExp(`^\\s*(?:-\\s+)?["']?(?:${SECRET_KEYS.join('|')})["']?\\s*:\\s+(['"]?)([^\\s'"]*)$`);

export const ecs: Dialect = {
  id: 'ecs',
  label: 'ECS secrets (valueFrom)',
  filePatterns: [
    '**/ecs-params.{yml,yaml}',
    '**/apprunner.{yaml,yml}',
    '**/buildspec*.{yml,yaml}',
    '**/*task-definition*.{yaml,yml}',
    '**/*taskdef*.{yaml,yml}',
    '**/*job-definition*.{yaml,yml}',
  ],
  filesRule:
    'ecs-params.yml, apprunner.yaml, buildspec*.yml, and *task-definition*.yaml, *taskdef*.yaml and *job-definition*.yaml ' +
    'files; also the ValueFrom, valueFrom, value_from, value-from and CredentialsParameter values of any YAML file read ' +
    'for another dialect (CloudFormation templates with ECS or Batch resources).',
  claims: ({ text }, pathMatched) => pathMatched || READS_SECRETS.test(text),
  scan: scanEcs,
  wording: ecsWording,

  codes: {
    'ecs-dynamic-reference': "ECS is given a secret's ARN, not a dynamic reference to its value",
    'ecs-ssm-parameter': 'A value that is not an ARN is read as an SSM parameter, not a secret',
    'ecs-value-from-in-env': 'App Runner reads value-from under run.secrets, not run.env',
    'ecs-buildspec-fields': "CodeBuild's secrets-manager value has at most a secret id, a JSON key, a version stage and a version ID",
  },
  cursorContext: secretArnBeingTyped,
  // The ARN or name as it is: a plain scalar needs no quotes, as neither holds ': ' or starts with a YAML indicator.
  referenceText: (secretId) => secretId,
  keyReferenceText,
};

/**
 * The secret's full ARN with ECS's `:key::` selector. None when only a name is known (ECS would read an
 * SSM parameter) or the key holds a `:` or space.
 */
export function keyReferenceText(secretId: string, jsonKey: string): string | undefined {
  if (jsonKey === '' || /[:\s]/.test(jsonKey) || !secretId.startsWith('arn:')) return undefined;
  const arn = parseSecretArn(secretId);
  return arn.isFull && !arn.selector && arn.issues.length === 0 ? `${secretId}:${jsonKey}::` : undefined;
}

/** An ARN typed as the value of a `ValueFrom` key. Looks at the cursor's line only. */
function secretArnBeingTyped(text: string, offset: number): CursorContext | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  if (valueStartLength(before) === undefined) return undefined;
  const typed = SECRET_KEY_VALUE.exec(before)?.[2];
  if (typed === undefined) return undefined;
  const tail = /^[^\s'"#]*/.exec(text.slice(offset))![0];
  return { kind: 'arn', typed, replace: { start: offset - typed.length, end: offset + tail.length } };
}
