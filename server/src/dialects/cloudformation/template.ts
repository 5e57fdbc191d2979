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
/** A JSON template's root keys. */
const JSON_TEMPLATE = /"AWSTemplateFormatVersion"\s*:|"Type"\s*:\s*"(?:AWS|Custom)::/;

export function readTemplate({ text, yaml }: DialectDocument): Template {
  const template: Template = { types: new Map(), secrets: new Set(), secretsByName: new Map(), generatedKeys: new Map() };
  const names = new Map<string, string>();
  const generated = new Map<string, { template?: string[]; key?: string }>();
  for (const value of yaml.values) {
    const { path } = value;
    if (path[0] !== 'Resources' || !declares(value)) continue;
    const [, id, part, property, field] = path;
    if (part === 'Type') template.types.set(id, scalarText(text, value));
    else if (property === 'Name' && !value.tag) names.set(id, scalarText(text, value));
    else if (property === 'GenerateSecretString') {
      const entry = generated.get(id) ?? {};
      generated.set(id, entry);
      if (field === 'GenerateStringKey' && !value.tag) entry.key = scalarText(text, value);
      if (field === 'SecretStringTemplate') entry.template = templateKeys(text, value);
    }
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
 * Whether `readTemplate` or `declaresTemplate` reads the value: a resource's `Type`, the `Name` and the
 * `GenerateSecretString` fields of its properties, `AWSTemplateFormatVersion` and `Transform`.
 */
function declares({ path }: YamlValue): boolean {
  const [section, , part, property] = path;
  if (section === 'AWSTemplateFormatVersion' || section === 'Transform') return true;
  if (section !== 'Resources') return false;
  if (path.length === 3) return part === 'Type';
  return (
    part === 'Properties' && ((path.length === 4 && property === 'Name') || (path.length === 5 && property === 'GenerateSecretString'))
  );
}

/** What the values `readTemplate` and `declaresTemplate` read say, as a text: where an edit leaves it as it was, they tell the same. */
export function declarations({ text, yaml }: DialectDocument): string {
  const read = yaml.values
    .filter(declares)
    .map((value) => [value.path, value.style, value.tag, text.slice(value.span.start, value.span.end)]);
  return JSON.stringify(read);
}

/** A template by its YAML values. */
export function declaresTemplate(document: DialectDocument): boolean {
  const { text } = document;
  // Each test below needs one of these words in the text: without them, the YAML is not read (again after an edit).
  if (!['AWSTemplateFormatVersion', 'Transform', 'Resources'].some((word) => text.includes(word))) return false;
  return document.yaml.values.some((value) => {
    const [section] = value.path;
    if (section === 'AWSTemplateFormatVersion') return true;
    if (section === 'Transform') return scalarText(text, value).startsWith('AWS::Serverless');
    return (
      section === 'Resources' && value.path.length === 3 && value.path[2] === 'Type' && /^(?:AWS|Custom)::/.test(scalarText(text, value))
    );
  });
}

/** A JSON template, by its text (JSON is read as flow YAML, whose keys have no paths). */
export function looksLikeJsonTemplate(text: string): boolean {
  // (The literals first: the pattern is tried at every quote of a huge text.)
  return (text.includes('"AWSTemplateFormatVersion"') || text.includes('"Type"')) && JSON_TEMPLATE.test(text);
}

/**
 * A template by its root (`AWSTemplateFormatVersion`, an `AWS::Serverless` transform, or resources whose `Type` is
 * an AWS or custom resource type), or a Serverless service. Each test needs one of these words in the text: one pass
 * of them over a huge file that holds none rules all the tests out, where each test's own search is a pass of its own.
 */
const TEMPLATE_OR_SERVICE_WORDS = /AWSTemplateFormatVersion|Transform|Resources|"Type"|service/;
export function isTemplateOrService(document: DialectDocument): boolean {
  return (
    TEMPLATE_OR_SERVICE_WORDS.test(document.text) &&
    (declaresTemplate(document) || looksLikeJsonTemplate(document.text) || isServerlessService(document))
  );
}

/** A Serverless Framework service: root keys `service` and `provider`. */
function isServerlessService(document: DialectDocument): boolean {
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
