/** Mage: `{{ aws_secret_var('name') }}` templates in io_config.yaml and pipeline YAML, rendered before the YAML is read. */
import type { Dialect, Quote } from '../dialect';
import { mageCursorContext } from './cursor';
import { scanMage } from './scan';

/** A template that calls one of Mage's own functions: enough to tell a Mage file from a Helm chart or a playbook. */
const CALLS_MAGE_FUNCTION = /\{[{%][^}]*\b(?:[a-z]+_secret_var|env_var|json_value)\s*\(/;

export const mage: Dialect = {
  id: 'mage',
  label: 'Mage',
  // Mage's own file discovery: its config files anywhere, and the YAML of pipelines, blocks and data integrations.
  filePatterns: [
    '**/{io_config,profiles}.{yaml,yml}',
    '**/metadata.yaml',
    // triggers.yaml is read without rendering.
    '**/{pipelines,data_loaders,data_exporters}/**/!(triggers).{yaml,yml}',
    '**/data_integration*/**/!(triggers).{yaml,yml}',
  ],
  filesRule:
    'io_config.yaml, io_config.yml, metadata.yaml, profiles.yml and profiles.yaml in any folder; any other *.yaml or *.yml ' +
    'file with a folder on its path named pipelines, data_loaders or data_exporters, or whose name starts with ' +
    'data_integration; except triggers.yaml, which Mage does not render. Other YAML files that call Mage functions ' +
    '(aws_secret_var, env_var, json_value…) in templates are read in the editor too.',
  claims: ({ text }, pathMatched) => pathMatched || CALLS_MAGE_FUNCTION.test(text),
  scan: (document) => scanMage(document),
  wording: {
    reader: 'Mage',
    regionRule: 'Mage reads secrets in its own region: AWS_REGION_NAME, then AWS_DEFAULT_REGION, else us-west-2',
    missingJsonKey: 'json_value renders None',
  },
  cursorContext: mageCursorContext,
  referenceText,
  // An information diagnostic shows in the Problems panel, with its fix, where a new Mage project's literals are.
  credentialHints: { severity: 'information', howToReference: 'reference it with aws_secret_var' },
  referenceSnippet: {
    label: 'aws_secret_var reference',
    detail: `"{{ aws_secret_var('…') }}"`,
    documentation: 'A reference to an AWS Secrets Manager secret, read when Mage renders this file.',
    filterText: 'aws_secret_var',
    snippet: `"{{ aws_secret_var('$1') }}"$0`,
  },
};

/**
 * `"{{ aws_secret_var('id') }}"` as a whole value; inside a quoted scalar only the template, with
 * the other kind of quote around the id.
 */
export function referenceText(secretId: string, enclosing: Quote | undefined): string {
  if (enclosing === "'") return `{{ aws_secret_var("${secretId}") }}`;
  const template = `{{ aws_secret_var('${secretId}') }}`;
  return enclosing === '"' ? template : `"${template}"`;
}
