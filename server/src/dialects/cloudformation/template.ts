/** What a CloudFormation template declares, read from the YAML paths: its kind, its resources' types, its secrets. */
import type { Problem, Selector } from '../../core/model';
import { changeToFixes, closestMatches, didYouMean } from '../../core/similar';
import { scalarText, YamlValue } from '../../core/yamlContext';
import type { DialectDocument } from '../dialect';

export interface Template {
  /** Resource types by logical id. */
  types: Map<string, string>;
  /** Logical ids of the template's `AWS::SecretsManager::Secret` resources. */
  secrets: Set<string>;
  /** Those secrets' logical ids by their literal `Name`. */
  secretsByName: Map<string, string>;
  /** The JSON keys of those whose value `GenerateSecretString` makes: SecretStringTemplate's keys and GenerateStringKey. */
  generatedKeys: Map<string, string[]>;
}

export const SECRET_TYPE = 'AWS::SecretsManager::Secret';
/** A JSON template's root keys; JSON is read as flow YAML, whose keys have no paths. */
const JSON_TEMPLATE = /"AWSTemplateFormatVersion"\s*:|"Type"\s*:\s*"(?:AWS|Custom)::/;

export function readTemplate({ text, yaml }: DialectDocument): Template {
  const template: Template = { types: new Map(), secrets: new Set(), secretsByName: new Map(), generatedKeys: new Map() };
  const names = new Map<string, string>();
  const generated = new Map<string, { template?: string[]; key?: string }>();
  for (const value of yaml.values) {
    const { path } = value;
    if (path[0] !== 'Resources' || path.length < 3 || path.length > 5) continue;
    const [, id, part, property, field] = path;
    if (path.length === 3 && part === 'Type') template.types.set(id, scalarText(text, value));
    if (part !== 'Properties') continue;
    if (path.length === 4 && property === 'Name' && !value.tag) names.set(id, scalarText(text, value));
    if (path.length !== 5 || property !== 'GenerateSecretString') continue;
    const entry = generated.get(id) ?? {};
    generated.set(id, entry);
    if (field === 'GenerateStringKey' && !value.tag) entry.key = scalarText(text, value);
    if (field === 'SecretStringTemplate') entry.template = templateKeys(text, value);
  }
  for (const [id, type] of template.types) {
    if (type !== SECRET_TYPE) continue;
    template.secrets.add(id);
    const name = names.get(id);
    if (name !== undefined) template.secretsByName.set(name, id);
    const keys = generated.get(id);
    if (keys?.template && keys.key !== undefined) template.generatedKeys.set(id, [...keys.template, keys.key]);
  }
  return template;
}

/**
 * The keys of a SecretStringTemplate's JSON object; undefined when they cannot be told (a key built by
 * `!Sub`, a block scalar, not an object).
 */
function templateKeys(text: string, value: YamlValue): string[] | undefined {
  if ((value.tag && value.tag !== '!Sub') || (value.style !== 'plain' && value.style !== 'single' && value.style !== 'double'))
    return undefined;
  try {
    // A double-quoted YAML scalar's escapes are JSON's: read as a JSON string first.
    const json = value.style === 'double' ? JSON.parse(text.slice(value.span.start, value.span.end)) : scalarText(text, value);
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const keys = Object.keys(parsed);
    return keys.some((key) => key.includes('${')) ? undefined : keys;
  } catch {
    return undefined;
  }
}

/**
 * A template by its root: `AWSTemplateFormatVersion`, an `AWS::Serverless` transform, or resources
 * whose `Type` is an AWS or custom resource type.
 */
export function isTemplate(document: DialectDocument): boolean {
  const { text } = document;
  // Each test below needs one of these words in the text: without them, neither the YAML nor the whole text is read (again after an edit).
  if (!['AWSTemplateFormatVersion', 'Transform', 'Resources', '"Type"'].some((word) => text.includes(word))) return false;
  return (
    document.yaml.values.some(({ path }, index) => {
      if (path[0] === 'AWSTemplateFormatVersion') return true;
      const value = scalarText(text, document.yaml.values[index]);
      if (path[0] === 'Transform') return value.startsWith('AWS::Serverless');
      return path.length === 3 && path[0] === 'Resources' && path[2] === 'Type' && /^(?:AWS|Custom)::/.test(value);
    }) || JSON_TEMPLATE.test(text)
  );
}

/** A Serverless Framework service: root keys `service` and `provider`. */
export function isServerlessService(document: DialectDocument): boolean {
  if (!document.text.includes('service') || !document.text.includes('provider')) return false;
  const { values } = document.yaml;
  return values.some(({ path }) => path[0] === 'service') && values.some(({ path }) => path[0] === 'provider');
}

/**
 * A JSON key read from a secret the template generates that `GenerateSecretString` does not make;
 * undefined when it does, or when its keys cannot be told. `consequence`: what the reader then does.
 */
export function generatedKeyProblem(template: Template, logicalId: string, jsonKey: Selector, consequence: string): Problem | undefined {
  const keys = template.generatedKeys.get(logicalId);
  if (!keys || keys.includes(jsonKey.value) || jsonKey.value.includes('${')) return undefined;
  const suggestions = closestMatches(jsonKey.value, keys);
  return {
    span: jsonKey.span,
    severity: 'warning',
    code: 'json-path-missing',
    message: `'${jsonKey.value}' is not a key of secret ${logicalId}, which this template generates with the keys ${keys.join(', ')}: ${consequence}.${didYouMean(suggestions)}`,
    fixes: changeToFixes(jsonKey.span, suggestions),
  };
}
