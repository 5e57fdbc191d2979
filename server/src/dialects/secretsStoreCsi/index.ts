/** The Secrets Store CSI driver's AWS provider: the objects a SecretProviderClass mounts from Secrets Manager. */
import { AWS_STAGES } from '../../core/secretId';
import { quoteBefore, scalarText, siblingValue, valueTypedAt } from '../../core/yamlNodes';
import type { CursorContext, Dialect } from '../dialect';
import { DIALECT_ID, OBJECT_TYPES, scanSecretsStoreCsi } from './scan';

const OBJECT_KEYS = ['objects', 'failoverObject'];
const API_VERSION = /^\s*apiVersion:\s*['"]?secrets-store\.csi\.x-k8s\.io\//m;
const AWS_PROVIDER = /^\s*provider:\s*['"]?aws['"]?\s*(?:#.*)?$/m;

export const secretsStoreCsi: Dialect = {
  id: DIALECT_ID,
  label: 'Secrets Store CSI driver (AWS)',
  // Manifests have any name; these find the usual ones, and the content decides.
  filePatterns: ['**/*[sS]ecret*.{yaml,yml}', '**/*[pP]rovider*.{yaml,yml}'],
  candidateFiles: ['**/*.{yaml,yml}'],
  filesRule:
    'YAML files whose name holds "secret" or "provider" (secret-provider-class.yaml…), and any other *.yaml or *.yml ' +
    'file, that declare a SecretProviderClass of apiVersion secrets-store.csi.x-k8s.io with provider aws.',
  // (The literal first: it is found in a huge text far sooner than the patterns are tried on every line.)
  claims: ({ text }) => text.includes('secrets-store.csi.x-k8s.io/') && API_VERSION.test(text) && AWS_PROVIDER.test(text),
  scan: scanSecretsStoreCsi,
  wording: {
    reader: 'The CSI driver',
    regionRule: "The CSI driver's AWS provider reads secrets in parameters.region, else in the region of the node the pod runs on",
    keyReader: 'jmesPath',
    missingJsonKey:
      'the pod fails to mount the volume ("JMES Path … does not point to a valid object", shown as "Failed to fetch secret from all regions")',
    missingJsonKeyShort: 'the pod fails to mount the volume',
    notJson: 'the pod fails to mount the volume, as the value is not JSON',
    notJsonShort: 'the pod fails to mount the volume',
    notString: 'the pod fails to mount the volume ("Invalid JMES search result type for path:… Only string is allowed.")',
    binary: 'the provider writes a binary secret to the file as its bytes',
    dynamicId: 'This object name is filled in before the manifest is applied (a template or a $VARIABLE)',
  },
  codes: {
    'csi-objects-not-list': 'parameters.objects holds a YAML list of objects',
    'csi-object-name-missing': 'Every object has an objectName',
    'csi-object-type-missing': 'An object named by a name, not an ARN, has an objectType',
    'csi-object-type': 'objectType is secretsmanager or ssmparameter',
    'csi-object-type-arn': "objectType matches the ARN's service",
    'csi-arn-format': 'An ARN object name has all its fields',
    'csi-arn-service': 'An ARN object name is a Secrets Manager or SSM parameter ARN',
    'csi-arn-region': 'An ARN object name is in parameters.region',
    'csi-file-permission': 'filePermission is four octal digits in quotes',
    'csi-jmes-path-missing': 'Every jmesPath entry has a path',
    'csi-jmes-alias-missing': 'Every jmesPath entry has an objectAlias',
    'csi-jmes-path-quoting': "A JMESPath name with '-' is quoted",
    'csi-jmes-path-syntax': 'A jmesPath path is a JMESPath expression',
    'csi-failover-alias': 'An object with a failoverObject has an objectAlias',
    'csi-failover-region': 'A failoverObject comes with parameters.failoverRegion',
    'csi-failover-version': "A failoverObject's objectVersion is the object's own",
    'csi-duplicate-object': 'An object name is listed once, unless an alias or a version label tells them apart',
    'csi-duplicate-alias': 'Every objectAlias is used once',
    'csi-path-translation': "pathTranslation is 'False' or one character",
    'csi-secret-object-file': 'secretObjects name files that the class mounts',
  },
  cursorContext: objectNameBeingTyped,
  referenceText: scalarText,
  // No keyReferenceText: a JSON key is a `jmesPath:` entry with its own objectAlias under the object, not a value, so the client copies it.
};

/**
 * A secret name typed as an `objectName` of the objects list (or of a failoverObject), a stage as its
 * `objectVersionLabel`, a type as its `objectType`, or a JMESPath into the object's value as the `path` of a `jmesPath` entry.
 */
function objectNameBeingTyped(text: string, offset: number): CursorContext | undefined {
  const name = valueTypedAt(text, offset, 'objectName', OBJECT_KEYS);
  if (name) return { kind: 'secretId', ...name };
  const label = valueTypedAt(text, offset, 'objectVersionLabel', OBJECT_KEYS);
  if (label) return { kind: 'choice', choices: AWS_STAGES, ...label };
  const type = valueTypedAt(text, offset, 'objectType', ['objects']);
  if (type) return { kind: 'choice', choices: OBJECT_TYPES, ...type };
  const path = valueTypedAt(text, offset, 'path', ['jmesPath']);
  const object = path && siblingValue(text, text.lastIndexOf('\n', offset - 1) + 1, 'objectName', true);
  if (!object) return undefined;
  const quote = quoteBefore(text, path.replace);
  return { kind: 'jsonKey', secretId: object.value, syntax: 'jmespath', ...path, ...(quote && { quote }) };
}
