/**
 * The grammar of a Secrets Manager secret ARN:
 * `arn:<partition>:secretsmanager:<region>:<12-digit account>:secret:<name>[-<6 letters or digits>]`.
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
  | 'arn-extra';

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

const SERVICE = 'secretsmanager';
const RESOURCE_TYPE = 'secret';
const ACCOUNT_DIGITS = 12;

/** The fields of a secret ARN in order, as messages name them and as they are expected. */
const FIELD_NAMES = ['the prefix', 'the partition', 'the service', 'the region', 'the account ID', 'the resource type', 'the secret name'];
const FIELD_SHAPES = ['arn', '<partition>', SERVICE, '<region>', `<${ACCOUNT_DIGITS}-digit account ID>`, RESOURCE_TYPE, '<secret name>'];
const NAME_FIELD = FIELD_NAMES.length - 1;
const PARTITION_IDS = PARTITIONS.map((p) => p.id);

/**
 * Spans of the fields present, left to right: each of the first six ends at the next `:`; the
 * seventh, the resource name, is all the rest (it may contain `:` itself).
 */
function scanFields(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  while (spans.length < NAME_FIELD) {
    const colon = text.indexOf(':', start);
    if (colon < 0) break;
    spans.push({ start, end: colon });
    start = colon + 1;
  }
  spans.push({ start, end: text.length });
  return spans;
}

/**
 * Whether `text` is meant as a secret ARN: it starts with `arn:` (any case) and its service looks like
 * `secretsmanager`, or it has a `secret:` resource. Other services' ARNs are not candidates.
 */
export function isSecretsManagerArnCandidate(text: string): boolean {
  if (text.slice(0, 4).toLowerCase() !== 'arn:') return false;
  const spans = scanFields(text);
  const field = (index: number) => (index < spans.length ? text.slice(spans[index].start, spans[index].end).toLowerCase() : '');
  const service = field(2);
  const hasSecretResource = spans.length > NAME_FIELD && field(5) === RESOURCE_TYPE;
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
  const spans = scanFields(text);
  const issues: ArnIssue[] = [];
  const end: Span = { start: text.length, end: text.length };
  const spanOf = (index: number) => spans[index] ?? end;
  const valueOf = (index: number) => (index < spans.length ? text.slice(spans[index].start, spans[index].end) : '');
  const report = (code: ArnIssueCode, at: Span, message: string, suggestions: string[], severity: ArnIssue['severity'] = 'error') => {
    issues.push({ code, severity, message, start: at.start, end: at.end, ...(suggestions.length > 0 && { suggestions }) });
  };
  // A trailing `:` with nothing after it leaves the next field missing rather than empty.
  let present = spans.length;
  if (present > 1 && present <= NAME_FIELD && valueOf(present - 1) === '') present--;

  const prefix = valueOf(0);
  const partition = valueOf(1);
  const service = valueOf(2);
  const region = valueOf(3);
  const account = valueOf(4);
  const resourceType = valueOf(5);
  if (prefix !== 'arn') {
    const suggestions = closestMatches(prefix, ['arn']);
    report('arn-prefix', spans[0], `An ARN starts with 'arn:'; found ${found(prefix)}.${didYouMean(suggestions)}`, suggestions);
  }
  if (present > 1 && !isPartition(partition)) {
    const suggestions = closestMatches(partition, PARTITION_IDS);
    const message =
      suggestions.length > 0
        ? `Partition ${quote(partition)} is not an AWS partition.${didYouMean(suggestions)}`
        : `Partition must be one of ${PARTITION_IDS.join(', ')}; found ${found(partition)}.`;
    report('arn-partition', spans[1], message, suggestions);
  }
  if (present > 2 && service !== SERVICE) {
    const suggestions = closestMatches(service, [SERVICE]);
    report('arn-service', spans[2], `Service must be '${SERVICE}' in a secret ARN; found ${found(service)}.${didYouMean(suggestions)}`, suggestions);
  }
  if (present > 3) {
    const check = checkRegion(region, isPartition(partition) ? partition : undefined);
    if (check.message !== undefined) {
      report('arn-region', spans[3], check.message, check.suggestions, check.status === 'possible' ? 'information' : 'error');
    }
  }
  if (present > 4 && !(account.length === ACCOUNT_DIGITS && isDigits(account))) {
    const { message, suggestions } = accountProblem(account);
    report('arn-account', spans[4], message, suggestions);
  }
  if (present > 5 && resourceType !== RESOURCE_TYPE) {
    const suggestions = closestMatches(resourceType, [RESOURCE_TYPE]);
    report('arn-resource-type', spans[5], `Resource type must be '${RESOURCE_TYPE}'; found ${found(resourceType)}.${didYouMean(suggestions)}`, suggestions);
  }

  let name = '';
  let nameSpan = end;
  let suffixSpan: Span | undefined;
  if (present > NAME_FIELD) {
    const resource = spans[NAME_FIELD];
    const colon = text.indexOf(':', resource.start);
    const nameEnd = colon < 0 ? resource.end : colon;
    const nameAndSuffix = text.slice(resource.start, nameEnd);
    const isFull = endsWithArnSuffix(nameAndSuffix) && nameAndSuffix.length > ARN_SUFFIX_LENGTH + 1;
    nameSpan = { start: resource.start, end: isFull ? nameEnd - ARN_SUFFIX_LENGTH - 1 : nameEnd };
    if (isFull) suffixSpan = { start: nameEnd - ARN_SUFFIX_LENGTH, end: nameEnd };
    name = text.slice(nameSpan.start, nameSpan.end);
    for (const problem of checkSecretName(name)) {
      issues.push({ ...problem, code: 'arn-secret-name', start: problem.start + nameSpan.start, end: problem.end + nameSpan.start });
    }
    if (colon >= 0) {
      const message =
        `${quote(text.slice(colon, resource.end))} after the secret name is not part of a secret ARN, which ends with ` +
        `the name; only ECS-style references append ':<json-key>:<version-stage>:<version-id>'.`;
      report('arn-extra', { start: colon, end: resource.end }, message, [], 'warning');
    }
  } else if (prefix === 'arn' || spans.length > 1) {
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
