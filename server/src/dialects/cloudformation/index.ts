/** CloudFormation and SAM templates (and Serverless Framework services): `{{resolve:secretsmanager:…}}` dynamic references. */
import { splitSecretIdAndFields } from '../../core/arn';
import { cloudFormationWording } from './wording';
import type { CursorContext, Dialect, Quote } from '../dialect';
import { PREFIX, scanCloudFormation, templateFactsAfterEdit } from './scan';
import { isTemplateOrService } from './template';
import { knownSamconfigs, learnSamconfig, restoreSamconfigs, SAMCONFIG, samconfigFor } from './samconfig';

export const cloudFormation: Dialect = {
  id: 'cloudformation',
  label: 'CloudFormation',
  // Names that templates usually have; any other YAML file is read when its content is a template.
  filePatterns: [
    '**/*.template',
    '**/*.template.{yaml,yml,json}',
    '**/template.{yaml,yml}',
    '**/*.{cfn,cloudformation}.{yaml,yml}',
    '**/{cloudformation,cfn}/**/*.{yaml,yml}',
    '**/serverless.{yml,yaml}',
  ],
  candidateFiles: ['**/*.{yaml,yml}'],
  filesRule:
    '*.template, *.template.yaml, *.template.json, template.yaml, *.cfn.yaml, *.cloudformation.yaml, YAML files in a ' +
    'folder named cloudformation or cfn, serverless.yml, and any other *.yaml or *.yml file, when their content is a template (AWSTemplateFormatVersion, ' +
    'an AWS::Serverless transform, or resources with an AWS:: type), a Serverless service, or hold a ' +
    '{{resolve:secretsmanager:…}} reference. In the editor, any such YAML file is read.',
  // A dynamic reference alone is enough: Serverless services, CDK output and a line being typed hold them too.
  claims: (document) => document.text.includes(PREFIX) || isTemplateOrService(document),
  scan: scanCloudFormation,
  // A resource is read alone; what it reads of the others (their types and secrets, the quota's count) is kept as facts.
  readsBlocksAlone: true,
  blockSections: ['Resources'],
  factsAfterEdit: templateFactsAfterEdit,
  // The region a template deploys to, from the samconfig.toml in its folder.
  workspaceFacts: {
    files: [`**/${SAMCONFIG}`],
    learn: learnSamconfig,
    known: knownSamconfigs,
    restore: restoreSamconfigs,
    besides: (file) => [samconfigFor(file)],
  },
  wording: cloudFormationWording,

  codes: {
    'cfn-empty-id': 'A dynamic reference names a secret',
    'cfn-secret-string': "The field after the secret id is 'SecretString' or empty",
    'cfn-too-many-fields': 'A dynamic reference has at most the secret id, SecretString, a JSON key, a version stage and a version ID',
    'cfn-stage-and-id': 'A dynamic reference names a version stage or a version ID, not both',
    'cfn-version-stage': 'A version stage that is not an AWS stage may be the end of a JSON key with a colon',
    'cfn-trailing-backslash': "A dynamic reference does not end with '\\'",
    'cfn-unclosed': "A dynamic reference is closed with '}}'",
    'cfn-spaces': 'A dynamic reference has no spaces inside its braces',
    'cfn-service': "A dynamic reference to a secret names the service 'secretsmanager'",
    'cfn-not-resolved-here': 'A dynamic reference is in resource properties or parameter defaults, where CloudFormation resolves it',
    'cfn-too-many-references': 'A template holds at most 60 dynamic references',
  },
  cursorContext: dynamicReferenceBeingTyped,
  referenceText,
  keyReferenceText,
  credentialHints: { severity: 'information', howToReference: 'reference it with {{resolve:secretsmanager:…}}' },
};

/** The secret id or the JSON key being typed in a dynamic reference. Looks at the cursor's line only. */
function dynamicReferenceBeingTyped(text: string, offset: number): CursorContext | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const open = before.lastIndexOf(PREFIX);
  if (open < 0) return undefined;
  const body = before.slice(open + PREFIX.length);
  if (body.includes('}}')) return undefined;
  const lineEnd = text.indexOf('\n', offset);
  const after = text.slice(offset, lineEnd < 0 ? text.length : lineEnd);
  const rest = /^[^:}\s'"]*/.exec(after)![0];
  const closing = /^(?::|}})/.test(after.slice(rest.length)) ? '' : '}}';
  const replace = (typed: string) => ({ start: offset - typed.length, end: offset + rest.length });
  const { id, fields } = splitSecretIdAndFields(body);
  if (fields.length === 0) return { kind: 'secretId', typed: body, replace: replace(body), closing };
  const field = (index: number) => body.slice(fields[index].start, fields[index].end);
  if (fields.length === 2 && (field(0) === 'SecretString' || field(0) === '')) {
    const typed = field(1);
    return { kind: 'jsonKey', secretId: body.slice(id.start, id.end), typed, replace: replace(typed), closing };
  }
  return undefined;
}

/** `'{{resolve:secretsmanager:id}}'`, quoted as a whole value, since a plain value starting with `{` is a YAML map. */
export function referenceText(secretId: string, enclosing: Quote | undefined): string {
  const reference = `${PREFIX}${secretId}}}`;
  return enclosing ? reference : `'${reference}'`;
}

/** `'{{resolve:secretsmanager:id:SecretString:key}}'`; none for a key CloudFormation cannot name (empty, or holding `:` or `}}`). */
export function keyReferenceText(secretId: string, jsonKey: string, enclosing: Quote | undefined): string | undefined {
  if (jsonKey === '' || /:|}}|\s/.test(jsonKey)) return undefined;
  return referenceText(`${secretId}:SecretString:${jsonKey}`, enclosing);
}
