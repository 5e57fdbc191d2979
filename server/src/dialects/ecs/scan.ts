/**
 * The values that ECS, AWS Batch and App Runner read as a secret ARN (`ValueFrom`, `valueFrom`, `value_from`,
 * `value-from`, `CredentialsParameter`), and CodeBuild's `env.secrets-manager` values.
 */
import { isSecretsManagerArnCandidate, parseSecretArn, splitSecretIdAndFields } from '../../core/arn';
import { Analysis, Problem, QuickFix, SecretReference, Selector, Span, shiftSpan } from '../../core/model';
import { idProblems } from '../../core/secretId';
import { quote } from '../../core/similar';
import { everyNth } from '../../core/steps';
import { scalarText, YamlValue } from '../../core/yamlContext';
import { generatedKeyProblem, readTemplate, Template } from '../cloudformation/template';
import type { DialectDocument } from '../dialect';
import { ecsWording } from './wording';

/** Keys whose value ECS, Batch or App Runner read as a secret's ARN or an SSM parameter. */
export const SECRET_KEYS = [
  'ValueFrom',
  'valueFrom',
  'value_from',
  'value-from',
  'CredentialsParameter',
  'credentialsParameter',
  'credentials_parameter',
];
/** Filled in later by a tool or a shell: not checked. */
const INTERPOLATED = /\$\{|\{\{|\{%|^\$/;
const VALUES_PER_STEP = 250;

export function* scanEcs(document: DialectDocument, taken: (offset: number) => boolean): Generator<void, Analysis> {
  const { text, yaml } = document;
  const template = readTemplate(document);
  const pause = everyNth(VALUES_PER_STEP);
  const references: SecretReference[] = [];
  const problems: Problem[] = [];
  for (const value of yaml.values) {
    if (pause()) yield;
    if (value.style === 'flow' || value.style === 'block' || value.inFlow || taken(contentStart(value))) continue;
    const reference = SECRET_KEYS.includes(value.key ?? '')
      ? valueFromReference(text, value, template, problems)
      : isBuildspecSecret(value.path)
        ? buildspecReference(text, value, problems)
        : undefined;
    if (reference) references.push(reference);
  }
  return { references, problems };
}

/** CodeBuild's `env: secrets-manager: <VARIABLE>: <value>`. */
function isBuildspecSecret(path: string[]): boolean {
  return path.length >= 3 && path[path.length - 2] === 'secrets-manager' && path[path.length - 3] === 'env';
}

/** Where the characters of a scalar's text start. */
function contentStart(value: YamlValue): number {
  return value.span.start + (value.style === 'single' || value.style === 'double' ? 1 : 0);
}

function valueFromReference(text: string, value: YamlValue, template: Template, problems: Problem[]): SecretReference | undefined {
  const content = scalarText(text, value);
  const start = contentStart(value);
  const reference: SecretReference = {
    dialect: 'ecs',
    kind: 'valueFrom',
    span: { start, end: start + content.length },
    profile: value.profile,
    key: value.key,
    needsString: true,
    inComment: false,
  };
  if (value.key === 'value-from' && value.path.includes('env')) {
    const message = "App Runner reads 'value-from' only under run.secrets, not under run.env: move this entry to 'secrets'.";
    problems.push({ span: { start, end: start + content.length }, severity: 'warning', code: 'ecs-value-from-in-env', message });
  }
  if (value.tag === '!Ref') {
    if (!template.secrets.has(content)) return undefined;
    reference.createdInDocument = true;
    return reference;
  }
  if (value.tag && value.tag !== '!Sub') return undefined;
  const created = value.tag === '!Sub' ? /^\$\{([\w.]+)\}(?::([^:]*):[^:]*:[^:]*)?$/.exec(content) : null;
  if (created && template.secrets.has(created[1])) {
    // `!Sub '${Secret}:key::'`: the ARN of a secret the template creates, with ECS's selector.
    reference.createdInDocument = true;
    const keyStart = start + created[1].length + 4;
    const jsonKey = created[2] ? { value: created[2], span: { start: keyStart, end: keyStart + created[2].length } } : undefined;
    const problem = jsonKey && generatedKeyProblem(template, created[1], jsonKey, ecsWording.missingJsonKey);
    if (problem) problems.push(problem);
    return reference;
  }
  if (content.includes('{{resolve:')) {
    const message =
      "A dynamic reference puts the secret's value here, but ECS expects the secret's ARN (or an SSM parameter): write the ARN, with ':json-key::' to read one key.";
    problems.push({
      span: { start, end: start + content.length },
      severity: 'error',
      code: 'ecs-dynamic-reference',
      message,
      fixes: arnFix(content, { start, end: start + content.length }),
    });
    return reference;
  }
  if (content.startsWith('arn:')) {
    if (!isSecretsManagerArnCandidate(content)) return undefined;
    const arn = parseSecretArn(content);
    problems.push(...idProblems(content, start, arn));
    if (arn.isPattern || arn.isDynamic) return reference;
    const { selector } = arn;
    reference.secretId = selector ? content.slice(0, selector.span.start) : content;
    reference.idSpan = { start, end: start + reference.secretId.length };
    if (selector)
      Object.assign(reference, selectors(content, [selector.spans.jsonKey, selector.spans.versionStage, selector.spans.versionId], start));
    return reference;
  }
  if (content === '' || INTERPOLATED.test(content) || value.tag) return undefined;
  const message = `ECS reads ${quote(content)} as the name of an SSM parameter, not a Secrets Manager secret. To read a secret, write its ARN.`;
  problems.push({
    span: { start, end: start + content.length },
    severity: 'hint',
    code: 'ecs-ssm-parameter',
    message,
    fixes: [{ title: "Change to the secret's ARN", arnOf: { secretId: content, selector: '' } }],
  });
  return undefined;
}

/**
 * For a value that is one dynamic reference: its secret's ARN with ECS's selector for the same key, stage
 * and version id (looked up in the list when the reference names the secret by name).
 */
function arnFix(content: string, span: Span): QuickFix[] | undefined {
  const body = /^\{\{resolve:secretsmanager:([^{}]+)\}\}$/.exec(content)?.[1];
  if (body === undefined || body.includes('${')) return undefined;
  const { id, fields } = splitSecretIdAndFields(body);
  const field = (index: number) => (index < fields.length ? body.slice(fields[index].start, fields[index].end) : '');
  if (fields.length > 4 || (field(0) !== '' && field(0) !== 'SecretString')) return undefined;
  const selector = field(1) + field(2) + field(3) === '' ? '' : `:${field(1)}:${field(2)}:${field(3)}`;
  const secretId = body.slice(id.start, id.end);
  if (!secretId.startsWith('arn:')) return [{ title: "Change to the secret's ARN", arnOf: { secretId, selector } }];
  const arn = parseSecretArn(secretId);
  return arn.isFull && arn.issues.length === 0
    ? [{ title: `Change to '${secretId}${selector}'`, edits: [{ span, newText: secretId + selector }], preferred: true }]
    : undefined;
}

/** `<secret-id>:<json-key>:<version-stage>:<version-id>`, every field after the id optional. */
function buildspecReference(text: string, value: YamlValue, problems: Problem[]): SecretReference | undefined {
  const content = scalarText(text, value);
  const start = contentStart(value);
  if (content === '' || INTERPOLATED.test(content) || value.tag) return undefined;
  const reference: SecretReference = {
    dialect: 'ecs',
    kind: 'buildspec',
    span: { start, end: start + content.length },
    profile: value.profile,
    key: value.key,
    inComment: false,
  };
  const { id, fields } = splitSecretIdAndFields(content);
  const secretId = content.slice(id.start, id.end);
  if (fields.length > 3) {
    const extra = { start: start + fields[3].start - 1, end: start + content.length };
    const message = `${quote(text.slice(extra.start, extra.end))} is one field too many: CodeBuild reads '<secret-id>:<json-key>:<version-stage>:<version-id>'. Remove it.`;
    problems.push({ span: extra, severity: 'error', code: 'ecs-buildspec-fields', message });
  }
  const arn = secretId.startsWith('arn:') ? parseSecretArn(secretId) : undefined;
  problems.push(...idProblems(secretId, start, arn));
  if (arn?.isPattern || arn?.isDynamic) return reference;
  reference.secretId = secretId;
  reference.idSpan = { start, end: start + secretId.length };
  Object.assign(reference, selectors(content, fields, start));
  return reference;
}

/** The JSON key, version stage and version ID among three field spans (of `content`, which starts at `start`), when not empty. */
function selectors(
  content: string,
  [key, stage, id]: Span[],
  start: number,
): Pick<SecretReference, 'jsonPath' | 'versionStage' | 'versionId'> {
  const selector = (span: Span | undefined): Selector | undefined =>
    span && span.end > span.start ? { value: content.slice(span.start, span.end), span: shiftSpan(span, start) } : undefined;
  const jsonKey = selector(key);
  return { jsonPath: jsonKey && { path: jsonKey.value, span: jsonKey.span }, versionStage: selector(stage), versionId: selector(id) };
}
