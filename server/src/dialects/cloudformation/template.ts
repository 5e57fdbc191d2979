/** What a CloudFormation template declares, read from the YAML paths: its kind, its resources' types, its secrets. */
import { scalarText } from '../../core/yamlContext';
import type { DialectDocument } from '../dialect';

export interface Template {
  /** Resource types by logical id. */
  types: Map<string, string>;
  /** Logical ids of the template's `AWS::SecretsManager::Secret` resources. */
  secrets: Set<string>;
  /** The literal `Name`s of those secrets. */
  secretNames: Set<string>;
}

export const SECRET_TYPE = 'AWS::SecretsManager::Secret';
/** A JSON template's root keys; JSON is read as flow YAML, whose keys have no paths. */
const JSON_TEMPLATE = /"AWSTemplateFormatVersion"\s*:|"Type"\s*:\s*"(?:AWS|Custom)::/;

export function readTemplate({ text, yaml }: DialectDocument): Template {
  const template: Template = { types: new Map(), secrets: new Set(), secretNames: new Set() };
  const names = new Map<string, string>();
  for (const value of yaml.values) {
    const { path } = value;
    if (path[0] !== 'Resources' || path.length !== 3 && path.length !== 4) continue;
    if (path.length === 3 && path[2] === 'Type') template.types.set(path[1], scalarText(text, value));
    if (path.length === 4 && path[2] === 'Properties' && path[3] === 'Name' && !value.tag) names.set(path[1], scalarText(text, value));
  }
  for (const [id, type] of template.types) {
    if (type !== SECRET_TYPE) continue;
    template.secrets.add(id);
    const name = names.get(id);
    if (name !== undefined) template.secretNames.add(name);
  }
  return template;
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
