/**
 * External Secrets Operator's AWS Secrets Manager provider, as its CRD types and provider source read
 * it (external-secrets `apis/externalsecrets/v1`, `providers/v1/aws/secretsmanager`): stores, and the
 * keys, properties and versions that ExternalSecrets read through them.
 */
import type { Node } from 'yaml';
import { yaml } from '../../core/libraries';
import { Analysis, Problem, SecretReference, SecretSearch } from '../../core/model';
import { GoRegexp, readGoRegexp } from '../../core/goRegexp';
import { wholeIdProblems } from '../../core/secretId';
import { changeToFixes, quote } from '../../core/similar';
import { field, hasField, items, keySpan, readDocuments, TextValue, textOf } from '../../core/yamlNodes';
import type { DialectDocument } from '../dialect';
import { API_GROUP, readStore, Store, STORE_KINDS, workspaceStoresNamed } from './stores';

export const DIALECT_ID = 'external-secrets';
/** Version stages of Secrets Manager, and the words people write for them. */
const MEANT_STAGES: Record<string, string> = {
  latest: 'AWSCURRENT',
  current: 'AWSCURRENT',
  awscurrent: 'AWSCURRENT',
  previous: 'AWSPREVIOUS',
  awsprevious: 'AWSPREVIOUS',
  pending: 'AWSPENDING',
  awspending: 'AWSPENDING',
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VERSION_ID_PREFIX = 'uuid/';
/** A property of keys and indexes joined by dots, a literal key first: no other gjson syntax (wildcards, escapes, modifiers). */
const PLAIN_PATH = /^[^*?#|@!\\[\]{}]+$/;

/**
 * How the store of a reference is known: found in this file or the workspace, or not (then nothing
 * AWS-specific is reported, and `assumption` says why the configured region is used).
 */
type StoreInfo = { known: true; store: Store } | { known: false; assumption?: string };

export function* scanExternalSecrets({ text }: DialectDocument): Generator<void, Analysis> {
  const references: SecretReference[] = [];
  const problems: Problem[] = [];
  const manifests = readDocuments(text).map((node) => ({
    node,
    kind: textOf(text, field(node, 'kind'))?.value,
    apiVersion: textOf(text, field(node, 'apiVersion'))?.value,
  }));
  const ours = manifests.filter((manifest) => manifest.apiVersion?.startsWith(API_GROUP));
  const stores = ours
    .filter((manifest) => STORE_KINDS.includes(manifest.kind ?? ''))
    .map(({ node, kind }) => readStore(text, node, kind!, problems));
  yield;
  for (const { node, kind } of ours) {
    if (kind !== 'ExternalSecret' && kind !== 'ClusterExternalSecret') continue;
    const spec = kind === 'ClusterExternalSecret' ? field(node, 'spec', 'externalSecretSpec') : field(node, 'spec');
    // A ClusterExternalSecret makes ExternalSecrets in other namespaces: its own says nothing of theirs.
    const namespace = kind === 'ExternalSecret' ? textOf(text, field(node, 'metadata', 'namespace'))?.value : undefined;
    const scan = { text, stores, namespace, references, problems };
    const defaultStore = storeOf(field(spec, 'secretStoreRef'), scan);
    const storeOfItem = (item: Node) => {
      const own = field(item, 'sourceRef', 'storeRef');
      return own ? storeOf(own, scan) : defaultStore;
    };
    for (const item of items(field(spec, 'data'))) {
      const remoteRef = field(item, 'remoteRef');
      if (remoteRef) readRemoteRef(remoteRef, 'remoteRef', storeOfItem(item), scan);
    }
    for (const item of items(field(spec, 'dataFrom'))) {
      if (hasField(item, 'sourceRef') && !field(item, 'sourceRef', 'storeRef')) continue; // a generator, not a store
      const store = storeOfItem(item);
      const extract = field(item, 'extract');
      if (extract) readRemoteRef(extract, 'extract', store, scan);
      const find = field(item, 'find');
      if (find) checkFind(text, find, store, scan);
    }
  }
  return { references, problems };
}

interface Scan {
  text: string;
  stores: Store[];
  namespace?: string;
  references: SecretReference[];
  problems: Problem[];
}

/**
 * The store a `secretStoreRef`/`storeRef` names: in this file, else in the workspace's other files. A store
 * of this file of the other kind or namespace is reported; one the workspace lacks, or holds several
 * different ones of, is not known.
 */
function storeOf(ref: Node | undefined, { text, stores, namespace, problems }: Scan): StoreInfo {
  const name = textOf(text, field(ref, 'name'));
  if (!name || name.dynamic) return { known: false };
  const kindValue = textOf(text, field(ref, 'kind'));
  if (kindValue?.dynamic) return { known: false };
  const kind = kindValue?.value ?? 'SecretStore';
  const inFile = stores.filter((store) => store.name === name.value);
  if (inFile.length === 0) return workspaceStore(name.value, kind, namespace);
  const store = inFile.find((candidate) => candidate.kind === kind);
  if (store && kind === 'SecretStore' && namespace && store.namespace && store.namespace !== namespace) {
    problems.push({
      span: name.span,
      severity: 'warning',
      code: 'eso-store-namespace',
      message: `SecretStore ${quote(name.value)} is in namespace ${store.namespace}, not ${namespace}: External Secrets reports the store not found. Use a ClusterSecretStore, or a SecretStore in ${namespace}.`,
    });
    return { known: false };
  }
  if (store) return { known: true, store };
  const other = inFile.find((candidate) => candidate.kind !== kind)!;
  const span = kindValue?.span ?? name.span;
  problems.push({
    span,
    severity: 'warning',
    code: 'eso-store-kind',
    message: `${quote(name.value)} is a ${other.kind} in this file, but this reference asks for a ${kind}: External Secrets reports the store not found. Set kind: ${other.kind}.`,
    fixes: kindValue ? changeToFixes(kindValue.span, [other.kind]) : undefined,
  });
  return { known: false };
}

/** A store of another file: the one of that name and kind (in the namespace, for a SecretStore), or those that all say the same. */
function workspaceStore(name: string, kind: string, namespace: string | undefined): StoreInfo {
  const candidates = workspaceStoresNamed(name).filter(
    (store) => store.kind === kind && (kind !== 'SecretStore' || !namespace || !store.namespace || store.namespace === namespace),
  );
  const [first] = candidates;
  const facts = (store: Store) => JSON.stringify([store.secretsManager, store.region, store.prefix?.value, store.prefix?.dynamic]);
  if (first && candidates.every((store) => facts(store) === facts(first))) return { known: true, store: first };
  const assumption = first
    ? `The workspace has ${candidates.length} ${kind}s named ${quote(name)} with different settings, so the configured region was assumed.`
    : `${kind} ${quote(name)} is not in the workspace, so the configured region was assumed.`;
  return { known: false, assumption };
}

/** A `remoteRef` or `extract`: its key, property and version. */
function readRemoteRef(ref: Node, kind: string, storeInfo: StoreInfo, { text, references, problems }: Scan): void {
  const store = storeInfo.known ? storeInfo.store : undefined;
  if (store && !store.secretsManager) return; // Parameter Store paths, another provider: not secret names
  const key = textOf(text, field(ref, 'key'));
  if (!key) return;
  const reference: SecretReference = { dialect: DIALECT_ID, kind, span: key.span, key: 'key', inComment: false };
  references.push(reference);
  if (store?.region) reference.region = store.region;
  if (!storeInfo.known && storeInfo.assumption) reference.assumption = storeInfo.assumption;
  if (key.dynamic || !key.exact) return;
  const prefix = store?.prefix;
  if (prefix?.dynamic) return; // the secret's name is known only once the template is filled in
  if (prefix && /[A-Za-z0-9]$/.test(prefix.value) && /^[A-Za-z0-9]/.test(key.value)) {
    problems.push({
      span: key.span,
      severity: 'warning',
      code: 'eso-prefix-separator',
      message: `External Secrets reads secret ${quote(prefix.value + key.value)}: store ${quote(store!.name)} puts its prefix ${quote(prefix.value)} before the key with no separator. End the prefix with '/' if that is what you meant.`,
    });
  }
  reference.secretId = (prefix?.value ?? '') + key.value;
  reference.idSpan = key.span;
  if (prefix) reference.idPrefix = prefix.value;
  // Without the store, the key may belong to another provider or to Parameter Store: only the account check reads it.
  if (store) problems.push(...wholeIdProblems(key.value, key.span.start));

  const property = textOf(text, field(ref, 'property'));
  const fetchesTags = textOf(text, field(ref, 'metadataPolicy'))?.value === 'Fetch';
  // An extract of the whole value is read as a JSON object ("unable to unmarshal secret" otherwise).
  if (kind === 'extract' && !property && !fetchesTags) reference.needsJsonObject = true;
  if (property && !property.dynamic && property.exact && PLAIN_PATH.test(property.value)) {
    // With metadataPolicy: Fetch, the value read is the secret's tags as a JSON object.
    if (fetchesTags) reference.tagKey = { value: property.value, span: property.span };
    else {
      reference.jsonPath = { path: property.value, span: property.span };
      reference.keySyntax = 'gjson';
    }
  }
  const version = textOf(text, field(ref, 'version'));
  if (version && !version.dynamic && version.exact) readVersion(version, reference, store !== undefined, problems);
}

/** `uuid/<id>` is a version id, anything else a stage; a stage that is surely a mistake is reported when the store is known. */
function readVersion(version: TextValue, reference: SecretReference, storeKnown: boolean, problems: Problem[]): void {
  const { value, span } = version;
  if (value.startsWith(VERSION_ID_PREFIX)) {
    reference.versionId = {
      value: value.slice(VERSION_ID_PREFIX.length),
      span: { start: span.start + VERSION_ID_PREFIX.length, end: span.end },
    };
    return;
  }
  reference.versionStage = { value, span };
  if (!storeKnown) return;
  const meant = MEANT_STAGES[value.toLowerCase()];
  if (UUID.test(value)) {
    const fixed = VERSION_ID_PREFIX + value;
    problems.push({
      span,
      severity: 'warning',
      code: 'eso-version-id',
      message: `External Secrets reads ${quote(value)} as a version stage, not a version id, and reports "Secret does not exist". Write ${quote(fixed)} to read that version.`,
      fixes: changeToFixes(span, [fixed]),
    });
  } else if (meant && meant !== value) {
    problems.push({
      span,
      severity: 'warning',
      code: 'eso-version-stage',
      message: `${quote(value)} is read as a version stage, and Secrets Manager has no such stage unless you made one: External Secrets reports "Secret does not exist". Did you mean '${meant}'? Leave version out to read the current value.`,
      fixes: changeToFixes(span, [meant]),
    });
  }
}

/**
 * A `find`: a name pattern that compiles, and (for the AWS provider) a name or tags to find by. With its store
 * known, it becomes a search of the account's list, as the provider's ListSecrets filters and name match make it.
 */
function checkFind(text: string, find: Node, storeInfo: StoreInfo, { references, problems }: Scan): void {
  if (storeInfo.known && !storeInfo.store.secretsManager) return;
  const regexp = textOf(text, field(find, 'name', 'regexp'));
  const read = regexp && !regexp.dynamic ? readGoRegexp(regexp.value) : undefined;
  if (read && 'error' in read) {
    problems.push({
      span: regexp!.span,
      severity: 'error',
      code: 'eso-find-regexp',
      message: `Go does not compile this regular expression (${read.error}): External Secrets reports an error and syncs nothing.`,
    });
    return;
  }
  const path = textOf(text, field(find, 'path'));
  if (storeInfo.known && !hasField(find, 'name') && !hasField(find, 'tags') && find.range) {
    problems.push({
      span: path?.span ?? { start: find.range[0], end: find.range[1] },
      severity: 'error',
      code: 'eso-find-no-filter',
      message:
        "find needs 'name' (a regexp) or 'tags': with only a path, the AWS provider fails with an unexpected find operator. Add name.regexp, e.g. '^dev/'.",
    });
    return;
  }
  if (!storeInfo.known) return;
  const search = findSearch(text, find, regexp, read, path);
  const span = regexp?.span ?? path?.span ?? keySpan(find, 'tags');
  if (!search || !span) return;
  const reference: SecretReference = { dialect: DIALECT_ID, kind: 'find', span, idSpan: span, key: 'find', inComment: false };
  reference.prefixSearch = search;
  if (storeInfo.store.region) reference.region = storeInfo.store.region;
  references.push(reference);
}

/** The search a `find` makes, or undefined when a part is filled in later. */
function findSearch(
  text: string,
  find: Node,
  regexp: TextValue | undefined,
  read: GoRegexp | undefined,
  path: TextValue | undefined,
): SecretSearch | undefined {
  const tagsNode = field(find, 'tags');
  const tags: Record<string, string> = {};
  if (yaml().isMap(tagsNode)) {
    for (const pair of tagsNode.items) {
      const key = textOf(text, pair.key);
      const value = textOf(text, pair.value);
      if (!key || !value || key.dynamic || value.dynamic) return undefined;
      tags[key.value] = value.value;
    }
  }
  if (path?.dynamic || regexp?.dynamic) return undefined;
  // The provider lists with ListSecrets' name filter for the path (a case-sensitive prefix) and its tag filters,
  // then keeps the names its pattern matches somewhere (Go's MatchString).
  const search: SecretSearch = { prefix: path?.value ?? '', min: 1, max: Infinity };
  if (regexp && read) {
    search.nameRegexp = { pattern: regexp.value };
    if ('javaScript' in read) search.nameRegexp.javaScript = read.javaScript;
    if ('notPreviewed' in read) search.notPreviewed = `the name pattern is not run here: ${read.notPreviewed}`;
  }
  if (Object.keys(tags).length > 0) search.tags = tags;
  // A filter value that starts with '!' is a negation filter.
  if ([search.prefix, ...Object.keys(tags), ...Object.values(tags)].some((value) => value.startsWith('!')))
    search.notPreviewed = "a filter value that starts with '!' excludes what it names";
  return search;
}
