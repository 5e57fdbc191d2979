/**
 * GitHub Actions steps that use aws-actions/aws-secretsmanager-get-secrets, as the action reads its
 * inputs (`src/index.ts`, `src/utils.ts`): `secret-ids` lines of `[ALIAS,]<secret id or prefix*>`,
 * `name-transformation` and `parse-json-secrets`.
 */
import type { Node } from 'yaml';
import { Analysis, Problem, SecretReference, Span } from '../../core/model';
import type { KeyTree, SecretShape } from '../../core/secretShape';
import { partitionOfRegion } from '../../core/partitions';
import { wholeIdProblems } from '../../core/secretId';
import { changeToFixes, closestMatches, didYouMean, quote } from '../../core/similar';
import { blockScalarOffsets, field, items, mapValues, OffsetMap, readDocuments, TextValue, textOf } from '../../core/yamlNodes';
import type { DialectDocument } from '../dialect';

export const DIALECT_ID = 'github-actions';
export const GET_SECRETS = /^aws-actions\/aws-secretsmanager-get-secrets@/;
const CONFIGURE_CREDENTIALS = /^aws-actions\/configure-aws-credentials@/;
/** The action's own check of a prefix search. */
const VALID_PREFIX = /^[a-zA-Z0-9/_+=.@-]{3,}\*$/;
const TRANSFORMATIONS: Record<string, (name: string) => string> = {
  uppercase: (name) => name.toUpperCase(),
  lowercase: (name) => name.toLowerCase(),
  none: (name) => name,
};
/** The values `core.getBooleanInput` accepts. */
const BOOLEANS = ['true', 'True', 'TRUE', 'false', 'False', 'FALSE'];
const STEP_FAILS = 'the step fails';
const MAX_PREFIX_MATCHES = 100;
/** The action's `isSecretArn`: a secret read by such an ARN is named by its name, not the ARN. */
const ACTION_ARN = /^arn:aws:secretsmanager:.*:[0-9]{12,}:secret:.*$/;

export function* scanGithubActions({ text }: DialectDocument): Generator<void, Analysis> {
  const references: SecretReference[] = [];
  const problems: Problem[] = [];
  for (const root of readDocuments(text)) {
    yield;
    // A workflow's jobs, or a composite action's steps.
    const stepLists = [...mapValues(field(root, 'jobs')).map((job) => field(job, 'steps')), field(root, 'runs', 'steps')];
    for (const steps of stepLists) {
      let region: string | undefined;
      for (const step of items(steps)) {
        const uses = textOf(text, field(step, 'uses'))?.value ?? '';
        if (CONFIGURE_CREDENTIALS.test(uses)) {
          const configured = textOf(text, field(step, 'with', 'aws-region'));
          region = configured && !configured.dynamic && partitionOfRegion(configured.value) ? configured.value : undefined;
        }
        if (GET_SECRETS.test(uses)) checkStep(text, field(step, 'with'), region, references, problems);
      }
    }
  }
  return { references, problems };
}

function checkStep(
  text: string,
  inputs: Node | undefined,
  region: string | undefined,
  references: SecretReference[],
  problems: Problem[],
): void {
  const transform = nameTransformation(textOf(text, field(inputs, 'name-transformation')), problems);
  const parseJson = textOf(text, field(inputs, 'parse-json-secrets'));
  if (parseJson && !parseJson.dynamic && !BOOLEANS.includes(parseJson.value)) {
    problems.push({
      span: parseJson.span,
      severity: 'error',
      code: 'gha-boolean',
      message: `parse-json-secrets is true or false, not ${quote(parseJson.value)}: ${STEP_FAILS}.`,
    });
  }
  const ids = textOf(text, field(inputs, 'secret-ids'));
  if (!ids || transform === 'invalid') return;
  const at: OffsetMap | undefined = blockScalarOffsets(text, ids) ?? (ids.exact ? (offset) => ids.span.start + offset : undefined);
  if (!at) return;
  // With JSON parsed, a JSON secret's variables are named by its keys, so names are compared only without it.
  const parsesJson = parseJson?.value.toLowerCase() === 'true';
  const envNames = parsesJson || parseJson?.dynamic || transform === 'unknown' ? undefined : new Map<string, string>();
  const variables = transform === 'unknown' || parseJson?.dynamic ? undefined : { transformation: transform, parseJson: parsesJson };
  const seen = new Set<string>();
  for (const line of inputLines(ids.value)) {
    // The action reads each distinct line once.
    if (seen.has(line.text)) continue;
    seen.add(line.text);
    if (/\$\{\{/.test(line.text)) continue;
    checkLine(line, at, { transform, region, envNames, variables, references, problems });
  }
}

/** `name-transformation`, as one of TRANSFORMATIONS, or `unknown` or `invalid`. */
function nameTransformation(value: TextValue | undefined, problems: Problem[]): string {
  if (!value) return 'uppercase';
  if (value.dynamic) return 'unknown';
  const transform = value.value.toLowerCase();
  if (Object.hasOwn(TRANSFORMATIONS, transform)) return transform;
  const suggestions = closestMatches(value.value, Object.keys(TRANSFORMATIONS));
  problems.push({
    span: value.span,
    severity: 'error',
    code: 'gha-name-transformation',
    message: `name-transformation is uppercase, lowercase or none, not ${quote(value.value)}.${didYouMean(suggestions)} Else ${STEP_FAILS}.`,
    fixes: changeToFixes(value.span, suggestions),
  });
  return 'invalid';
}

interface InputLine {
  text: string;
  /** Where the trimmed line starts in the input's value. */
  start: number;
}

/** The lines `core.getMultilineInput` gives: split on newlines, trimmed, empty ones dropped. */
export function inputLines(value: string): InputLine[] {
  const lines: InputLine[] = [];
  let start = 0;
  for (const raw of value.split('\n')) {
    const text = raw.trim();
    if (text !== '') lines.push({ text, start: start + raw.indexOf(text) });
    start += raw.length + 1;
  }
  return lines;
}

interface LineContext {
  /** A key of TRANSFORMATIONS, or `unknown` when set at run time. */
  transform: string;
  region?: string;
  /** The environment variable each earlier line sets, to the line; undefined when names are not compared. */
  envNames?: Map<string, string>;
  /** How the step names its variables, when the document tells. */
  variables?: SecretReference['variables'];
  references: SecretReference[];
  problems: Problem[];
}

/** One `[ALIAS,]id` line: its alias, its prefix or secret id, and the variable it sets. */
function checkLine(line: InputLine, at: OffsetMap, { transform, region, envNames, variables, references, problems }: LineContext): void {
  const span = (start: number, length: number): Span => ({ start: at(line.start + start), end: at(line.start + start) + length });
  const comma = line.text.indexOf(',');
  const aliasText = comma >= 0 ? line.text.slice(0, comma).trim() : undefined;
  const idField = comma >= 0 ? line.text.slice(comma + 1).split(',')[0] : line.text;
  const id = idField.trim();
  const idStart = (comma >= 0 ? comma + 1 : 0) + idField.indexOf(id);
  const idSpan = span(idStart, id.length);
  if (aliasText && transform !== 'unknown') {
    const valid = environmentName(aliasText, transform);
    if (valid !== aliasText) {
      const aliasSpan = span(line.text.indexOf(aliasText), aliasText.length);
      problems.push({
        span: aliasSpan,
        severity: 'error',
        code: 'gha-alias',
        message: `Alias ${quote(aliasText)} is not an environment variable name as the step writes them (${quote(valid)}): ${STEP_FAILS}. Use letters, digits and '_', cased as name-transformation says.`,
        fixes: changeToFixes(aliasSpan, [valid]),
      });
      return;
    }
  }
  const lineVariables = variables && { variables: aliasText === undefined ? variables : { ...variables, alias: aliasText } };
  if (line.text.includes('*')) {
    if (!VALID_PREFIX.test(id)) {
      const hasComment = /\s#/.test(id);
      problems.push({
        span: idSpan,
        severity: 'error',
        code: 'gha-prefix',
        message: hasComment
          ? `'#' starts no comment in secret-ids: this whole text is the prefix, and ${STEP_FAILS} ("Please use a valid prefix search"). Move the comment to a line of its own above the input.`
          : `A prefix search is at least 3 letters, digits or /_+=.@- followed by one '*' at the end, not ${quote(id)}: ${STEP_FAILS} ("Please use a valid prefix search").`,
      });
    }
    // The action reads at most 100 secrets of a prefix, and exactly one when the line gives an alias.
    const prefixSearch = { prefix: id.slice(0, -1), min: 1, max: aliasText ? 1 : MAX_PREFIX_MATCHES };
    if (VALID_PREFIX.test(id))
      references.push({
        dialect: DIALECT_ID,
        kind: 'prefix',
        span: idSpan,
        idSpan,
        key: 'secret-ids',
        inComment: false,
        prefixSearch,
        region,
        ...lineVariables,
      });
    return;
  }
  const reference: SecretReference = {
    dialect: DIALECT_ID,
    kind: 'secretId',
    span: idSpan,
    key: 'secret-ids',
    inComment: false,
    secretId: id,
    idSpan,
    ...lineVariables,
  };
  if (region) reference.region = region;
  references.push(reference);
  problems.push(...wholeIdProblems(id, idSpan.start));
  if (!envNames || transform === 'unknown' || id.startsWith('arn:')) return;
  const envName = environmentName(aliasText || id, transform);
  const earlier = envNames.get(envName);
  if (earlier !== undefined) {
    problems.push({
      span: idSpan,
      severity: 'error',
      code: 'gha-duplicate-name',
      message: `${quote(earlier)} already sets environment variable ${envName}: ${STEP_FAILS} ("The environment name '${envName}' is already in use"). Give one of them an alias: ALIAS,${id}.`,
    });
  } else {
    envNames.set(envName, aliasText || id);
  }
}

/**
 * The action's `transformToValidEnvName`: a leading digit gets '_' (not in a JSON key, which follows a prefix), other
 * characters become '_', then the transformation.
 */
function environmentName(name: string, transform: string, leadingDigit = true): string {
  return TRANSFORMATIONS[transform]((leadingDigit && /^[0-9]/.test(name) ? `_${name}` : name).replace(/[^a-zA-Z0-9_]/g, '_'));
}

/**
 * The variables the step sets from a secret named `secretName`, as the action's `injectSecret` names them: one, or with
 * JSON parsed and an object value (`value`: its shape, undefined when not known), one for each key, `NAME_KEY`, the keys
 * of a nested object (or of a string of JSON text holding one) in turn. Undefined when they depend on what is not known.
 */
export function variableNames(
  { variables, secretId }: SecretReference,
  secretName: string | undefined,
  value: SecretShape | undefined,
): string[] | undefined {
  if (!variables) return undefined;
  const { alias, transformation, parseJson } = variables;
  // A binary value is read as ASCII text, and may hold JSON.
  if (parseJson && (!value || value.kind === 'binary')) return undefined;
  const objects = parseJson && value?.kind === 'json' ? value.objects : undefined;
  // A blank alias names the variables by the JSON keys alone; with no JSON object, it is no alias.
  const name = alias || (alias === '' && objects ? '' : secretId && !ACTION_ARN.test(secretId) ? secretId : secretName);
  if (name === undefined) return undefined;
  const names = (keys: KeyTree | null, prefix: string): string[] =>
    keys
      ? Object.entries(keys).flatMap(([key, child]) =>
          names(
            child,
            [prefix || environmentName(name, transformation), environmentName(key, transformation, false)].filter(Boolean).join('_'),
          ),
        )
      : [environmentName(prefix || name, transformation)];
  return names(objects ?? null, '');
}
