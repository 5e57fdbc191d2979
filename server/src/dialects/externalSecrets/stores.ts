/**
 * External Secrets stores: the AWS fields of a SecretStore or ClusterSecretStore, and those of every
 * YAML file of the workspace (or of the CLI's run), so that an ExternalSecret resolves through a store
 * kept in another file.
 */
import type { Node } from 'yaml';
import { Problem } from '../../core/model';
import { partitionOfRegion } from '../../core/partitions';
import { changeToFixes, closestMatches, didYouMean, quote } from '../../core/similar';
import { field, hasField, keySpan, readDocuments, TextValue, textOf } from '../../core/yamlNodes';

export const API_GROUP = 'external-secrets.io/';
export const STORE_KINDS = ['SecretStore', 'ClusterSecretStore'];
const SERVICES = ['SecretsManager', 'ParameterStore', 'CertificateManager'];
/** A quick look before parsing: a file without this line declares no store. */
const DECLARES_STORE = /^\s*kind:\s*['"]?(?:Cluster)?SecretStore['"]?\s*(?:#.*)?$/m;

export interface Store {
  name: string;
  kind: string;
  namespace?: string;
  /** The provider is AWS with `service: SecretsManager`: keys are secret names. */
  secretsManager: boolean;
  region?: string;
  /** The store's `prefix`; `dynamic` when it is a template. */
  prefix?: TextValue;
}

/** A store's AWS fields; its required ones are reported missing only when no template could supply them. */
export function readStore(text: string, node: Node, kind: string, problems: Problem[]): Store {
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

/** The stores a text declares (their problems are its own document's business). */
export function storesIn(text: string): Store[] {
  if (!DECLARES_STORE.test(text)) return [];
  return readDocuments(text).flatMap((node) => {
    const kind = textOf(text, field(node, 'kind'))?.value ?? '';
    const ours = textOf(text, field(node, 'apiVersion'))?.value.startsWith(API_GROUP) && STORE_KINDS.includes(kind);
    return ours ? [readStore(text, node, kind, [])] : [];
  });
}

/** The stores of each file of the workspace that declares one, by the file's path. */
const workspaceStores = new Map<string, Store[]>();

/** Learns the stores of one file (`undefined`: the file is gone); whether what is known changed. */
export function learnStores(path: string, text: string | undefined): boolean {
  const stores = text === undefined ? [] : storesIn(text);
  const before = JSON.stringify(workspaceStores.get(path) ?? []);
  if (stores.length > 0) workspaceStores.set(path, stores);
  else workspaceStores.delete(path);
  return JSON.stringify(stores) !== before;
}

/** Everything learned, to hand to another thread, and taking such a copy in. */
export function knownStores(): [string, Store[]][] {
  return [...workspaceStores];
}
export function restoreStores(known: unknown): void {
  workspaceStores.clear();
  for (const [path, stores] of known as [string, Store[]][]) workspaceStores.set(path, stores);
}

/** The workspace's stores named `name`, in every file. */
export function workspaceStoresNamed(name: string): Store[] {
  return [...workspaceStores.values()].flat().filter((store) => store.name === name);
}
