/**
 * External Secrets Operator's AWS Secrets Manager provider, as its CRD types and provider source read
 * it (external-secrets `apis/externalsecrets/v1`, `providers/v1/aws/secretsmanager`): stores, and the
 * keys, properties and versions that ExternalSecrets read through them.
 */
import { Node } from 'yaml';
import { Analysis, Problem, SecretReference } from '../../core/model';
import { partitionOfRegion } from '../../core/partitions';
import { wholeIdProblems } from '../../core/secretId';
import { changeToFixes, closestMatches, didYouMean, quote } from '../../core/similar';
import { field, hasField, items, keySpan, readDocuments, TextValue, textOf } from '../../core/yamlNodes';
import type { DialectDocument } from '../dialect';

export const DIALECT_ID = 'external-secrets';
const API_GROUP = 'external-secrets.io/';
const SERVICES = ['SecretsManager', 'ParameterStore', 'CertificateManager'];
const STORE_KINDS = ['SecretStore', 'ClusterSecretStore'];
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
/** A property that names a top-level key: no gjson path syntax in it. */
const TOP_LEVEL_KEY = /^[^.*?#|@\\[\]{}]+$/;

interface Store {
  name: string;
  kind: string;
  namespace?: string;
  /** The provider is AWS with `service: SecretsManager`: keys are secret names. */
  secretsManager: boolean;
  region?: string;
  /** The store's `prefix`; `dynamic` when it is a template. */
  prefix?: TextValue;
}

/** How the store of a reference is known: found in this file, or not (then nothing AWS-specific is reported). */
type StoreInfo = { known: true; store: Store } | { known: false };

export function* scanExternalSecrets({ text }: DialectDocument): Generator<void, Analysis> {
  const references: SecretReference[] = [];
  const problems: Problem[] = [];
  const manifests = readDocuments(text).map((node) => ({ node, kind: textOf(text, field(node, 'kind'))?.value, apiVersion: textOf(text, field(node, 'apiVersion'))?.value }));
  const ours = manifests.filter((manifest) => manifest.apiVersion?.startsWith(API_GROUP));
  const stores = ours.filter((manifest) => STORE_KINDS.includes(manifest.kind ?? '')).map(({ node, kind }) => readStore(text, node, kind!, problems));
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
      if (find) checkFind(text, find, store, problems);
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

/** A store's AWS fields; its required ones are reported missing only when no template could supply them. */
function readStore(text: string, node: Node, kind: string, problems: Problem[]): Store {
  const name = textOf(text, field(node, 'metadata', 'name'))?.value ?? '';
  const namespace = textOf(text, field(node, 'metadata', 'namespace'))?.value;
  const aws = field(node, 'spec', 'provider', 'aws');
  const store: Store = { name, kind, namespace, secretsManager: false };
  if (!aws) return store;
  const service = textOf(text, field(aws, 'service'));
  const region = textOf(text, field(aws, 'region'));
  const prefix = textOf(text, field(aws, 'prefix'));
  if (service && !service.dynamic && !SERVICES.includes(service.value)) {
    const suggestions = closestMatches(service.value, SERVICES);
    problems.push({
      span: service.span,
      severity: 'error',
      code: 'eso-store-service',
      message: `${quote(service.value)} is not a service of the AWS provider.${didYouMean(suggestions)} The store is rejected; use one of ${SERVICES.join(', ')}.`,
      fixes: changeToFixes(service.span, suggestions),
    });
  }
  const template = node.range ? /\{\{/.test(text.slice(node.range[0], node.range[1])) : true;
  if (!hasField(aws, 'region') && !template) {
    problems.push({
      span: keySpan(field(node, 'spec', 'provider'), 'aws') ?? { start: 0, end: 0 },
      severity: 'error',
      code: 'eso-store-region',
      message: "The AWS provider needs a region: add 'region:' (e.g. us-east-1) under provider.aws, or the store is rejected.",
    });
  }
  store.secretsManager = service !== undefined && !service.dynamic && service.value === 'SecretsManager';
  if (region && !region.dynamic && partitionOfRegion(region.value)) store.region = region.value;
  if (prefix) store.prefix = prefix;
  return store;
}

/** The store a `secretStoreRef`/`storeRef` names, when this file holds it; a store of the other kind or namespace is reported. */
function storeOf(ref: Node | undefined, { text, stores, namespace, problems }: Scan): StoreInfo {
  const name = textOf(text, field(ref, 'name'));
  if (!name || name.dynamic) return { known: false };
  const kindValue = textOf(text, field(ref, 'kind'));
  if (kindValue?.dynamic) return { known: false };
  const kind = kindValue?.value ?? 'SecretStore';
  const named = stores.filter((store) => store.name === name.value);
  const store = named.find((candidate) => candidate.kind === kind);
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
  const other = named.find((candidate) => candidate.kind !== kind);
  if (other) {
    const span = kindValue?.span ?? name.span;
    problems.push({
      span,
      severity: 'warning',
      code: 'eso-store-kind',
      message: `${quote(name.value)} is a ${other.kind} in this file, but this reference asks for a ${kind}: External Secrets reports the store not found. Set kind: ${other.kind}.`,
      fixes: kindValue ? changeToFixes(kindValue.span, [other.kind]) : undefined,
    });
  }
  return { known: false };
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
  if (key.dynamic || !key.exact) return;
  const prefix = store?.prefix;
  if (prefix) {
    // With a prefix the secret's name is not the key's text, so it is not looked up here.
    if (!prefix.dynamic && /[A-Za-z0-9]$/.test(prefix.value) && /^[A-Za-z0-9]/.test(key.value)) {
      problems.push({
        span: key.span,
        severity: 'warning',
        code: 'eso-prefix-separator',
        message: `External Secrets reads secret ${quote(prefix.value + key.value)}: store ${quote(store!.name)} puts its prefix ${quote(prefix.value)} before the key with no separator. End the prefix with '/' if that is what you meant.`,
      });
    }
    return;
  }
  reference.secretId = key.value;
  reference.idSpan = key.span;
  // Without the store, the key may belong to another provider or to Parameter Store: only the account check reads it.
  if (store) problems.push(...wholeIdProblems(key.value, key.span.start));

  const property = textOf(text, field(ref, 'property'));
  const fetchesTags = textOf(text, field(ref, 'metadataPolicy'))?.value === 'Fetch';
  if (property && !property.dynamic && property.exact && !fetchesTags && TOP_LEVEL_KEY.test(property.value)) {
    reference.jsonPath = { path: property.value, span: property.span };
  }
  const version = textOf(text, field(ref, 'version'));
  if (version && !version.dynamic && version.exact) readVersion(version, reference, store !== undefined, problems);
}

/** `uuid/<id>` is a version id, anything else a stage; a stage that is surely a mistake is reported when the store is known. */
function readVersion(version: TextValue, reference: SecretReference, storeKnown: boolean, problems: Problem[]): void {
  const { value, span } = version;
  if (value.startsWith(VERSION_ID_PREFIX)) {
    reference.versionId = { value: value.slice(VERSION_ID_PREFIX.length), span: { start: span.start + VERSION_ID_PREFIX.length, end: span.end } };
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

/** A `find`: a name pattern that compiles, and (for the AWS provider) a name or tags to find by. */
function checkFind(text: string, find: Node, storeInfo: StoreInfo, problems: Problem[]): void {
  if (storeInfo.known && !storeInfo.store.secretsManager) return;
  const regexp = textOf(text, field(find, 'name', 'regexp'));
  if (regexp && !regexp.dynamic) {
    const error = regexpError(regexp.value);
    if (error) {
      problems.push({ span: regexp.span, severity: 'error', code: 'eso-find-regexp', message: `This regular expression does not compile (${error}): External Secrets reports an error and syncs nothing.` });
    }
  }
  if (storeInfo.known && !hasField(find, 'name') && !hasField(find, 'tags') && find.range) {
    const path = textOf(text, field(find, 'path'));
    problems.push({
      span: path?.span ?? { start: find.range[0], end: find.range[1] },
      severity: 'error',
      code: 'eso-find-no-filter',
      message: "find needs 'name' (a regexp) or 'tags': with only a path, the AWS provider fails with an unexpected find operator. Add name.regexp, e.g. '^dev/'.",
    });
  }
}

/**
 * Why a Go regular expression does not compile, as far as JavaScript's own parser tells (Go-only
 * syntax, `(?P<name>` and flag groups, is translated first; what only Go rejects is not reported).
 */
function regexpError(pattern: string): string | undefined {
  const translated = pattern.replace(/\(\?P</g, '(?<').replace(/\(\?[imsU]+\)/g, '').replace(/\(\?[imsU]*(?:-[imsU]+)?:/g, '(?:');
  try {
    new RegExp(translated);
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^Invalid regular expression: /, '');
  }
}
