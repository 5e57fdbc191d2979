/**
 * The grammar of a Secrets Manager secret ARN:
 * `arn:<partition>:secretsmanager:<region>:<12-digit account>:secret:<name>[-<6 letters or digits>]`,
 * optionally followed by ECS's selector `:<json-key>:<version-stage>:<version-id>`. A field holding
 * `${…}`, `{{…}}` or `{%…%}` is filled in later (CloudFormation `!Sub`, a shell, Serverless, a
 * template) and is not checked; an ARN with IAM wildcards (`*`, `?`) is a pattern for many secrets.
 */

import type { Span } from './model';
import { ARN_SUFFIX_LENGTH, checkSecretName, endsWithArnSuffix, type Issue } from '../../../shared/names';
import { PARTITIONS, checkRegion, isPartition } from './partitions';
import { closestMatches, didYouMean, quote } from './similar';

export type ArnIssueCode =
  | 'arn-prefix'
  | 'arn-partition'
  | 'arn-service'
  | 'arn-region'
  | 'arn-account'
  | 'arn-resource-type'
  | 'arn-secret-name'
  | 'arn-truncated'
  | 'arn-selector'
  | 'arn-selector-stage-and-id'
  | 'arn-version-id';

/** Offsets are relative to the start of the parsed text. */
export type ArnIssue = Issue<ArnIssueCode>;

export interface ParsedSecretArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resourceType: string;
  /** The secret name, without the random suffix of a full ARN. */
  name: string;
  /** The six random characters of a full ARN, after the name's last `-`. */
  suffix?: string;
  isFull: boolean;
  /** Set when a field holds IAM wildcards (`*`, `?`): the ARN is a pattern, not one secret's id. */
  isPattern?: true;
  /** Set when a field holds `${…}`, `{{…}}` or `{%…%}`: filled in later, so that field is not checked. */
  isDynamic?: true;
  /** ECS's `:<json-key>:<version-stage>:<version-id>` after the name, when all three fields are there. */
  selector?: SecretSelector;
  /** Where each part is; a missing part has an empty span at the end of the text. */
  spans: {
    partition: Span;
    service: Span;
    region: Span;
    account: Span;
    resourceType: Span;
    name: Span;
    suffix?: Span;
  };
  issues: ArnIssue[];
}

/** Each field may be empty, meaning the whole secret, `AWSCURRENT`, and no version ID. */
export interface SecretSelector {
  jsonKey: string;
  versionStage: string;
  versionId: string;
  /** From the `:` after the name to the end: the ARN of the secret itself ends where this starts. */
  span: Span;
  spans: { jsonKey: Span; versionStage: Span; versionId: Span };
}

const SERVICE = 'secretsmanager';
const RESOURCE_TYPE = 'secret';
const ACCOUNT_DIGITS = 12;

/** The fields of a secret ARN in order, as messages name them and as they are expected. */
const FIELD_NAMES = ['the prefix', 'the partition', 'the service', 'the region', 'the account ID', 'the resource type', 'the secret name'];
const FIELD_SHAPES = ['arn', '<partition>', SERVICE, '<region>', `<${ACCOUNT_DIGITS}-digit account ID>`, RESOURCE_TYPE, '<secret name>'];
const NAME_FIELD = FIELD_NAMES.length - 1;
/** The ECS agent reads `secret:<name>` or `secret:<name>:<json-key>:<version-stage>:<version-id>`, nothing else (amazon-ecs-agent, asmsecret.go). */
const SELECTOR_FIELDS = 3;
/** GetSecretValue's length limits of a VersionId. */
const VERSION_ID_MIN = 32;
const VERSION_ID_MAX = 64;
const PARTITION_IDS = PARTITIONS.map((p) => p.id);

interface Field extends Span {
  /** Holds `${…}`, `{{…}}` or `{%…%}`. */
  dynamic: boolean;
  /** Holds `*` or `?` outside those. */
  pattern: boolean;
}

/**
 * Where the `${…}` (braces nested, as in Serverless's `${ssm:${opt:stage}/db}`), `{{…}}` or `{%…%}`
 * starting at `start` ends; `start` when none starts there, the text's end when it is not closed.
 */
export function interpolationEnd(text: string, start: number): number {
  const next = text[start + 1];
  if (text[start] === '{' && (next === '{' || next === '%')) {
    const close = text.indexOf(next === '{' ? '}}' : '%}', start + 2);
    return close < 0 ? text.length : close + 2;
  }
  if (text[start] !== '$' || next !== '{') return start;
  let depth = 0;
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i + 1;
  }
  return text.length;
}

/** The `:`-separated fields, left to right; a `:` inside an interpolation (`${AWS::Region}`) separates nothing. */
function scanFields(text: string): Field[] {
  const fields: Field[] = [];
  let field: Field = { start: 0, end: 0, dynamic: false, pattern: false };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === ':') {
      fields.push({ ...field, end: i });
      field = { start: i + 1, end: i + 1, dynamic: false, pattern: false };
    } else if (char === '*' || char === '?') {
      field.pattern = true;
    } else {
      const end = interpolationEnd(text, i);
      if (end > i) {
        field.dynamic = true;
        i = end - 1;
      }
    }
  }
  fields.push({ ...field, end: text.length });
  return fields;
}

/**
 * A secret id followed by `:`-separated fields (CloudFormation's dynamic reference body, CodeBuild's
 * `secrets-manager` value): an ARN's id is its first seven fields, as names hold no `:`; a name's id is
 * its first field. Spans are relative to `text`.
 */
export function splitSecretIdAndFields(text: string): { id: Span; fields: Span[] } {
  const fields = scanFields(text).map(({ start, end }): Span => ({ start, end }));
  const idFields = text.startsWith('arn:') ? Math.min(NAME_FIELD + 1, fields.length) : 1;
  return { id: { start: 0, end: fields[idFields - 1].end }, fields: fields.slice(idFields) };
}

/**
 * Whether `text` is meant as a secret ARN: it starts with `arn:` (any case) and its service looks like
 * `secretsmanager`, or it has a `secret:` resource. Other services' ARNs are not candidates.
 */
export function isSecretsManagerArnCandidate(text: string): boolean {
  if (text.slice(0, 4).toLowerCase() !== 'arn:') return false;
  const fields = scanFields(text);
  const field = (index: number) => (index < fields.length ? text.slice(fields[index].start, fields[index].end).toLowerCase() : '');
  const service = field(2);
  const hasSecretResource = fields.length > NAME_FIELD && field(5) === RESOURCE_TYPE;
  return service.startsWith('secret') || closestMatches(service, [SERVICE]).length > 0 || hasSecretResource;
}

/** How a message names the text found: quoted, or `nothing`. */
function found(value: string): string {
  return value === '' ? 'nothing' : quote(value);
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** The message and suggestions for an account ID that is not 12 digits. */
function accountProblem(value: string): { message: string; suggestions: string[] } {
  const expected = `Account ID must be ${ACCOUNT_DIGITS} digits`;
  if (value === '') return { message: `${expected}; found none.`, suggestions: [] };
  if (isDigits(value)) return { message: `${expected}; found ${value.length} (${quote(value)}).`, suggestions: [] };
  // The console shows account IDs as 1234-5678-9012.
  const digits = value.replace(/[-\s]/g, '');
  const suggestions = digits.length === ACCOUNT_DIGITS && isDigits(digits) ? [digits] : [];
  return { message: `${expected}; found ${quote(value)}.${didYouMean(suggestions)}`, suggestions };
}

/** Parses `text` as a secret ARN; never throws. Issues cover exactly the offending part of `text`. */
export function parseSecretArn(text: string): ParsedSecretArn {
  const fields = scanFields(text);
  const issues: ArnIssue[] = [];
  const end: Span = { start: text.length, end: text.length };
  const spanOf = (index: number): Span => (index < fields.length ? { start: fields[index].start, end: fields[index].end } : end);
  const valueOf = (index: number) => (index < fields.length ? text.slice(fields[index].start, fields[index].end) : '');
  const report = (code: ArnIssueCode, at: Span, message: string, suggestions: string[], severity: ArnIssue['severity'] = 'error') => {
    issues.push({ code, severity, message, start: at.start, end: at.end, ...(suggestions.length > 0 && { suggestions }) });
  };
  // A trailing `:` with nothing after it leaves the next field missing rather than empty.
  let present = Math.min(fields.length, NAME_FIELD + 1);
  if (present > 1 && present <= NAME_FIELD && valueOf(present - 1) === '') present--;
  const isPattern = fields.some((field) => field.pattern);
  /** The field is there and filled in now: neither a pattern nor dynamic. */
  const literal = (index: number) => index < present && !fields[index].dynamic && !fields[index].pattern;

  const prefix = valueOf(0);
  const partition = valueOf(1);
  const service = valueOf(2);
  const region = valueOf(3);
  const account = valueOf(4);
  const resourceType = valueOf(5);
  if (prefix !== 'arn') {
    const suggestions = closestMatches(prefix, ['arn']);
    report('arn-prefix', spanOf(0), `An ARN starts with 'arn:'; found ${found(prefix)}.${didYouMean(suggestions)}`, suggestions);
  }
  if (literal(1) && !isPartition(partition)) {
    const suggestions = closestMatches(partition, PARTITION_IDS);
    const message =
      suggestions.length > 0
        ? `Partition ${quote(partition)} is not an AWS partition.${didYouMean(suggestions)}`
        : `Partition must be one of ${PARTITION_IDS.join(', ')}; found ${found(partition)}.`;
    report('arn-partition', spanOf(1), message, suggestions);
  }
  // IAM allows no wildcard in the service (IAM User Guide, "IAM JSON policy elements: Resource").
  if (present > 2 && !fields[2].dynamic && service !== SERVICE) {
    const suggestions = closestMatches(service, [SERVICE]);
    report(
      'arn-service',
      spanOf(2),
      `Service must be '${SERVICE}' in a secret ARN; found ${found(service)}.${didYouMean(suggestions)}`,
      suggestions,
    );
  }
  if (literal(3)) {
    const check = checkRegion(region, isPartition(partition) ? partition : undefined);
    if (check.message !== undefined) {
      report('arn-region', spanOf(3), check.message, check.suggestions, check.status === 'possible' ? 'information' : 'error');
    }
  }
  if (literal(4) && !(account.length === ACCOUNT_DIGITS && isDigits(account))) {
    const { message, suggestions } = accountProblem(account);
    report('arn-account', spanOf(4), message, suggestions);
  }
  // A pattern may name every resource type with `*`.
  if (present > 5 && !fields[5].dynamic && resourceType !== RESOURCE_TYPE && resourceType !== '*') {
    const suggestions = closestMatches(resourceType, [RESOURCE_TYPE]);
    report(
      'arn-resource-type',
      spanOf(5),
      `Resource type must be '${RESOURCE_TYPE}'; found ${found(resourceType)}.${didYouMean(suggestions)}`,
      suggestions,
    );
  }

  let name = '';
  let nameSpan = end;
  let suffixSpan: Span | undefined;
  let selector: SecretSelector | undefined;
  if (present > NAME_FIELD) {
    const resource = fields[NAME_FIELD];
    const nameAndSuffix = text.slice(resource.start, resource.end);
    const isFull = endsWithArnSuffix(nameAndSuffix) && nameAndSuffix.length > ARN_SUFFIX_LENGTH + 1;
    nameSpan = { start: resource.start, end: isFull ? resource.end - ARN_SUFFIX_LENGTH - 1 : resource.end };
    if (isFull) suffixSpan = { start: resource.end - ARN_SUFFIX_LENGTH, end: resource.end };
    name = text.slice(nameSpan.start, nameSpan.end);
    if (!resource.dynamic) {
      for (const problem of checkSecretName(name, resource.pattern)) {
        issues.push({ ...problem, code: 'arn-secret-name', start: problem.start + nameSpan.start, end: problem.end + nameSpan.start });
      }
    }
    const extra = fields.length - NAME_FIELD - 1;
    const after: Span = { start: resource.end, end: text.length };
    if (extra === SELECTOR_FIELDS) {
      selector = readSelector(text, fields.slice(NAME_FIELD + 1), after, issues);
    } else if (extra > 0) {
      const message =
        `${quote(text.slice(after.start, after.end))} after the secret name has ${extra} ${extra === 1 ? 'field' : 'fields'}: ECS reads exactly ` +
        `three and otherwise fails with "an invalid ARN format". Specify ':json-key:version-stage:version-id', leaving unused fields empty, e.g. ':username::'.`;
      // Only a lone key (`:username`, `:username:`) pads unambiguously: in `::<id>` the id would become the stage.
      const written = text.slice(after.start, after.end);
      const loneKey = extra === 1 || (extra === 2 && written.endsWith(':'));
      report('arn-selector', after, message, loneKey ? [written + ':'.repeat(SELECTOR_FIELDS - extra)] : []);
    }
  } else if ((prefix === 'arn' || fields.length > 1) && !(isPattern && text.endsWith('*'))) {
    // In IAM, a `*` that ends a field also matches the fields after it (IAM User Guide, as above).
    const tail = (text.endsWith(':') ? '' : ':') + FIELD_SHAPES.slice(present).join(':');
    const message = `ARN stops after ${FIELD_NAMES[present - 1]}; ${FIELD_NAMES[present]} is missing: expected '${tail}'.`;
    report('arn-truncated', end, message, []);
  }

  return {
    partition,
    service,
    region,
    account,
    resourceType,
    name,
    ...(suffixSpan && { suffix: text.slice(suffixSpan.start, suffixSpan.end) }),
    isFull: suffixSpan !== undefined,
    ...(isPattern && { isPattern: true }),
    ...(fields.some((field) => field.dynamic) && { isDynamic: true }),
    ...(selector && { selector }),
    spans: {
      partition: spanOf(1),
      service: spanOf(2),
      region: spanOf(3),
      account: spanOf(4),
      resourceType: spanOf(5),
      name: nameSpan,
      ...(suffixSpan && { suffix: suffixSpan }),
    },
    issues,
  };
}

/** The selector of three fields; its problems (a stage with a version ID, a version ID's length) go to `issues`. */
function readSelector(text: string, fields: Field[], span: Span, issues: ArnIssue[]): SecretSelector {
  const [jsonKey, versionStage, versionId] = fields.map((field) => text.slice(field.start, field.end));
  const [keySpan, stageSpan, idSpan] = fields.map((field): Span => ({ start: field.start, end: field.end }));
  if (versionStage !== '' && versionId !== '') {
    // GetSecretValue: "If you include both this parameter and VersionStage, the two parameters must refer to the same secret version."
    const message =
      'A version stage and a version ID together: ECS documents one or the other, and reading fails unless the stage is on that version.';
    issues.push({ code: 'arn-selector-stage-and-id', severity: 'warning', message, start: stageSpan.start, end: idSpan.end });
  }
  if (versionId !== '' && !fields[2].dynamic && (versionId.length < VERSION_ID_MIN || versionId.length > VERSION_ID_MAX)) {
    const message = `Version ID must be ${VERSION_ID_MIN} to ${VERSION_ID_MAX} characters; found ${versionId.length} (${quote(versionId)}).`;
    issues.push({ code: 'arn-version-id', severity: 'error', message, start: idSpan.start, end: idSpan.end });
  }
  return { jsonKey, versionStage, versionId, span, spans: { jsonKey: keySpan, versionStage: stageSpan, versionId: idSpan } };
}
