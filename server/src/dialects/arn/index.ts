/** Secrets Manager ARNs written as whole YAML values, in any YAML file (IAM policies, task definitions, Helm values…). */
import { isSecretsManagerArnCandidate } from '../../core/arn';
import { Analysis, Problem, SecretReference } from '../../core/model';
import { valueStartLength } from '../../core/quotes';
import { idProblems } from '../../core/secretId';
import { everyNth } from '../../core/steps';
import { YamlValue } from '../../core/yamlContext';
import type { CursorContext, Dialect, DialectDocument } from '../dialect';

const VALUES_PER_STEP = 1000;
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
  wording: {
    reader: 'the tool that reads this file',
    regionRule: "An ARN names its own region and account; make sure the tool reading this file has access to them",
    missingJsonKey: 'the key is not in the secret',
  },
  cursorContext: arnBeingTyped,
};

function* scanBareArns({ text, yaml }: DialectDocument, taken: (offset: number) => boolean): Generator<void, Analysis> {
  const pause = everyNth(VALUES_PER_STEP);
  const references: SecretReference[] = [];
  const problems: Problem[] = [];
  for (const value of yaml.values) {
    if (pause()) yield;
    const reference = bareArnReference(text, value);
    if (!reference || taken(reference.span.start)) continue;
    references.push(reference);
    problems.push(...idProblems(reference.secretId!, reference.idSpan!.start));
  }
  return { references, problems };
}

/** A whole YAML value that is a Secrets Manager ARN, outside any template. */
function bareArnReference(text: string, value: YamlValue): SecretReference | undefined {
  if (value.style === 'flow' || value.style === 'block') return undefined;
  const quoted = value.style !== 'plain';
  const start = value.span.start + (quoted ? 1 : 0);
  const id = text.slice(start, value.span.end - (quoted ? 1 : 0)).trimEnd();
  if (!id.startsWith('arn:') || !isSecretsManagerArnCandidate(id) || id.includes('{{') || id.includes('{%')) return undefined;
  const idSpan = { start, end: start + id.length };
  return { dialect: 'arn', kind: 'bareArn', secretId: id, idSpan, span: idSpan, profile: value.profile, key: value.key, inComment: false };
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
