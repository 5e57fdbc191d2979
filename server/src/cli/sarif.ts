/** SARIF 2.1.0 output, the format code scanning services read to show results inline. */
import { DIALECTS } from '../dialects/registry';
import { LocatedProblem } from './report';

export const INFORMATION_URI = 'https://www.npmjs.com/package/aws-secret-refs';

/** One line per problem code, shown by code scanning services as the rule's title. */
const RULE_DESCRIPTIONS: Record<string, string> = {
  'arn-prefix': 'An ARN starts with arn:',
  'arn-partition': 'The ARN names an AWS partition',
  'arn-service': 'A secret ARN names the secretsmanager service',
  'arn-region': 'The ARN names a region of its partition',
  'arn-account': 'The ARN names a 12-digit account ID',
  'arn-resource-type': 'A secret ARN has the resource type secret',
  'arn-secret-name': 'The secret name in the ARN is valid',
  'arn-truncated': 'The ARN is complete',
  'arn-selector': 'An ECS-style selector after a secret ARN has all three fields',
  'arn-selector-stage-and-id': 'An ECS-style selector names a version stage or a version id, not both',
  'arn-version-id': 'A version id has 32 to 64 characters',
  'secret-name': 'The secret name is valid',
  'secret-name-suffix': 'A secret name does not end like an ARN suffix',
  'secret-id-length': 'The secret id is not too long',
  'hardcoded-credential': 'A credential is referenced, not written in plain text',
  'secret-not-found': 'The secret exists in the account',
  'secret-marked-for-deletion': 'The secret is not scheduled for deletion',
  'prefix-match-count': 'A prefix search finds as many secrets as its reader accepts',
  'arn-other-account': 'The ARN names another account, so it is not checked',
  'file-unreadable': 'The file can be read',
  'file-binary': 'The file is text, not binary',
  'arn-other-region': 'The ARN names another region, so it is not checked',
  'secret-other-region': 'The file names another region for the secret, so it is not checked',
  'json-path-missing': 'The JSON key is in the secret',
  'json-path-not-json': 'The secret read by key is JSON',
  'tag-missing': 'The tag read from the secret is on it',
  'jmes-path-nothing': 'The JMESPath finds something in the secret',
  'jmes-path-not-string': 'The JMESPath finds a string in the secret',
  'version-stage-missing': 'The version stage is attached to a version of the secret',
  'version-id-missing': 'The version id is a version of the secret',
  'secret-binary': 'A secret read as a string holds a string, not a binary value',
  'not-checkable': 'The credentials may read what a check needs',
  'yaml-too-deep': 'The YAML can be read',
  'too-many-problems': 'The file has fewer problems than are shown',
  ...Object.assign({}, ...DIALECTS.map((dialect) => dialect.codes)),
};

const LEVELS = { error: 'error', warning: 'warning', info: 'note' } as const;

export function formatSarif(problems: LocatedProblem[], version: string): string {
  const ruleIds = [...new Set(problems.map((problem) => problem.code))];
  const rules = ruleIds.map((id) => ({ id, shortDescription: { text: RULE_DESCRIPTIONS[id] ?? id } }));
  const results = problems.map((problem) => ({
    ruleId: problem.code,
    ruleIndex: ruleIds.indexOf(problem.code),
    level: LEVELS[problem.severity],
    message: { text: problem.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(problem.file) },
          region: { startLine: problem.line, startColumn: problem.column, endLine: problem.endLine, endColumn: problem.endColumn },
        },
      },
    ],
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'aws-secret-refs', version, informationUri: INFORMATION_URI, rules } }, results }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** A relative path as a relative URI reference, which code scanning resolves against the repository root. */
function toUri(relativePath: string): string {
  return relativePath.split(/[\\/]/).map(encodeURIComponent).join('/');
}
