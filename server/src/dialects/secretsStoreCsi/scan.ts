/**
 * The Secrets Store CSI driver's AWS provider: a SecretProviderClass with `provider: aws`, whose
 * `parameters.objects` is a YAML list held in a string. The rules are the provider's own
 * (aws/secrets-store-csi-driver-provider-aws, `provider/secret_descriptor.go`): what it rejects when
 * a pod mounts the volume.
 */
import type { Node } from 'yaml';
import { yaml } from '../../core/libraries';
import { Analysis, Problem, SecretReference, Selector, Span } from '../../core/model';
import { jmesSyntaxError } from '../../core/jmesPath';
import { partitionOfRegion } from '../../core/partitions';
import { wholeIdProblems } from '../../core/secretId';
import { changeToFixes, closestMatches, didYouMean, quote } from '../../core/similar';
import {
  blockScalarOffsets,
  field,
  fieldAnyCase,
  items,
  keySpan,
  mapSpan,
  OffsetMap,
  readDocuments,
  readEmbedded,
  TextValue,
  textOf,
} from '../../core/yamlNodes';
import type { DialectDocument } from '../dialect';

export const DIALECT_ID = 'secrets-store-csi';
const API_GROUP = 'secrets-store.csi.x-k8s.io/';
const SECRETS_MANAGER = 'secretsmanager';
export const OBJECT_TYPES = [SECRETS_MANAGER, 'ssmparameter'];
/** The provider's map of object types and ARN services; `ssm` is known but rejected as an objectType. */
const SERVICE_OF: Record<string, string> = { secretsmanager: SECRETS_MANAGER, ssmparameter: 'ssmparameter', ssm: 'ssmparameter' };
const FILE_PERMISSION = /^[0-7]{4}$/;
/** A JMESPath of plain identifiers, or with hyphens that need quoting. */
const UNQUOTED_PATH = /^[\w.-]+$/;
const IDENTIFIER = /^[A-Za-z_]\w*$/;
const MOUNT_FAILS = 'the pod fails to mount the volume';

/** The text of the `objects` string and where its characters are in the document. */
interface Objects {
  text: string;
  /** A span of `text` in the document: exact in a `|` block, else the whole string. */
  span: (span: Span) => Span;
  at: OffsetMap | undefined;
}

interface ClassContext {
  objects: Objects;
  region?: TextValue;
  failoverRegion?: TextValue;
  references: SecretReference[];
  problems: Problem[];
}

export function* scanSecretsStoreCsi({ text }: DialectDocument): Generator<void, Analysis> {
  const references: SecretReference[] = [];
  const problems: Problem[] = [];
  for (const node of readDocuments(text)) {
    yield;
    if (
      !textOf(text, field(node, 'apiVersion'))?.value.startsWith(API_GROUP) ||
      textOf(text, field(node, 'kind'))?.value !== 'SecretProviderClass'
    )
      continue;
    if (textOf(text, field(node, 'spec', 'provider'))?.value !== 'aws') continue;
    const parameters = field(node, 'spec', 'parameters');
    const translation = checkPathTranslation(textOf(text, field(parameters, 'pathTranslation')), problems);
    const objectsValue = textOf(text, field(parameters, 'objects'));
    // Objects written by a Helm template are known only once it renders; `$VAR`s are left to each field.
    if (!objectsValue || /\{\{|\{%/.test(objectsValue.value) || translation === undefined) continue;
    const at =
      blockScalarOffsets(text, objectsValue) ?? (objectsValue.exact ? (offset: number) => objectsValue.span.start + offset : undefined);
    const objects: Objects = { text: objectsValue.value, at, span: (span) => (at ? mapSpan(span, at) : objectsValue.span) };
    const region = literalRegion(textOf(text, field(parameters, 'region')));
    const failoverRegion = textOf(text, field(parameters, 'failoverRegion'));
    const context: ClassContext = { objects, region, failoverRegion, references, problems };
    const entries = readObjects(objects, objectsValue.span, problems);
    if (!entries) continue;
    entries.forEach((entry) => checkEntry(entry, context));
    checkDuplicates(entries, objects, problems);
    checkSecretObjects(text, field(node, 'spec', 'secretObjects'), mountedFiles(entries, objects, translation), problems);
  }
  return { references, problems };
}

/** `pathTranslation`: 'False' or one character; the character slashes become in file names ('' for none). */
function checkPathTranslation(value: TextValue | undefined, problems: Problem[]): string | undefined {
  if (!value || value.dynamic || value.value === '') return '_';
  if (value.value.toLowerCase() === 'false') return '';
  if (value.value.length === 1) return value.value;
  problems.push({
    span: value.span,
    severity: 'error',
    code: 'csi-path-translation',
    message: `pathTranslation must be 'False' or one character, not ${quote(value.value)}: ${MOUNT_FAILS}.`,
  });
  return undefined;
}

function literalRegion(value: TextValue | undefined): TextValue | undefined {
  return value && !value.dynamic && partitionOfRegion(value.value) ? value : undefined;
}

/** The entries of the `objects` list, or undefined (reported) when it is no list. */
function readObjects(objects: Objects, whole: Span, problems: Problem[]): Node[] | undefined {
  const list = readEmbedded(objects.text);
  if (list === undefined && objects.text.trim() === '') return [];
  if (yaml().isSeq(list) && list.items.every((item) => yaml().isMap(item))) return list.items as Node[];
  const firstLine = /\S[^\n]*/.exec(objects.text);
  const span =
    firstLine && objects.at ? objects.span({ start: firstLine.index, end: firstLine.index + firstLine[0].trimEnd().length }) : whole;
  const why = list === undefined ? 'does not read as YAML' : 'is not a list';
  problems.push({
    span,
    severity: 'error',
    code: 'csi-objects-not-list',
    message: `objects ${why}: the AWS provider reads a YAML list of objects ('- objectName: …'), else ${MOUNT_FAILS} with "Failed to load SecretProviderClass".`,
  });
  return undefined;
}

/** The first line of an entry of `objects`: where a missing field of it is reported. */
function entryStart(entry: Node, objects: Objects): Span {
  const start = entry.range?.[0] ?? 0;
  const lineEnd = objects.text.indexOf('\n', start);
  return objects.span({ start, end: lineEnd < 0 ? objects.text.length : lineEnd });
}

function checkEntry(entry: Node, context: ClassContext): void {
  const { objects, problems } = context;
  const value = (node: unknown, ...keys: string[]) => textOf(objects.text, fieldAnyCase(node, ...keys), objects.at);
  const name = value(entry, 'objectName');
  const type = value(entry, 'objectType');
  if (!name) {
    problems.push({
      span: entryStart(entry, objects),
      severity: 'error',
      code: 'csi-object-name-missing',
      message: `This object has no objectName: ${MOUNT_FAILS} with "Object name must be specified".`,
    });
    return;
  }
  if (name.dynamic || type?.dynamic) {
    context.references.push({ dialect: DIALECT_ID, kind: 'object', span: name.span, key: 'objectName', inComment: false });
    return;
  }
  const secretsManager = checkObjectName(name, type, context.region, context);
  checkType(type, problems);
  checkPermission(entry, objects, problems);
  const jmes = checkJmesPaths(entry, objects, problems);
  if (secretsManager) {
    const reference = addReference(name, context.region, context);
    const version = value(entry, 'objectVersion');
    const label = value(entry, 'objectVersionLabel');
    if (version) reference.versionId = { value: version.value, span: version.span };
    if (label) reference.versionStage = { value: label.value, span: label.span };
    if (jmes.firstKey) reference.jsonPath = jmes.firstKey;
    if (jmes.paths.length > 0) reference.jmesPaths = jmes.paths;
  }
  const failover = fieldAnyCase(entry, 'failoverObject');
  const failoverName = value(failover, 'objectName');
  const failoverRegion = literalRegion(context.failoverRegion);
  // With a failoverRegion, the provider reads every object there too (by its own name when it has no failoverObject);
  // read by name, in another region than parameters.region (without it, the node's region might be the failover one).
  if (!failoverName) {
    const otherRegion = failoverRegion && context.region && failoverRegion.value !== context.region.value;
    if (secretsManager && otherRegion && !name.value.startsWith('arn:')) addReference(name, failoverRegion, context, true);
    return;
  }
  const failoverKey = objects.span(keySpan(entry, 'failoverObject') ?? { start: 0, end: 0 });
  if (!value(entry, 'objectAlias')) {
    problems.push({
      span: failoverKey,
      severity: 'error',
      code: 'csi-failover-alias',
      message: `An object with a failoverObject needs an objectAlias: ${MOUNT_FAILS}. Add objectAlias: <file name>.`,
    });
  }
  if (!context.failoverRegion) {
    problems.push({
      span: failoverKey,
      severity: 'error',
      code: 'csi-failover-region',
      message: `A failoverObject is read only with parameters.failoverRegion: ${MOUNT_FAILS}. Add failoverRegion to the parameters.`,
    });
    return;
  }
  if ((value(failover, 'objectVersion')?.value ?? '') !== (value(entry, 'objectVersion')?.value ?? '')) {
    problems.push({
      span: failoverKey,
      severity: 'error',
      code: 'csi-failover-version',
      message: `The failoverObject's objectVersion must be the object's own: ${MOUNT_FAILS}.`,
    });
  }
  if (!failoverName.dynamic && checkObjectName(failoverName, type, failoverRegion, context, 'failoverRegion'))
    addReference(failoverName, failoverRegion, context, true);
}

/** A read of a secret: in `region` (unless an ARN names its own), in the failover region with `failover`. */
function addReference(name: TextValue, region: TextValue | undefined, { references }: ClassContext, failover = false): SecretReference {
  const reference: SecretReference = { dialect: DIALECT_ID, kind: 'object', span: name.span, key: 'objectName', inComment: false };
  if (name.exact) {
    reference.secretId = name.value;
    reference.idSpan = name.span;
  }
  if (region && !name.value.startsWith('arn:')) reference.region = region.value;
  if (failover && region) {
    reference.assumption = `The driver reads every object in parameters.failoverRegion ${region.value} too: a client error there, such as a secret not found, fails the mount.`;
  }
  references.push(reference);
  return reference;
}

/**
 * The provider's checks of an object name against its type and region (`validateObjectName`);
 * whether it names a Secrets Manager secret, whose id problems are reported too.
 */
function checkObjectName(
  name: TextValue,
  type: TextValue | undefined,
  region: TextValue | undefined,
  { problems }: ClassContext,
  regionKey = 'region',
): boolean {
  const fields = name.value.split(':');
  const isArn = name.value.startsWith('arn:');
  const service = isArn ? fields[2] : undefined;
  if (isArn && fields.length < 6) {
    problems.push({
      span: name.span,
      severity: 'error',
      code: 'csi-arn-format',
      message: `This ARN has too few fields ('arn:partition:service:region:account:resource'): ${MOUNT_FAILS} with "Invalid ARN format".`,
    });
    return false;
  }
  if (isArn && region && fields[3] !== region.value) {
    const start = name.span.start + fields.slice(0, 3).join(':').length + 1;
    const span = name.exact ? { start, end: start + fields[3].length } : name.span;
    problems.push({
      span,
      severity: 'error',
      code: 'csi-arn-region',
      message: `This ARN is in ${fields[3] || 'no region'}, but parameters.${regionKey} is ${region.value}: ${MOUNT_FAILS} with "ARN region must match region ${region.value}".`,
    });
  }
  if (!type && !isArn) {
    problems.push({
      span: name.span,
      severity: 'error',
      code: 'csi-object-type-missing',
      message: `Add objectType: "secretsmanager" (or "ssmparameter"): it may be left out only for a full ARN, else ${MOUNT_FAILS} with "Must use objectType when a full ARN is not specified".`,
    });
    return false;
  }
  if (!type && !SERVICE_OF[service!]) {
    problems.push({
      span: name.span,
      severity: 'error',
      code: 'csi-arn-service',
      message: `The AWS provider reads Secrets Manager and SSM parameter ARNs, not ${quote(service!)}: ${MOUNT_FAILS}.`,
    });
    return false;
  }
  const typeService = type ? SERVICE_OF[type.value] : undefined;
  if (type && typeService && isArn && typeService !== SERVICE_OF[service!]) {
    problems.push({
      span: type.span,
      severity: 'error',
      code: 'csi-object-type-arn',
      message: `objectType ${quote(type.value)} does not match the ARN's service ${quote(service!)}: ${MOUNT_FAILS}.`,
    });
    return false;
  }
  const secretsManager = type ? type.value === SECRETS_MANAGER : service === SECRETS_MANAGER;
  if (secretsManager && name.exact) problems.push(...wholeIdProblems(name.value, name.span.start));
  return secretsManager;
}

function checkType(type: TextValue | undefined, problems: Problem[]): void {
  if (!type || type.dynamic || OBJECT_TYPES.includes(type.value)) return;
  const suggestions = SERVICE_OF[type.value] ? [SERVICE_OF[type.value]] : closestMatches(type.value, OBJECT_TYPES);
  problems.push({
    span: type.span,
    severity: 'error',
    code: 'csi-object-type',
    message: `objectType must be secretsmanager or ssmparameter, not ${quote(type.value)}.${didYouMean(suggestions)} Else ${MOUNT_FAILS} with "Invalid objectType".`,
    fixes: changeToFixes(type.span, suggestions),
  });
}

/** `filePermission`, of an object or a JMES entry: four octal digits, as a string. */
function checkPermission(entry: Node, objects: Objects, problems: Problem[]): void {
  const node = fieldAnyCase(entry, 'filePermission');
  const permission = textOf(objects.text, node, objects.at);
  if (
    !permission ||
    permission.dynamic ||
    (yaml().isScalar(node) && typeof node.value === 'string' && FILE_PERMISSION.test(permission.value))
  )
    return;
  problems.push({
    span: permission.span,
    severity: 'error',
    code: 'csi-file-permission',
    message: `filePermission is four octal digits in quotes, e.g. "0600", not ${quote(permission.value)}: ${MOUNT_FAILS} with "Invalid File Permission".`,
  });
}

/**
 * The JMES entries' problems; the paths that parse, for the account's checks, and the first entry's path when it
 * reads a top-level key, for the account's key check.
 */
function checkJmesPaths(entry: Node, objects: Objects, problems: Problem[]): { firstKey: SecretReference['jsonPath']; paths: Selector[] } {
  let firstKey: SecretReference['jsonPath'];
  const paths: Selector[] = [];
  for (const [index, jmes] of items(fieldAnyCase(entry, 'jmesPath')).entries()) {
    const path = textOf(objects.text, fieldAnyCase(jmes, 'path'), objects.at);
    const alias = textOf(objects.text, fieldAnyCase(jmes, 'objectAlias'), objects.at);
    checkPermission(jmes, objects, problems);
    if (!path) {
      problems.push({
        span: entryStart(jmes, objects),
        severity: 'error',
        code: 'csi-jmes-path-missing',
        message: `This jmesPath entry has no path: ${MOUNT_FAILS} with "Path must be specified for JMES object".`,
      });
    }
    if (!alias) {
      problems.push({
        span: entryStart(jmes, objects),
        severity: 'error',
        code: 'csi-jmes-alias-missing',
        message: `This jmesPath entry has no objectAlias (the file to write): ${MOUNT_FAILS}.`,
      });
    }
    if (!path || path.dynamic) continue;
    if (path.value.includes('-') && UNQUOTED_PATH.test(path.value)) {
      const quoted = path.value
        .split('.')
        .map((part) => (IDENTIFIER.test(part) ? part : `"${part}"`))
        .join('.');
      problems.push({
        span: path.span,
        severity: 'error',
        code: 'csi-jmes-path-quoting',
        message: `A JMESPath name with '-' is quoted inside the YAML string: path: '${quoted}'. Unquoted, ${MOUNT_FAILS} with "Failed to fetch secret from all regions".`,
        fixes: path.exact
          ? [{ title: `Change to '${quoted}'`, edits: [{ span: path.span, newText: `'${quoted}'` }], preferred: true }]
          : undefined,
      });
      continue;
    }
    const syntaxError = jmesSyntaxError(path.value);
    if (syntaxError) {
      problems.push({
        span: path.span,
        severity: 'error',
        code: 'csi-jmes-path-syntax',
        message: `This JMESPath does not parse (${syntaxError}): ${MOUNT_FAILS} with "Invalid JMES Path: ${path.value}", shown as "Failed to fetch secret from all regions".`,
      });
      continue;
    }
    if (!path.exact) continue;
    paths.push({ value: path.value, span: path.span });
    if (index > 0) continue;
    const quotedKey = /^"([^"\\]+)"$/.exec(path.value);
    if (IDENTIFIER.test(path.value)) firstKey = { path: path.value, span: path.span };
    else if (quotedKey) firstKey = { path: quotedKey[1], span: { start: path.span.start + 1, end: path.span.end - 1 } };
  }
  return { firstKey, paths };
}

/** Two objects that would write one file: the same name with neither alias nor label, or one alias twice. */
function checkDuplicates(entries: Node[], objects: Objects, problems: Problem[]): void {
  const plainNames = new Set<string>();
  const aliases = new Set<string>();
  const value = (node: unknown, key: string) => textOf(objects.text, fieldAnyCase(node, key), objects.at);
  for (const entry of entries) {
    const name = value(entry, 'objectName');
    if (name && !name.dynamic && !value(entry, 'objectAlias') && !value(entry, 'objectVersionLabel')) {
      if (plainNames.has(name.value)) {
        problems.push({
          span: name.span,
          severity: 'error',
          code: 'csi-duplicate-object',
          message: `${quote(name.value)} is listed twice without objectAlias or objectVersionLabel: ${MOUNT_FAILS}. Give this one an objectAlias.`,
        });
      }
      plainNames.add(name.value);
    }
    for (const alias of [
      value(entry, 'objectAlias'),
      ...items(fieldAnyCase(entry, 'jmesPath')).map((jmes) => value(jmes, 'objectAlias')),
    ]) {
      if (!alias || alias.dynamic) continue;
      if (aliases.has(alias.value)) {
        problems.push({
          span: alias.span,
          severity: 'error',
          code: 'csi-duplicate-alias',
          message: `objectAlias ${quote(alias.value)} is used twice: ${MOUNT_FAILS}. Give each file its own name.`,
        });
      }
      aliases.add(alias.value);
    }
  }
}

/** The files the objects are mounted as (names and aliases, as written and with slashes translated). */
function mountedFiles(entries: Node[], objects: Objects, translation: string): Set<string> {
  const files = new Set<string>();
  const add = (name: string | undefined) => {
    if (name === undefined) return;
    files.add(name);
    files.add(translation ? name.split('/').join(translation) : name.replace(/^\/+/, ''));
  };
  const value = (node: unknown, key: string) => textOf(objects.text, fieldAnyCase(node, key))?.value;
  for (const entry of entries) {
    add(value(entry, 'objectAlias') ?? value(entry, 'objectName'));
    items(fieldAnyCase(entry, 'jmesPath')).forEach((jmes) => add(value(jmes, 'objectAlias')));
  }
  return files;
}

/** `secretObjects[].data[].objectName` names a mounted file. */
function checkSecretObjects(text: string, secretObjects: Node | undefined, files: Set<string>, problems: Problem[]): void {
  for (const secretObject of items(secretObjects)) {
    for (const data of items(field(secretObject, 'data'))) {
      const name = textOf(text, field(data, 'objectName'));
      if (!name || name.dynamic || files.has(name.value)) continue;
      const suggestions = closestMatches(name.value, [...files]);
      problems.push({
        span: name.span,
        severity: 'warning',
        code: 'csi-secret-object-file',
        message: `No object of this class is mounted as ${quote(name.value)}.${didYouMean(suggestions)} The Kubernetes secret is not synced: "file matching objectName ${name.value} not found in the pod".`,
        fixes: changeToFixes(name.span, suggestions),
      });
    }
  }
}
