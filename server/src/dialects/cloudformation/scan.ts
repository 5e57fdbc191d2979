/**
 * CloudFormation dynamic references `{{resolve:secretsmanager:<secret-id>[:SecretString[:<json-key>[:<stage>[:<id>]]]]}}`:
 * every one in every string (cfn-lint reads only the last of a string), up to the first `}}` outside `${…}`.
 */
import { interpolationEnd, parseSecretArn, splitSecretIdAndFields } from '../../core/arn';
import { Analysis, Problem, SecretReference, Selector, Severity, shiftProblem, Span, shiftSpan } from '../../core/model';
import { AWS_STAGES, idProblems } from '../../core/secretId';
import { closestMatches, didYouMean, quote } from '../../core/similar';
import { everyNth } from '../../core/steps';
import { firstIndexAfter } from '../../core/offsets';
import { YamlValue } from '../../core/yamlContext';
import type { DialectDocument, EditedBlock } from '../dialect';
import { SECRET_KEYS } from '../ecs/scan';
import { stackRegion } from './samconfig';
import { Join, placeInJoin, readJoins } from './join';
import { declarations, declaresTemplate, generatedKeyProblem, looksLikeJsonTemplate, readTemplate, Template } from './template';
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

/** What the scan of one block of a template reads from the whole of it (`Analysis.facts`). */
interface TemplateFacts {
  template: Template;
  /** Whether its YAML values tell it is a template (`declaresTemplate`), and whether it is one (they do, or its text is a JSON template). */
  declaresTemplate: boolean;
  isTemplate: boolean;
  /** Where each `{{resolve:` that counts toward the quota of dynamic references starts, sorted. */
  resolves: number[];
}

export function* scanCloudFormation(document: DialectDocument, taken: (offset: number) => boolean): Generator<void, Analysis> {
  const { text, yaml } = document;
  const whole = document.whole && { offset: document.whole.offset, facts: document.whole.facts as TemplateFacts };
  const template = whole?.facts.template ?? readTemplate(document);
  const declared = whole?.facts.declaresTemplate ?? declaresTemplate(document);
  const checksPlacement = whole?.facts.isTemplate ?? (declared || looksLikeJsonTemplate(text));
  const stack = stackOf(document.file, checksPlacement);
  const pause = everyNth(VALUES_PER_STEP);
  const references: SecretReference[] = [];
  const problems: Problem[] = [];
  /** Each `{{resolve:` by its offset: the how-manieth of the template it is (those of the blocks before this one count too). */
  const counted = new Map<number, number>();
  const countedBefore = whole ? firstIndexAfter(whole.facts.resolves, whole.offset - 1) : 0;
  /** The template's joins, read when a piece of one opens a reference. */
  let joins: Join[] | undefined;
  /** Reads the reference `source` (from `{{` to `}}`), placed in the document by `place`, of the value at `at`. */
  const add = (source: string, place: Place, value: YamlValue, at: number) => {
    const found = placed(readReference(source, template, value), place);
    const { reference } = found;
    if (reference.secretId && !reference.secretId.startsWith('arn:')) Object.assign(reference, stack);
    references.push(reference);
    problems.push(...found.problems);
    const { span } = reference;
    const placement = checksPlacement && misplaced(value, template);
    if (placement) problems.push({ span, severity: placement.severity, code: 'cfn-not-resolved-here', message: placement.message });
    if ((counted.get(at) ?? 0) > MAX_REFERENCES) {
      const message = `This is dynamic reference number ${counted.get(at)}: a template may hold at most ${MAX_REFERENCES}, of every service. Reference fewer secrets, or read a JSON secret whole.`;
      problems.push({ span, severity: 'error', code: 'cfn-too-many-references', message });
    }
  };
  for (const value of yaml.values) {
    if (pause()) yield;
    const read = readsReferences(text, value);
    if (!read) continue;
    const { start, content } = read;
    for (const at of resolvesIn(read)) counted.set(at, countedBefore + counted.size + 1);
    for (const match of content.matchAll(ANY_REFERENCE)) {
      const at = start + match.index;
      if (taken(at)) continue;
      if (match[0] !== PREFIX) {
        const problem = nearMiss(content, match, start);
        if (problem) problems.push(problem);
        continue;
      }
      const close = closingBraces(content, match.index + PREFIX.length);
      if (close >= 0) add(content.slice(match.index, close + 2), shiftedBy(at), value, at);
      else if (!value.inFlow && !value.path.includes('-'))
        problems.push(shiftProblem(unclosed(content.length - match.index, content.endsWith('}')), at));
      else {
        // A piece of a `Fn::Join` opens a reference that later pieces may close.
        readJoined((joins ??= readJoins(text)), at, value);
      }
    }
  }
  // Joins are read from the whole text, up to a number of nodes: an edit anywhere may change which are read.
  const spansLines = joins !== undefined;
  if (whole) return { references, problems, spansLines };
  const facts: TemplateFacts = { template, declaresTemplate: declared, isTemplate: checksPlacement, resolves: sorted(counted.keys()) };
  return { references, problems, spansLines, facts };

  /** The reference a `Fn::Join` piece opens at `at`, read in the joined text; unclosed when every piece after it is literal. */
  function readJoined(all: Join[], at: number, value: YamlValue): void {
    for (const join of all) {
      const stretch = join.stretches.find(
        (candidate) => candidate.at !== undefined && at >= candidate.at && at < candidate.at + candidate.to - candidate.from,
      );
      if (!stretch) continue;
      const from = stretch.from + at - stretch.at!;
      const place: Place = (span) => placeInJoin(join, shiftSpan(span, from));
      const close = closingBraces(join.text, from + PREFIX.length);
      if (close >= 0) add(join.text.slice(from, close + 2), place, value, at);
      else if (join.stretches.every((later) => later.to <= from || later.at !== undefined || later.from === later.to))
        problems.push(...placed({ problems: [unclosed(join.text.length - from, join.text.endsWith('}'))] }, place).problems);
      return;
    }
  }
}

/**
 * The facts of a template after an edit inside one block; undefined when the edit changed what other blocks read: the
 * values `readTemplate` and `declaresTemplate` read, whether it is a template, or (past the quota) how many dynamic
 * references the block holds, which numbers those after it.
 */
export function templateFactsAfterEdit(facts: object, { before, after, start, end, shift, text }: EditedBlock): TemplateFacts | undefined {
  const known = facts as TemplateFacts;
  if (declarations(before) !== declarations(after) || known.isTemplate !== (known.declaresTemplate || looksLikeJsonTemplate(text)))
    return undefined;
  const fresh = sorted(after.yaml.values.flatMap((value) => resolvesIn(readsReferences(after.text, value)))).map((at) => at + start);
  const first = firstIndexAfter(known.resolves, start - 1);
  const last = firstIndexAfter(known.resolves, end - 1);
  const total = known.resolves.length - (last - first) + fresh.length;
  if (fresh.length !== last - first && Math.max(total, known.resolves.length) > MAX_REFERENCES) return undefined;
  return {
    ...known,
    resolves: known.resolves.slice(0, first).concat(
      fresh,
      known.resolves.slice(last).map((at) => at + shift),
    ),
  };
}

/** The offsets once each, sorted (a block scalar's header is read after the values on its line). */
function sorted(offsets: Iterable<number>): number[] {
  return [...new Set(offsets)].sort((a, b) => a - b);
}

/** A value CloudFormation may read dynamic references in, with its text inside any quotes; undefined when it holds none. */
function readsReferences(text: string, value: YamlValue): { start: number; content: string } | undefined {
  // Where ECS expects an ARN, the ECS dialect reports a dynamic reference.
  if (value.style === 'flow' || SECRET_KEYS.includes(value.key ?? '')) return undefined;
  const quoted = value.style === 'single' || value.style === 'double';
  const start = value.span.start + (quoted ? 1 : 0);
  const content = text.slice(start, value.span.end - (quoted ? 1 : 0));
  return content.includes('{{') ? { start, content } : undefined;
}

/** Where each `{{resolve:` of a value starts: every one counts toward the template's quota, of whatever service. */
function resolvesIn(read: { start: number; content: string } | undefined): number[] {
  return read ? [...read.content.matchAll(RESOLVE)].map((match) => read.start + match.index) : [];
}

/** Where a span of a reference's text (0 at its `{{`) is in the document, and whether character for character. */
type Place = (span: Span) => { span: Span; exact: boolean };

/** A reference's text that the document holds as it is, from `at`. */
function shiftedBy(at: number): Place {
  return (span) => ({ span: shiftSpan(span, at), exact: true });
}

/**
 * What was read in a reference's text, placed in the document. Where the text is not the document's character for
 * character (it spans pieces of a `Fn::Join`), ids and selectors are not read and fixes are not offered.
 */
function placed<T extends { reference?: SecretReference; problems: Problem[] }>(found: T, place: Place): T {
  const problems = found.problems.map(({ fixes, ...problem }): Problem => {
    const kept = fixes
      ?.filter((fix) => (fix.edits ?? []).every((edit) => place(edit.span).exact))
      .map((fix) => (fix.edits ? { ...fix, edits: fix.edits.map((edit) => ({ ...edit, span: place(edit.span).span })) } : fix));
    return { ...problem, span: place(problem.span).span, ...(kept?.length && { fixes: kept }) };
  });
  if (!found.reference) return { ...found, problems };
  const { idSpan, jsonPath, versionStage, versionId, ...rest } = found.reference;
  const reference: SecretReference = { ...rest, span: place(found.reference.span).span };
  if (idSpan && place(idSpan).exact) {
    reference.idSpan = place(idSpan).span;
    const exactly = <S extends { span: Span }>(selector: S | undefined) =>
      selector && place(selector.span).exact ? { ...selector, span: place(selector.span).span } : undefined;
    reference.jsonPath = exactly(jsonPath);
    reference.versionStage = exactly(versionStage);
    reference.versionId = exactly(versionId);
  } else delete reference.secretId;
  return { ...found, reference, problems };
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

/** A reference `length` characters long (from its `{{`) that is not closed; `endsWithBrace`: a second `}` closes it. */
function unclosed(length: number, endsWithBrace: boolean): Problem {
  const end = { start: length, end: length };
  return {
    span: { start: 0, end: length },
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

/**
 * The reference `{{resolve:secretsmanager:<secret-id>[:SecretString[:<json-key>[:<stage>[:<id>]]]]}}` held in `text`,
 * and its problems, with spans in `text`.
 */
function readReference(text: string, template: Template, value: YamlValue): { reference: SecretReference; problems: Problem[] } {
  const body = { start: PREFIX.length, end: text.length - 2 };
  const span = { start: 0, end: text.length };
  const problems: Problem[] = [];
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
  if (secretId === '' || secretId.includes('${')) return { reference, problems };
  const arn = secretId.startsWith('arn:') ? parseSecretArn(secretId) : undefined;
  problems.push(...idProblems(secretId, body.start, arn));
  if (arn?.isPattern || arn?.isDynamic) return { reference, problems };
  reference.secretId = secretId;
  reference.idSpan = { start: body.start, end: body.start + secretId.length };
  // A key filled in at deploy time (`!Sub`, a `Fn::Join` piece) is not looked up.
  if (jsonKey && !jsonKey.value.includes('${')) reference.jsonPath = { path: jsonKey.value, span: jsonKey.span };
  reference.versionStage = selector(2);
  reference.versionId = selector(3);
  return { reference, problems };
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
