/** Mage: `{{ aws_secret_var('name') }}` templates in io_config.yaml and pipeline YAML, rendered before the YAML is read. */
import type { Dialect, Quote } from '../dialect';
import { mageCursorContext } from './cursor';
import { scanMage } from './scan';

/** A template that calls one of Mage's own functions: enough to tell a Mage file from a Helm chart or a playbook. */
const CALLS_MAGE_FUNCTION = /\{[{%][^}]*\b(?:[a-z]+_secret_var|env_var|json_value)\s*\(/;
/** A template that opens with a near miss of one (`{{ aws_secrets_var(`), as it is being typed or misspelled. */
const OPENS_WITH_NEAR_MISS = /\{[{%]-?\s*(?:[a-z]+_secrets_vars?|[a-z]+_secret_vars|env_vars|json_values)\s*\(/;

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
  claims: ({ text }, pathMatched) => pathMatched || CALLS_MAGE_FUNCTION.test(text) || OPENS_WITH_NEAR_MISS.test(text),
  scan: (document) => scanMage(document),
  readsBlocksAlone: true,
  wording: {
    reader: 'Mage',
    regionRule: 'Mage reads secrets in its own region: AWS_REGION_NAME, then AWS_DEFAULT_REGION, else us-west-2',
    keyReader: 'json_value',
    missingJsonKey: 'json_value renders None',
    missingJsonKeyShort: 'Mage renders None',
    notJson: 'json_value returns its whole value unchanged',
    notJsonShort: 'Mage returns the value unchanged',
    binary: 'Mage renders a binary secret as None',
    dynamicId: 'The secret id is built when Mage renders this file',
  },
  codes: {
    'call-no-argument': 'aws_secret_var is given a secret id',
    'call-empty-id': 'The secret id is not empty',
    'call-bare-identifier': 'The secret id is a quoted string, not an undefined variable',
    'call-dynamic-id': 'The secret id is built at render time and cannot be checked',
    'call-too-many-arguments': 'aws_secret_var takes at most two arguments',
    'call-unknown-argument': "aws_secret_var's keyword arguments are secret_id and cached",
    'call-unknown-function': 'The template calls a function Mage knows',
    'template-unclosed': 'The template is closed',
    'template-unclosed-quote': 'Strings in the template are closed',
    'template-unbalanced-brackets': "The template's brackets are balanced",
    'yaml-unquoted-template': 'A value starting with a template is quoted',
    'reference-in-comment': 'A reference in a YAML comment is still read',
  },
  cursorContext: mageCursorContext,
  referenceText,
  keyReferenceText,
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
  return template((quote) => `aws_secret_var(${quote}${secretId}${quote})`, enclosing);
}

/** Keys json_value reads as one key: its paths split at dots and brackets. */
const SINGLE_KEY = /^[\w-]+$/;

/** `"{{ json_value(aws_secret_var('id'), 'key') }}"`, quoted as `referenceText` does. */
export function keyReferenceText(secretId: string, jsonKey: string, enclosing: Quote | undefined): string | undefined {
  if (!SINGLE_KEY.test(jsonKey)) return undefined;
  return template((quote) => `json_value(aws_secret_var(${quote}${secretId}${quote}), ${quote}${jsonKey}${quote})`, enclosing);
}

/** A template around an expression whose strings take `quote`, the quote the YAML around it does not use. */
function template(expression: (quote: Quote) => string, enclosing: Quote | undefined): string {
  if (enclosing === "'") return `{{ ${expression('"')} }}`;
  const text = `{{ ${expression("'")} }}`;
  return enclosing === '"' ? text : `"${text}"`;
}
