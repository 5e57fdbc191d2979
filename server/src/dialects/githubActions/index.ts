/** GitHub Actions: the secret-ids of aws-actions/aws-secretsmanager-get-secrets steps in workflows and composite actions. */
import { parentKey, valueTypedAt } from '../../core/yamlNodes';
import type { CursorContext, Dialect } from '../dialect';
import { DIALECT_ID, scanGithubActions, variableNames } from './scan';

const USES_GET_SECRETS = /^\s*(?:-\s+)?uses:\s*['"]?aws-actions\/aws-secretsmanager-get-secrets@/m;
/** A workflow's or a composite action's top-level key. */
const WORKFLOW = /^(?:jobs|runs):/m;

export const githubActions: Dialect = {
  id: DIALECT_ID,
  label: 'GitHub Actions',
  filePatterns: ['**/.github/workflows/*.{yml,yaml}', '**/action.{yml,yaml}'],
  filesRule:
    'workflows (.github/workflows/*.yml and *.yaml) and actions (action.yml, action.yaml) with a step that uses ' +
    'aws-actions/aws-secretsmanager-get-secrets; in the editor, any YAML file with jobs or runs that has such a step.',
  // (The literal first: it is found in a huge text far sooner than the pattern is tried on every line.)
  claims: ({ text }, pathMatched) =>
    text.includes('aws-secretsmanager-get-secrets@') && USES_GET_SECRETS.test(text) && (pathMatched || WORKFLOW.test(text)),
  scan: scanGithubActions,
  wording: {
    reader: 'aws-secretsmanager-get-secrets',
    regionRule: 'The step reads secrets in the region that aws-actions/configure-aws-credentials set (its aws-region) before it',
    keyReader: 'parse-json-secrets',
    missingJsonKey: 'the step sets no variable for it',
    missingJsonKeyShort: 'the step sets no variable for it',
    notJson: 'the step sets one variable with the whole value',
    notJsonShort: 'the step sets one variable with the whole value',
    binary: 'the step writes a binary secret as ASCII text',
    dynamicId: 'This secret id is filled in when the workflow runs',
  },
  codes: {
    'gha-prefix': 'A prefix search is at least 3 characters and ends in one *',
    'gha-alias': 'An alias is already an environment variable name',
    'gha-duplicate-name': 'Each secret sets its own environment variable',
    'gha-name-transformation': 'name-transformation is uppercase, lowercase or none',
    'gha-boolean': 'parse-json-secrets is true or false',
  },
  variableNames,
  cursorContext: secretIdBeingTyped,
  referenceText: (secretId) => secretId,
  // No keyReferenceText: a line reads a whole secret; its JSON keys become variables only through the step-wide parse-json-secrets.
};

/** A secret id typed on a line of `secret-ids: |` (after an optional `ALIAS,`), or as its one-line value. */
function secretIdBeingTyped(text: string, offset: number): CursorContext | undefined {
  const single = valueTypedAt(text, offset, 'secret-ids', ['with']);
  if (single) return { kind: 'secretId', ...single };
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = /^(\s+)(?:[^,\s]*,\s*)?([^\s,*]*)$/.exec(text.slice(lineStart, offset));
  if (!line) return undefined;
  if (parentKey(text, lineStart, line[1].length) !== 'secret-ids') return undefined;
  const rest = /^[^\s,]*/.exec(text.slice(offset))![0];
  return { kind: 'secretId', typed: line[2], replace: { start: offset - line[2].length, end: offset + rest.length }, closing: '' };
}
