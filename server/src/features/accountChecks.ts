/**
 * Checks that need the account's secret list: a reference to a secret that is not there, and an ARN
 * that Mage would look up in another region or account than the one configured.
 */
import { AwsFailure, describeScope, SecretList, SecretListState, SecretSummary } from '../aws';
import { ARN_SUFFIX_LENGTH } from '../../../shared/names';
import { parseSecretArn } from '../core/arn';
import { Analysis, Problem, SecretReference, SecretSearch, Selector, shiftSpan, Span } from '../core/model';
import type { DocumentAnalysis } from '../dialects/analyze';
import { bareArns } from '../dialects/arn';
import type { Dialect, DialectWording } from '../dialects/dialect';
import { asKeyPath, keyPathIn, KeyPathSyntax } from '../core/keyPaths';
import { JsonType } from '../core/secretShape';
import { jmesResultType } from '../core/jmesPath';
import { Fact, JsonKeys, SecretFacts } from './secretPreviews';
import { STORE_NEW_SECRET_COMMAND } from '../../../shared/protocol';
import { changeToFixes, closestMatches, didYouMean } from '../core/similar';
import { runToEnd } from '../core/steps';

/** The words of the dialect that read a reference. */
export function wordingOf(reference: SecretReference, dialects: readonly Dialect[]): DialectWording {
  return dialectOf(reference, dialects)?.wording ?? bareArns.wording;
}

/** The dialect that found a reference, among those reading its document. */
export function dialectOf(reference: SecretReference, dialects: readonly Dialect[]): Dialect | undefined {
  return dialects.find((dialect) => dialect.id === reference.dialect);
}

/** `allSuggestions`: "did you mean" for every miss (the CLI), not only the first few (the editor, on each keystroke). */
export function accountProblems(
  analysis: DocumentAnalysis,
  list: SecretList,
  state: SecretListState,
  facts: SecretFacts,
  allSuggestions = false,
): Problem[] {
  return runToEnd(accountProblemsInSteps(analysis, list, state, facts, allSuggestions));
}

/** The same, pausing after each reference so that a server can answer other requests meanwhile. */
export function* accountProblemsInSteps(
  analysis: DocumentAnalysis,
  list: SecretList,
  state: SecretListState,
  facts: SecretFacts,
  allSuggestions = false,
): Generator<void, Problem[]> {
  const problems: Problem[] = [];
  // An empty region is said once, on the status item: a warning on every reference would only repeat it.
  if (state.secrets.length === 0) return problems;
  const withErrors = spansWithErrors(analysis);
  const suggest = allSuggestions ? (secretId: string) => list.closeNames(secretId) : suggester(list);
  for (const reference of analysis.references) {
    yield;
    const { secretId, idSpan } = reference;
    if (reference.prefixSearch && idSpan && !withErrors(reference)) {
      const problem = checkPrefixSearch(reference, list, state, wordingOf(reference, analysis.dialects));
      if (problem) problems.push(problem);
    }
    if (secretId === undefined || !idSpan || secretId === '' || reference.createdInDocument || withErrors(reference)) continue;
    const wording = wordingOf(reference, analysis.dialects);
    const problem = checkReference(reference, secretId, list, state, wording, suggest);
    const secret = list.find(secretId);
    if (problem) problems.push(problem);
    else if (secret) {
      problems.push(
        ...checkTag(reference, secret, wording),
        ...checkValue(reference, secret.arn, facts, wording),
        ...checkJmesPaths(reference, secret.arn, facts, wording),
        ...checkVersion(reference, secret.arn, facts, wording),
      );
    }
  }
  return problems;
}

/** What a reference needs to know of a secret beyond the list: its value's shape, its versions. */
function factsNeeded(reference: SecretReference): Fact[] {
  const needed: Fact[] = [];
  if (reference.jsonPath || reference.jmesPaths?.length || reference.needsString || reference.needsJsonObject) needed.push('value');
  if (literal(reference.versionStage) || literal(reference.versionId)) needed.push('versions');
  return needed;
}

/** The secrets a search finds (deleted ones are not listed), or undefined when that cannot be told here. */
export function searchMatches(search: SecretSearch, secrets: readonly SecretSummary[]): SecretSummary[] | undefined {
  const { prefix, nameRegexp, tags = {} } = search;
  if (search.notPreviewed) return undefined;
  const regexp = nameRegexp && new RegExp(nameRegexp.javaScript!);
  const tagged = (secret: SecretSummary) =>
    Object.entries(tags).every(
      ([key, value]) =>
        Object.keys(secret.tags ?? {}).some((tagKey) => tagKey.startsWith(key)) &&
        Object.values(secret.tags ?? {}).some((tagValue) => tagValue.startsWith(value)),
    );
  return secrets.filter(
    (secret) => !secret.deletedDate && secret.name.startsWith(prefix) && (!regexp || regexp.test(secret.name)) && tagged(secret),
  );
}

const VERBS: Record<string, string> = { start: 'starts', match: 'matches', carry: 'carries', exist: 'exists' };

/** What a search looks for, in words: "start with 'prod'", "match '^dev-' and carry tag team=a" (`one`: "starts", "matches"). */
export function searchWords({ prefix, nameRegexp, tags = {} }: SecretSearch, one = false): string {
  const verb = (word: string) => (one ? VERBS[word] : word);
  const tagList = Object.entries(tags).map(([key, value]) => `${key}=${value}`);
  const parts = [
    prefix && `${verb('start')} with '${prefix}'`,
    nameRegexp && `${verb('match')} '${nameRegexp.pattern}'`,
    tagList.length > 0 && `${verb('carry')} tag${tagList.length > 1 ? 's' : ''} ${tagList.join(', ')}`,
  ].filter(Boolean);
  return parts.join(' and ') || verb('exist');
}

function checkPrefixSearch(
  reference: SecretReference,
  list: SecretList,
  state: SecretListState,
  wording: DialectWording,
): Problem | undefined {
  const search = reference.prefixSearch!;
  const { min, max } = search;
  const { region, account } = state.scope;
  if (region && reference.region && reference.region !== region) return undefined;
  const found = searchMatches(search, list.state.secrets)?.length;
  if (found === undefined || (found >= min && found <= max)) return undefined;
  const where = `account ${account ?? '(unknown)'} (${describeScope(list.gateway.scope)})`;
  const plain = !search.nameRegexp && !search.tags;
  const fix =
    found === 0
      ? plain
        ? 'Check the prefix, or create a secret whose name starts with it'
        : 'Check the search, or create a secret it finds'
      : max === 1
        ? 'Name the secret in full, or give a prefix that only it starts with'
        : `Use longer prefixes that each find at most ${max}`;
  const needs = max === Infinity ? `at least ${min}` : min === max ? `exactly ${min}` : `${min} to ${max}`;
  const counted = found === 0 ? 'No secret' : found === 1 ? '1 secret' : `${found} secrets`;
  // A name that starts with a prefix; a secret that matches a name pattern and carries tags.
  const secrets = plain ? `${counted} ${found > 1 ? 'have names' : 'has a name'} that` : counted;
  const fails = max === Infinity ? '' : ', else it fails';
  return {
    span: reference.idSpan!,
    severity: 'warning',
    code: 'prefix-match-count',
    message: `${secrets} ${searchWords(search, found <= 1)}, and ${wording.reader} needs ${needs}${fails}: ${fix}. Looked in ${where}.`,
  };
}

/** A selector written out, not filled in at deploy time (`${Stage}`). */
function literal(selector: Selector | undefined): selector is Selector {
  return !!selector && !selector.value.includes('${');
}

/** The ARNs of listed secrets whose value shape or versions the references need and that are not known yet, by fact; in steps. */
export function* factsToLearn(analysis: Analysis, list: SecretList, facts: SecretFacts): Generator<void, Record<Fact, string[]>> {
  const wanted: Record<Fact, Set<string>> = { value: new Set(), versions: new Set() };
  for (const reference of analysis.references) {
    yield;
    const arn = reference.secretId && !reference.createdInDocument ? list.find(reference.secretId)?.arn : undefined;
    if (!arn) continue;
    for (const fact of factsNeeded(reference)) {
      const known = fact === 'value' ? facts.jsonKeys(arn) : facts.versions(arn);
      if (known === undefined && !facts.denied(arn, fact)) wanted[fact].add(arn);
    }
  }
  return { value: [...wanted.value], versions: [...wanted.versions] };
}

/** "Not checkable" where the credentials may not read what a check needs. */
function notCheckable(span: Span, what: string, secretId: string, failure: AwsFailure): Problem {
  return {
    span,
    severity: 'information',
    code: 'not-checkable',
    message: `${what} of secret '${secretId}' could not be checked: ${failure.message}`,
  };
}

function checkValue(reference: SecretReference, arn: string, facts: SecretFacts, wording: DialectWording): Problem[] {
  const { jsonPath, secretId, idSpan } = reference;
  const keys = facts.jsonKeys(arn);
  const denied = facts.denied(arn, 'value');
  if (reference.needsString && keys && !keys.json && keys.binary) {
    return [
      {
        span: idSpan!,
        severity: 'error',
        code: 'secret-binary',
        message: `Secret '${secretId}' holds a binary value: ${wording.binary}. Store the value as a string (SecretString).`,
      },
    ];
  }
  // A string that is no JSON text; a binary value may hold one.
  if (reference.needsJsonObject && keys && !keys.json && !keys.binary) {
    return [
      {
        span: idSpan!,
        severity: 'warning',
        code: 'json-path-not-json',
        message: `Secret '${secretId}' is not a JSON object: ${wording.notJson}.`,
      },
    ];
  }
  if (!jsonPath) return [];
  if (denied) return [notCheckable(jsonPath.span, `JSON key '${jsonPath.path}'`, secretId!, denied)];
  if (!keys) return [];
  if (!keys.json) {
    return [
      {
        span: jsonPath.span,
        severity: 'warning',
        code: 'json-path-not-json',
        message: `Secret '${secretId}' is not JSON: ${wording.notJson}, not '${jsonPath.path}'.`,
      },
    ];
  }
  const written = keyPathsOf(keys, reference.keySyntax);
  if (written.has(asKeyPath(jsonPath.path, reference.keySyntax))) return [];
  const suggestions = closestMatches(jsonPath.path, [...written]);
  return [
    {
      span: jsonPath.span,
      severity: 'warning',
      code: 'json-path-missing',
      message: `'${jsonPath.path}' is not a key of secret '${secretId}': ${wording.missingJsonKey}.${didYouMean(suggestions)}`,
      fixes: changeToFixes(jsonPath.span, suggestions),
    },
  ];
}

/** Each secret's paths as each reader writes them, once: a document may read the same secret thousands of times. */
const keyPathsBySyntax = new WeakMap<JsonKeys, Map<KeyPathSyntax | undefined, Set<string>>>();

function keyPathsOf(keys: JsonKeys & { json: true }, syntax: KeyPathSyntax | undefined): Set<string> {
  let bySyntax = keyPathsBySyntax.get(keys);
  if (!bySyntax) keyPathsBySyntax.set(keys, (bySyntax = new Map()));
  let paths = bySyntax.get(syntax);
  if (!paths) bySyntax.set(syntax, (paths = new Set([...keys.paths.values()].map(({ segments }) => keyPathIn(syntax, segments)))));
  return paths;
}

/**
 * The tag a reference reads is on the secret, as ListSecrets lists it; a dotted key may read into the JSON value of a
 * tag named by its first part, which is then enough.
 */
function checkTag(reference: SecretReference, secret: SecretSummary, wording: DialectWording): Problem[] {
  const { tagKey, secretId } = reference;
  const keys = Object.keys(secret.tags ?? {});
  if (!tagKey || keys.includes(tagKey.value) || keys.includes(tagKey.value.split('.')[0])) return [];
  const suggestions = closestMatches(tagKey.value, keys);
  return [
    {
      span: tagKey.span,
      severity: 'warning',
      code: 'tag-missing',
      message: `Secret '${secretId}' has no tag '${tagKey.value}': ${wording.missingJsonKey}.${didYouMean(suggestions)} Its tags: ${keys.join(', ') || 'none'}.`,
      fixes: changeToFixes(tagKey.span, suggestions),
    },
  ];
}

const FOUND: Record<Exclude<JsonType, 'string' | 'null'>, string> = {
  object: 'an object',
  array: 'a list',
  number: 'a number',
  boolean: 'true or false',
};

/**
 * What each JMESPath finds in the secret's structure: nothing, or something that is not a string. The one that is the
 * reference's `jsonPath` is not said missing twice; a path whose result depends on the values is not judged.
 */
function checkJmesPaths(reference: SecretReference, arn: string, facts: SecretFacts, wording: DialectWording): Problem[] {
  const { jmesPaths = [], jsonPath, secretId } = reference;
  const keys = facts.jsonKeys(arn);
  const denied = facts.denied(arn, 'value');
  const alsoJsonPath = (span: Span) => !!jsonPath && jsonPath.span.start >= span.start && jsonPath.span.end <= span.end;
  const problems: Problem[] = [];
  for (const { value: path, span } of jmesPaths) {
    if (denied) {
      if (!alsoJsonPath(span)) problems.push(notCheckable(span, `JMESPath '${path}'`, secretId!, denied));
      continue;
    }
    if (!keys?.json || !keys.skeleton) continue;
    const found = jmesResultType(path, keys.skeleton);
    if (found === 'null' && !alsoJsonPath(span)) {
      const topLevel = [...keys.paths.keys()].filter((key) => !/[.[]/.test(key));
      problems.push({
        span,
        severity: 'warning',
        code: 'jmes-path-nothing',
        message: `JMESPath '${path}' finds nothing in secret '${secretId}': ${wording.missingJsonKey}. Its top-level keys: ${topLevel.join(', ') || 'none'}.`,
      });
    } else if (found && found !== 'null' && found !== 'string') {
      problems.push({
        span,
        severity: 'warning',
        code: 'jmes-path-not-string',
        message: `JMESPath '${path}' finds ${FOUND[found]} in secret '${secretId}', not a string: ${wording.notString ?? wording.missingJsonKey}. Point the path at a string inside it.`,
      });
    }
  }
  return problems;
}

/** The version stage is attached to a version of the secret; the version id is one of its versions. */
function checkVersion(reference: SecretReference, arn: string, facts: SecretFacts, wording: DialectWording): Problem[] {
  const { versionStage, versionId, secretId } = reference;
  if (!literal(versionStage) && !literal(versionId)) return [];
  const denied = facts.denied(arn, 'versions');
  const versions = facts.versions(arn);
  const problems: Problem[] = [];
  if (literal(versionStage)) {
    const stages = [...new Set(Object.values(versions ?? {}).flat())];
    if (denied) problems.push(notCheckable(versionStage.span, `Version stage '${versionStage.value}'`, secretId!, denied));
    else if (versions && !stages.includes(versionStage.value)) {
      const suggestions = closestMatches(versionStage.value, stages);
      problems.push({
        span: versionStage.span,
        severity: 'warning',
        code: 'version-stage-missing',
        message: `Version stage '${versionStage.value}' is not attached to any version of secret '${secretId}': ${wording.reader} cannot read it.${didYouMean(suggestions)} Stages attached: ${stages.join(', ') || 'none'}.`,
        fixes: changeToFixes(versionStage.span, suggestions),
      });
    }
  }
  if (literal(versionId)) {
    if (denied) problems.push(notCheckable(versionId.span, `Version id '${versionId.value}'`, secretId!, denied));
    else if (versions && !(versionId.value in versions)) {
      problems.push({
        span: versionId.span,
        severity: 'warning',
        code: 'version-id-missing',
        message: `Secret '${secretId}' has no version '${versionId.value}': ${wording.reader} cannot read it. Its versions are listed by \`aws secretsmanager list-secret-version-ids --secret-id ${secretId}\`.`,
      });
    }
  }
  return problems;
}

/**
 * "Did you mean" for the first few missing ids of a document and within a time budget, or when known
 * already; the others get theirs when their fixes are asked for. With tens of thousands of similar
 * names, searching them all for every miss on every keystroke would stall the server.
 */
function suggester(list: SecretList): (secretId: string) => string[] | undefined {
  const start = performance.now();
  let searched = 0;
  return (secretId) =>
    list.knownCloseNames(secretId) ??
    (searched++ < EAGER_SUGGESTIONS && performance.now() - start < SUGGESTION_BUDGET_MS ? list.closeNames(secretId) : undefined);
}
const EAGER_SUGGESTIONS = 10;
const SUGGESTION_BUDGET_MS = 20;

function checkReference(
  reference: SecretReference,
  secretId: string,
  list: SecretList,
  state: SecretListState,
  wording: DialectWording,
  suggest: (secretId: string) => string[] | undefined,
): Problem | undefined {
  const span = reference.idSpan!;
  const { region, account, profile } = state.scope;
  if (secretId.startsWith('arn:')) {
    const arn = parseSecretArn(secretId);
    if (region && arn.region !== region) {
      return {
        span: arn.spans.region.end > arn.spans.region.start ? shiftSpan(arn.spans.region, span.start) : span,
        severity: 'information',
        code: 'arn-other-region',
        message: `This secret is in ${arn.region}, but the configured region is ${region}, so it was not checked. ${wording.regionRule}: make sure that is ${arn.region}.`,
      };
    }
    if (account && arn.account !== account) {
      return {
        span: shiftSpan(arn.spans.account, span.start),
        severity: 'information',
        code: 'arn-other-account',
        message: `This secret belongs to account ${arn.account}, but profile ${profile} is signed in to account ${account}, so it was not checked. ${wording.reader} needs access to account ${arn.account} to read it.`,
      };
    }
  }
  if (region && reference.region && reference.region !== region && !secretId.startsWith('arn:')) {
    return {
      span,
      severity: 'information',
      code: 'secret-other-region',
      message: `${wording.reader} reads this secret in ${reference.region}, but the configured region is ${region}, so it was not checked. ${wording.regionRule}.${reference.assumption ? ` ${reference.assumption}` : ''}`,
    };
  }
  const found = list.find(secretId);
  const where = `account ${account ?? '(unknown)'} (${describeScope(list.gateway.scope)})`;
  const current = found ? undefined : recreated(secretId, list);
  if (current) {
    return {
      span,
      severity: 'warning',
      code: 'secret-not-found',
      message: `Secret '${current.name}' was deleted and created again: its ARN is now ${current.arn}. Looked in ${where}.`,
      fixes: changeToFixes(span, [current.arn]),
    };
  }
  if (!found) {
    const { idPrefix = '' } = reference;
    // The text holds what follows a store's prefix: names without it are offered, so they are found now, not on demand.
    const suggestions = idPrefix
      ? (suggest(secretId) ?? list.closeNames(secretId)).filter((name) => name.startsWith(idPrefix))
      : suggest(secretId);
    const isName = !secretId.startsWith('arn:');
    const assumption = reference.assumption ? ` ${reference.assumption}` : '';
    return {
      span,
      severity: 'warning',
      code: 'secret-not-found',
      // The problem and its fix first: the Problems panel cuts long messages off at their end.
      message: `Secret '${secretId}' not found.${didYouMean(suggestions ?? [])} Looked in ${where}.${assumption}`,
      fixes: isName
        ? [
            ...(suggestions
              ? changeToFixes(
                  span,
                  suggestions.map((name) => name.slice(idPrefix.length)),
                )
              : [{ title: 'Change to a similar name', similarNamesOf: secretId }]),
            { title: `Store new secret '${secretId}'…`, command: { name: STORE_NEW_SECRET_COMMAND, payload: { name: secretId } } },
          ]
        : undefined,
    };
  }
  if (found.deletedDate) {
    return {
      span,
      severity: 'warning',
      code: 'secret-marked-for-deletion',
      message: `Secret '${found.name}' is scheduled for deletion on ${found.deletedDate.slice(0, 10)} (${where}): reading it fails until it is restored.`,
    };
  }
  return undefined;
}

/** The secret now listed under a full ARN's name when the ARN's random suffix is another: the secret was created again. */
function recreated(secretId: string, list: SecretList): SecretSummary | undefined {
  if (!secretId.startsWith('arn:')) return undefined;
  const arn = parseSecretArn(secretId);
  if (!arn.isFull || arn.issues.length > 0) return undefined;
  const now = list.find(secretId.slice(0, -(ARN_SUFFIX_LENGTH + 1)));
  return now && now.arn !== secretId ? now : undefined;
}

/**
 * Whether a reference's id overlaps an error: a malformed id is not looked up. Answered by binary
 * search over the errors' starts and the furthest end so far, not by a scan per reference.
 */
function spansWithErrors(analysis: Analysis): (reference: SecretReference) => boolean {
  const errors = analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => problem.span);
  errors.sort((a, b) => a.start - b.start);
  const furthestEnd: number[] = [];
  errors.forEach((span, index) => furthestEnd.push(Math.max(span.end, furthestEnd[index - 1] ?? -Infinity)));
  return (reference) => {
    const id = reference.idSpan!;
    // The number of errors that start before the id ends; the furthest end among them decides.
    let low = 0;
    let high = errors.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (errors[middle].start < id.end) low = middle + 1;
      else high = middle;
    }
    return low > 0 && furthestEnd[low - 1] > id.start;
  };
}
