/**
 * `Fn::Join` read piece by piece (notes on dialects, 2.1): with '' the pieces are concatenated, a literal piece
 * read as text, `Ref` of the template's own secret as that secret, other intrinsics as dynamic; with another
 * delimiter, only literal pieces are joined. What is reported lands on the characters of the piece that holds it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/dialects/analyze';

/** A template with a generated secret `Secret` (keys username, password), a parameter `Param`, and a property `P: <value>`. */
const template = (value: string, section = 'Resources') =>
  [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Parameters:',
    '  Param:',
    '    Type: String',
    'Resources:',
    '  Secret:',
    '    Type: AWS::SecretsManager::Secret',
    '    Properties:',
    '      GenerateSecretString:',
    `        SecretStringTemplate: '{"username": "admin"}'`,
    '        GenerateStringKey: password',
    ...(section === 'Resources'
      ? ['  DB:', '    Type: AWS::RDS::DBInstance', '    Properties:', `      P: ${value}`]
      : ['Outputs:', '  X:', `    Value: ${value}`]),
    '',
  ].join('\n');

const JSON_TEMPLATE = (join: string) =>
  `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Secret": {"Type": "AWS::SecretsManager::Secret"}, "DB": {"Type": "AWS::RDS::DBInstance", "Properties": {"P": ${join}}}}}\n`;

const loud = (text: string) =>
  analyze('template.yaml', text).problems.filter((problem) => problem.severity === 'error' || problem.severity === 'warning');

/** What is read: the text of each CloudFormation reference's id (or `created`, or `dynamic`), and of its JSON key. */
function read(text: string): string[] {
  return analyze('template.yaml', text)
    .references.filter((reference) => reference.dialect === 'cloudformation')
    .map((reference) => {
      const id = reference.idSpan
        ? text.slice(reference.idSpan.start, reference.idSpan.end)
        : reference.createdInDocument
          ? 'created'
          : 'dynamic';
      return reference.jsonPath ? `${id} ${text.slice(reference.jsonPath.span.start, reference.jsonPath.span.end)}` : id;
    });
}

/** Name, text, what is read. */
const VALID: [string, string, string[]][] = [
  [
    "!Ref of the template's secret between literal pieces",
    template("!Join ['', ['{{resolve:secretsmanager:', !Ref Secret, ':SecretString:password}}']]"),
    ['created'],
  ],
  [
    'the long form, as CDK writes it',
    template(
      "\n        Fn::Join:\n          - ''\n          - - '{{resolve:secretsmanager:'\n            - Ref: Secret\n            - ':SecretString:password::}}'",
    ),
    ['created'],
  ],
  [
    '!Join with its list on the next lines',
    template("!Join\n        - ''\n        - - '{{resolve:secretsmanager:'\n          - !Ref Param\n          - '}}'"),
    ['dynamic'],
  ],
  [
    'a JSON template',
    JSON_TEMPLATE('{"Fn::Join": ["", ["{{resolve:secretsmanager:", "prod/db", ":SecretString:username::}}"]]}'),
    ['prod/db username'],
  ],
  ['a parameter is dynamic', template("!Join ['', ['{{resolve:secretsmanager:', !Ref Param, ':SecretString:key}}']]"), ['dynamic']],
  ['another intrinsic is dynamic', template("!Join ['', ['{{resolve:secretsmanager:', !ImportValue Shared, '}}']]"), ['dynamic']],
  [
    'literal pieces are read as text, each part on its own characters',
    template("!Join ['', ['{{resolve:secretsmanager:', 'prod/db', ':SecretString:', \"password\", '}}']]"),
    ['prod/db password'],
  ],
  [
    'another delimiter joins literal pieces',
    template("!Join [':', ['{{resolve:secretsmanager:prod/db', 'SecretString', 'password}}']]"),
    ['prod/db password'],
  ],
  ['another delimiter with an intrinsic is left alone', template("!Join [':', ['{{resolve:secretsmanager:', !Ref Secret, '}}']]"), []],
  ['a reference inside one piece is read once', template("!Join ['-', ['{{resolve:secretsmanager:prod/db}}', 'x']]"), ['prod/db']],
  [
    'two references split across pieces',
    template("!Join ['', ['{{resolve:secretsmanager:', !Ref Secret, '}}-{{resolve:secretsmanager:', 'prod/db', '}}']]"),
    ['created', 'prod/db'],
  ],
  [
    'a JSON key from a parameter is not looked up',
    template("!Join ['', ['{{resolve:secretsmanager:prod/db:SecretString:', !Ref Param, '}}']]"),
    ['prod/db'],
  ],
  ['a dynamic piece after an open reference may close it', template("!Join ['', ['{{resolve:secretsmanager:', !Ref Param]]"), []],
];

/** Name, text, the code expected, the text it is expected on, and the text once its fix (if any) is applied. */
const INVALID: [string, string, string, string, string?][] = [
  [
    'the JSON key in SecretString place',
    template("!Join ['', ['{{resolve:secretsmanager:', 'prod/db', ':password}}']]"),
    'cfn-secret-string',
    'password',
    template("!Join ['', ['{{resolve:secretsmanager:', 'prod/db', ':SecretString:password}}']]"),
  ],
  [
    'a key that GenerateSecretString does not make',
    template("!Join ['', ['{{resolve:secretsmanager:', !Ref Secret, ':SecretString:passwrd}}']]"),
    'json-path-missing',
    'passwrd',
    template("!Join ['', ['{{resolve:secretsmanager:', !Ref Secret, ':SecretString:password}}']]"),
  ],
  [
    'not closed in the last piece',
    template("!Join ['', ['{{resolve:secretsmanager:', 'prod/db', ':SecretString:password}']]"),
    'cfn-unclosed',
    "{{resolve:secretsmanager:', 'prod/db', ':SecretString:password}",
    template("!Join ['', ['{{resolve:secretsmanager:', 'prod/db', ':SecretString:password}}']]"),
  ],
  ['a name with a space', template("!Join ['', ['{{resolve:secretsmanager:', 'My Secret', '}}']]"), 'secret-name', ' '],
  [
    'a field too many',
    template("!Join ['', ['{{resolve:secretsmanager:', 'db', ':SecretString:k:AWSCURRENT:id:extra}}']]"),
    'cfn-too-many-fields',
    ':extra',
  ],
  [
    'in Outputs',
    template("!Join ['', ['{{resolve:secretsmanager:', !Ref Secret, '}}']]", 'Outputs'),
    'cfn-not-resolved-here',
    "{{resolve:secretsmanager:', !Ref Secret, '}}",
  ],
];

describe('Fn::Join', () => {
  for (const [name, text, expected] of VALID) {
    test(`valid: ${name}`, () => {
      assert.deepEqual(loud(text), []);
      assert.deepEqual(read(text), expected);
    });
  }
  for (const [name, text, code, on, fixed] of INVALID) {
    test(`invalid: ${name}`, () => {
      const problem = analyze('template.yaml', text).problems.find((candidate) => candidate.code === code);
      assert.ok(problem, `${code} in ${text}`);
      assert.equal(text.slice(problem.span.start, problem.span.end), on);
      if (fixed) {
        const [edit] = problem.fixes![0].edits!;
        assert.equal(text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end), fixed);
      }
    });
  }

  test('no fix is offered where the text between pieces would be edited, nor an id read across pieces', () => {
    const text = template("!Join ['', ['{{resolve:secretsmanager:pr', 'od/db:password}}']]");
    const problem = analyze('template.yaml', text).problems.find((candidate) => candidate.code === 'cfn-secret-string');
    assert.equal(problem && text.slice(problem.span.start, problem.span.end), 'password');
    assert.deepEqual(read(text), ['dynamic']);
  });

  test("real templates' joins are read as the template's own secrets, with nothing flagged", () => {
    const folder = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'realworld', 'cloudformation');
    for (const [file, joins] of [
      ['sp-rds-proxy-join.yaml', 2],
      ['copilot-addon-aurora.yml', 2],
      ['sp-cloudfront-waf-join.yaml', 3],
    ] as const) {
      const text = fs.readFileSync(path.join(folder, file), 'utf8');
      assert.deepEqual(loud(text), [], file);
      assert.deepEqual(read(text), Array(joins).fill('created'), file);
    }
  });
});
