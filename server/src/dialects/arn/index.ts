/** Secrets Manager ARNs written as whole YAML values, in any YAML file (IAM policies, task definitions, Helm values…). */
import { isSecretsManagerArnCandidate, parseSecretArn } from '../../core/arn';
import { Analysis, Problem, SecretReference, shiftSpan } from '../../core/model';
import { valueStartLength } from '../../core/quotes';
import { idProblems } from '../../core/secretId';
import { everyNth } from '../../core/steps';
import { YamlValue } from '../../core/yamlContext';
import type { CursorContext, Dialect, DialectDocument } from '../dialect';

const VALUES_PER_STEP = 250;
const ARN_TYPED = /^(['"]?)(arn:[^\s'"]*)$/;

export const bareArns: Dialect = {
  id: 'arn',
  label: 'Secret ARNs',
  // Reads whatever YAML the other dialects or the person bring, so it adds no files of its own to the CLI's defaults.
  filePatterns: [],
  filesRule: 'any YAML file read for another dialect, or named on the command line.',
  // The server is only given YAML documents, and the CLI only YAML files: every one may hold an ARN.
  claims: () => true,
  scan: scanBareArns,
  readsBlocksAlone: true,
  wording: {
    reader: 'the tool that reads this file',
    regionRule: 'An ARN names its own region and account; make sure the tool reading this file has access to them',
    keyReader: 'the JSON key',
    missingJsonKey: "a task fails to start: 'retrieved secret from Secrets Manager did not contain json key'",
    missingJsonKeyShort: 'a task fails to start',
    notJson: 'a task fails to start, as the value cannot be read as JSON',
    notJsonShort: 'a task fails to start',
    binary: 'ECS does not read binary secrets',
    dynamicId: 'This ARN is a pattern, or is filled in later',
  },
  // Its problems are the shared ARN grammar's, described with the other shared codes.
  codes: {},
  cursorContext: arnBeingTyped,
};

function* scanBareArns({ text, yaml }: DialectDocument, taken: (offset: number) => boolean): Generator<void, Analysis> {
  const pause = everyNth(VALUES_PER_STEP);
  const references: SecretReference[] = [];
  const problems: Problem[] = [];
  for (const value of yaml.values) {
    if (pause()) yield;
    const reference = bareArnReference(text, value, taken, problems);
    if (reference) references.push(reference);
  }
  return { references, problems };
}

/**
 * A whole YAML value that is a Secrets Manager ARN, outside any template and not read by another
 * dialect (`taken`); its problems go to `problems`. The secret id is the ARN without an ECS selector,
 * whose JSON key is the reference's path; a pattern, or an ARN filled in later, has no secret id to look up.
 */
function bareArnReference(
  text: string,
  value: YamlValue,
  taken: (offset: number) => boolean,
  problems: Problem[],
): SecretReference | undefined {
  if (value.style === 'flow' || value.style === 'block') return undefined;
  const quoted = value.style !== 'plain';
  const start = value.span.start + (quoted ? 1 : 0);
  if (taken(start)) return undefined;
  const id = text.slice(start, value.span.end - (quoted ? 1 : 0)).trimEnd();
  if (!id.startsWith('arn:') || !isSecretsManagerArnCandidate(id) || id.includes('{{') || id.includes('{%')) return undefined;
  const arn = parseSecretArn(id);
  problems.push(...idProblems(id, start, arn));
  const reference: SecretReference = {
    dialect: 'arn',
    kind: 'bareArn',
    span: { start, end: start + id.length },
    profile: value.profile,
    key: value.key,
    inComment: false,
  };
  if (arn.isPattern || arn.isDynamic) return reference;
  const { selector } = arn;
  reference.secretId = selector ? id.slice(0, selector.span.start) : id;
  reference.idSpan = { start, end: start + reference.secretId.length };
  if (selector?.jsonKey) reference.jsonPath = { path: selector.jsonKey, span: shiftSpan(selector.spans.jsonKey, start) };
  return reference;
}

/** A YAML value that is an ARN being typed. Looks at the cursor's line only. */
function arnBeingTyped(text: string, offset: number): CursorContext | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const valueStart = valueStartLength(before);
  const arn = valueStart !== undefined && ARN_TYPED.exec(before.slice(valueStart));
  if (!arn) return undefined;
  const tail = /^[^\s'"#]*/.exec(text.slice(offset))![0];
  return { kind: 'arn', typed: arn[2], replace: { start: offset - arn[2].length, end: offset + tail.length } };
}
