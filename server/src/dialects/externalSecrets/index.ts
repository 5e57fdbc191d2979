/** External Secrets Operator: ExternalSecrets that read AWS Secrets Manager through a SecretStore or ClusterSecretStore. */
import { AWS_STAGES } from '../../core/secretId';
import { quoteBefore, scalarText, siblingValue, valueTypedAt } from '../../core/yamlNodes';
import type { CursorContext, Dialect } from '../dialect';
import { DIALECT_ID, scanExternalSecrets } from './scan';
import { knownStores, learnStores, restoreStores } from './stores';

const REF_KEYS = ['remoteRef', 'extract'];
const API_VERSION = /^\s*apiVersion:\s*['"]?external-secrets\.io\//m;

export const externalSecrets: Dialect = {
  id: DIALECT_ID,
  label: 'External Secrets',
  // Manifests have any name; these find the usual ones, and the content decides.
  filePatterns: ['**/*[sS]ecret*.{yaml,yml}', '**/*[sS]tore*.{yaml,yml}'],
  candidateFiles: ['**/*.{yaml,yml}'],
  filesRule:
    'YAML files whose name holds "secret" or "store" (external-secret.yaml, cluster-secret-store.yml…), and any other ' +
    '*.yaml or *.yml file, that declare an external-secrets.io apiVersion.',
  // (The literal first: it is found in a huge text far sooner than the pattern is tried on every line.)
  claims: ({ text }) => text.includes('external-secrets.io/') && API_VERSION.test(text),
  scan: scanExternalSecrets,
  workspaceFacts: { files: ['**/*.{yaml,yml}'], learn: learnStores, known: knownStores, restore: restoreStores },
  wording: {
    reader: 'External Secrets',
    regionRule: 'External Secrets reads secrets in the region of the store the ExternalSecret names (its provider.aws.region)',
    keyReader: 'property',
    missingJsonKey:
      'External Secrets reports SecretSyncedError ("key … does not exist in secret …") and does not update the Kubernetes secret',
    missingJsonKeyShort: 'External Secrets reports SecretSyncedError',
    notJson: 'External Secrets reports SecretSyncedError, as the value is not JSON',
    notJsonShort: 'External Secrets reports SecretSyncedError',
    binary: 'External Secrets copies a binary secret as its bytes',
    dynamicId: 'This key is filled in before the manifest is applied (a template or a $VARIABLE)',
  },
  codes: {
    'eso-store-service': 'The store names a service of the AWS provider',
    'eso-store-region': 'An AWS store names its region',
    'eso-store-kind': 'The store reference names the kind of the store',
    'eso-store-namespace': 'A SecretStore is in the namespace of the ExternalSecret that uses it',
    'eso-prefix-separator': "A store's prefix and a key do not run together",
    'eso-version-stage': 'The version is a stage that Secrets Manager has',
    'eso-version-id': 'A version id is written uuid/<id>',
    'eso-find-regexp': "find's name.regexp compiles",
    'eso-find-no-filter': 'find names secrets by name or tags',
  },
  cursorContext: keyBeingTyped,
  referenceText: scalarText,
  // No keyReferenceText: a JSON key is a `property:` line beside `key:`, which no single value can write, so the client copies it.
};

/**
 * A secret name typed as the `key` of a `remoteRef` or an `extract`, a stage as its `version`, or a gjson path into
 * the secret's value as its `property` (not when the property names a tag, with `metadataPolicy: Fetch`).
 */
function keyBeingTyped(text: string, offset: number): CursorContext | undefined {
  const key = valueTypedAt(text, offset, 'key', REF_KEYS);
  if (key) return { kind: 'secretId', ...key };
  const version = valueTypedAt(text, offset, 'version', REF_KEYS);
  if (version) return { kind: 'choice', choices: AWS_STAGES, ...version };
  const property = valueTypedAt(text, offset, 'property', REF_KEYS);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const secret = property && siblingValue(text, lineStart, 'key');
  if (!secret || siblingValue(text, lineStart, 'metadataPolicy')?.value === 'Fetch') return undefined;
  const quote = quoteBefore(text, property.replace);
  return { kind: 'jsonKey', secretId: secret.value, idAt: secret.start, syntax: 'gjson', ...property, ...(quote && { quote }) };
}
