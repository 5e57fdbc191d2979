/**
 * CloudFormation dynamic references `{{resolve:secretsmanager:<secret-id>[:SecretString[:<json-key>[:<stage>[:<id>]]]]}}`:
 * every one in every string (cfn-lint reads only the last of a string), up to the first `}}` outside `${…}`.
 */
import { interpolationEnd, parseSecretArn, splitSecretIdAndFields } from '../../core/arn';
import { Analysis, Problem, SecretReference, Selector, Severity, Span, shiftSpan } from '../../core/model';
import { AWS_STAGES, idProblems } from '../../core/secretId';
import { closestMatches, didYouMean, quote } from '../../core/similar';
import { everyNth } from '../../core/steps';
import { YamlValue } from '../../core/yamlContext';
import type { DialectDocument } from '../dialect';
import { SECRET_KEYS } from '../ecs/scan';
import { stackRegion } from './samconfig';
import { generatedKeyProblem, isTemplate, readTemplate, Template } from './template';
import { cloudFormationWording } from './wording';

export const PREFIX = '{{resolve:secretsmanager:';
const SERVICE = 'secretsmanager';
/** Any service's reference, spaces and misspellings included, to tell near misses from `ssm` and `ssm-secure`. */
const ANY_REFERENCE = /\{\{\s*resolve\s*:\s*([A-Za-z][\w-]*)\s*:/g;
const RESOLVE = /\{\{resolve:/g;
/** CloudFormation UG: at most 60 dynamic references, of every service, per template. */
const MAX_REFERENCES = 60;
const MAX_FIELDS = 4;
/** Top-level sections where CloudFormation resolves no dynamic reference (cfn-lint E1051, CloudFormation UG). */
const UNRESOLVED_SECTIONS = new Set(['Outputs', 'Conditions', 'Mappings', 'Rules', 'Metadata']);
const VALUES_PER_STEP = 250;

export function* scanCloudFormation(document: DialectDocument, taken: (offset: number) => boolean): Generator<void, Analysis> {
  const { text, yaml } = document;
  const template = readTemplate(document);
  const checksPlacement = isTemplate(document);
  const stack = stackOf(document.file, checksPlacement);
  const pause = everyNth(VALUES_PER_STEP);
  const references: SecretReference[] = [];
  const problems: Problem[] = [];
  let count = 0;
  for (const value of yaml.values) {
    if (pause()) yield;
    // Where ECS expects an ARN, the ECS dialect reports a dynamic reference.
    if (value.style === 'flow' || SECRET_KEYS.includes(value.key ?? '')) continue;
    const quoted = value.style === 'single' || value.style === 'double';
    const start = value.span.start + (quoted ? 1 : 0);
    const content = text.slice(start, value.span.end - (quoted ? 1 : 0));
    if (!content.includes('{{')) continue;
    const counted = new Map<number, number>();
    for (const match of content.matchAll(RESOLVE)) counted.set(match.index, ++count);
    for (const match of content.matchAll(ANY_REFERENCE)) {
      const at = start + match.index;
      if (taken(at)) continue;
      if (match[0] !== PREFIX) {
        const problem = nearMiss(content, match, start);
        if (problem) problems.push(problem);
        continue;
      }
      const close = closingBraces(content, match.index + PREFIX.length);
      if (close < 0) {
        // A `Fn::Join` piece opens a reference that a later piece closes.
        if (!value.inFlow && !value.path.includes('-'))
          problems.push(unclosed({ start: at, end: start + content.length }, content.endsWith('}')));
        continue;
      }
      const span: Span = { start: at, end: start + close + 2 };
      const body = { start: at + PREFIX.length, end: start + close };
      const reference = readReference(text, body, span, template, value, problems);
      if (reference.secretId && !reference.secretId.startsWith('arn:')) Object.assign(reference, stack);
      references.push(reference);
      const placement = checksPlacement && misplaced(value, template);
      if (placement) problems.push({ span, severity: placement.severity, code: 'cfn-not-resolved-here', message: placement.message });
      if ((counted.get(match.index) ?? 0) > MAX_REFERENCES) {
        const message = `This is dynamic reference number ${counted.get(match.index)}: a template may hold at most ${MAX_REFERENCES}, of every service. Reference fewer secrets, or read a JSON secret whole.`;
        problems.push({ span, severity: 'error', code: 'cfn-too-many-references', message });
      }
    }
  }
  return { references, problems };
}

/** The region a template's names resolve in, when a samconfig.toml names it, and why that region, for messages and hovers. */
function stackOf(file: string | undefined, template: boolean): Pick<SecretReference, 'region' | 'assumption'> {
  const samconfig = file && template ? stackRegion(file) : undefined;
  if (!samconfig)
    return {
      assumption: "The stack's region was taken to be the configured region: no samconfig.toml in the template's folder names one.",
    };
  return {
    region: samconfig.region,
    assumption: `The stack deploys to ${samconfig.region}, the region of samconfig.toml ([${samconfig.table}]).`,
  };
}

/** Where the `}}` that closes a reference body starting at `from` is, skipping `${…}`; -1 when none. */
function closingBraces(content: string, from: number): number {
  for (let i = from; i < content.length; i++) {
    if (content.startsWith('}}', i)) return i;
    if (content.startsWith('${', i)) i = interpolationEnd(content, i) - 1;
  }
  return -1;
}

/** `endsWithBrace`: the value ends with one `}`, so a second one closes the reference. */
function unclosed(span: Span, endsWithBrace: boolean): Problem {
  const end = { start: span.end, end: span.end };
  return {
    span,
    severity: 'error',
    code: 'cfn-unclosed',
    message: "This dynamic reference is not closed with '}}': CloudFormation deploys the text as it is. Close it with '}}'.",
    fixes: [
      { title: endsWithBrace ? "Add '}'" : "Add '}}'", edits: [{ span: end, newText: endsWithBrace ? '}' : '}}' }], preferred: true },
    ],
  };
}

/** `{{ resolve:secretsmanager:… }}` with spaces, or a misspelled service; other services (`ssm`) are not ours. */
function nearMiss(content: string, match: RegExpExecArray, start: number): Problem | undefined {
  const service = match[1];
  const at = start + match.index;
  if (service !== SERVICE) {
    const suggestions = closestMatches(service, [SERVICE]);
    if (suggestions.length === 0 && service.toLowerCase() !== SERVICE) return undefined;
    const serviceAt = at + match[0].lastIndexOf(service);
    const span = { start: serviceAt, end: serviceAt + service.length };
    return {
      span,
      severity: 'error',
      code: 'cfn-service',
      message: `Unknown dynamic reference service ${quote(service)}: CloudFormation reads '${SERVICE}' (case-sensitive).${didYouMean([SERVICE])}`,
      fixes: [{ title: `Change to '${SERVICE}'`, edits: [{ span, newText: SERVICE }], preferred: true }],
    };
  }
  // Spaces inside the braces (cfn-lint W1053, confirmed against CloudFormation): the reference is not resolved.
  const close = content.indexOf('}}', match.index + match[0].length);
  const end = close < 0 ? at + match[0].length : start + close + 2;
  const span = { start: at, end };
  const written = content.slice(match.index, end - start);
  const fixed = written.replace(/\s+/g, '');
  return {
    span,
    severity: 'warning',
    code: 'cfn-spaces',
    message:
      "Spaces inside a dynamic reference's braces: CloudFormation does not resolve it and deploys the text as it is. Remove the spaces.",
    fixes: close < 0 ? undefined : [{ title: `Change to ${quote(fixed)}`, edits: [{ span, newText: fixed }], preferred: true }],
  };
}

/** The reference of a body `<secret-id>[:SecretString[:<json-key>[:<stage>[:<id>]]]]`; its problems go to `problems`. */
function readReference(text: string, body: Span, span: Span, template: Template, value: YamlValue, problems: Problem[]): SecretReference {
  const source = text.slice(body.start, body.end);
  const { id, fields } = splitSecretIdAndFields(source);
  const field = (index: number) => (index < fields.length ? source.slice(fields[index].start, fields[index].end) : '');
  const spanOf = (index: number) => shiftSpan(fields[index], body.start);
  const reference: SecretReference = {
    dialect: 'cloudformation',
    kind: 'dynamicReference',
    span,
    profile: value.profile,
    key: value.key,
    inComment: false,
  };
  const report = (at: Span, severity: Severity, code: string, message: string, fixes?: Problem['fixes']) =>
    problems.push({ span: at, severity, code, message, ...(fixes && { fixes }) });

  const secretId = source.slice(id.start, id.end);
  if (secretId === '')
    report(span, 'error', 'cfn-empty-id', "The secret id is missing: write the secret's name or ARN after 'secretsmanager:'.");
  if (fields.length > MAX_FIELDS) {
    const extra = { start: body.start + fields[MAX_FIELDS].start - 1, end: body.end };
    report(
      extra,
      'error',
      'cfn-too-many-fields',
      `${quote(text.slice(extra.start, extra.end))} is one field too many: after the secret id come at most SecretString, a JSON key, a version stage and a version ID. Remove it.`,
    );
  }
  const secretString = field(0);
  if (fields.length > 0 && secretString !== 'SecretString' && secretString !== '') {
    const at = spanOf(0);
    if (secretString === 'SecretBinary') {
      report(
        at,
        'error',
        'cfn-secret-string',
        "CloudFormation reads only SecretString, not SecretBinary: write 'SecretString' or leave the field empty.",
      );
    } else {
      const message = `The field after the secret id is ${quote(secretString)}; CloudFormation accepts only 'SecretString' or nothing there. For a JSON key, write ':SecretString:${secretString}'.`;
      const insert = { start: at.start, end: at.start };
      report(at, 'error', 'cfn-secret-string', message, [
        { title: "Insert 'SecretString:'", edits: [{ span: insert, newText: 'SecretString:' }], preferred: true },
      ]);
    }
  }
  // With a field too many, which one is the stage is anyone's guess.
  const stage = fields.length > MAX_FIELDS ? '' : field(2);
  const versionId = fields.length > MAX_FIELDS ? '' : field(3);
  if (stage !== '' && versionId !== '') {
    const at = { start: spanOf(2).start, end: spanOf(3).end };
    report(
      at,
      'warning',
      'cfn-stage-and-id',
      'A version stage and a version ID together: CloudFormation documents one or the other. Keep only one.',
    );
  } else if (stage !== '' && !AWS_STAGES.includes(stage) && !stage.includes('${')) {
    // JSON keys hold no `:`; the text after a `:` in a key lands here.
    const message = `${quote(stage)} is read as the version stage, as a JSON key cannot hold ':'. It must be a stage label on a version of the secret.`;
    report(spanOf(2), 'information', 'cfn-version-stage', message);
  }
  if (source.endsWith('\\'))
    report(
      span,
      'error',
      'cfn-trailing-backslash',
      "A dynamic reference cannot end with '\\' before '}}': CloudFormation cannot resolve it. Remove the backslash.",
    );

  const selector = (index: number): Selector | undefined =>
    field(index) === '' ? undefined : { value: field(index), span: spanOf(index) };
  const jsonKey = selector(1);
  const placeholder = /^\$\{([\w.]+)\}$/.exec(secretId)?.[1];
  const createdBy = placeholder !== undefined && template.secrets.has(placeholder) ? placeholder : template.secretsByName.get(secretId);
  if (createdBy !== undefined) {
    reference.createdInDocument = true;
    const problem = jsonKey && generatedKeyProblem(template, createdBy, jsonKey, cloudFormationWording.missingJsonKey);
    if (problem) problems.push(problem);
  }
  if (secretId === '' || secretId.includes('${')) return reference;
  const arn = secretId.startsWith('arn:') ? parseSecretArn(secretId) : undefined;
  problems.push(...idProblems(secretId, body.start, arn));
  if (arn?.isPattern || arn?.isDynamic) return reference;
  reference.secretId = secretId;
  reference.idSpan = { start: body.start, end: body.start + secretId.length };
  if (jsonKey) reference.jsonPath = { path: jsonKey.value, span: jsonKey.span };
  reference.versionStage = selector(2);
  reference.versionId = selector(3);
  return reference;
}

/** Why CloudFormation does not resolve a reference at this place of the template, if it does not. */
function misplaced({ path }: YamlValue, template: Template): { severity: Severity; message: string } | undefined {
  const [section, id, part] = path;
  if (UNRESOLVED_SECTIONS.has(section)) {
    return {
      severity: 'error',
      message: `CloudFormation resolves dynamic references only in resource properties and parameter defaults, not in ${section}. Move it.`,
    };
  }
  if (section !== 'Resources' || id === undefined || part === undefined) return undefined;
  if (part === 'Metadata') {
    return {
      severity: 'warning',
      message:
        'A dynamic reference to a secret does not belong in Metadata: it is not resolved there, or its value shows in the console. Move it to a property.',
    };
  }
  const type = template.types.get(id) ?? '';
  if (part === 'Properties' && (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource')) {
    return {
      severity: 'warning',
      message:
        'CloudFormation does not resolve secret references in the properties of custom resources. Pass the secret id and read it in the function instead.',
    };
  }
  return undefined;
}
