/**
 * Every valid example of the dialect notes (CloudFormation, ECS, External Secrets, the CSI driver,
 * GitHub Actions), in a document of its kind, gets no error or warning from any dialect; every
 * invalid example of CloudFormation and ECS gets its problem, on the part at fault.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/dialects/analyze';
import { externalSecret, providerClass, workflow } from '../support/manifests';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:appauthexample-AbCdEf';

/** A CloudFormation template with one property value. */
const template = (value: string, more = '') =>
  [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Parameters:',
    '  Secret:',
    '    Type: String',
    "    Default: '{{resolve:secretsmanager:/applications/testing/secret/internal}}'",
    'Resources:',
    '  DatabaseSecret:',
    '    Type: AWS::SecretsManager::Secret',
    '  DB:',
    '    Type: AWS::RDS::DBInstance',
    '    Properties:',
    `      MasterUserPassword: ${value}`,
    more,
  ].join('\n');

/** An ECS task definition in a template, with one secret's ValueFrom. */
const taskDefinition = (valueFrom: string) =>
  [
    'Resources:',
    '  DbSecret:',
    '    Type: AWS::SecretsManager::Secret',
    '  Task:',
    '    Type: AWS::ECS::TaskDefinition',
    '    Properties:',
    '      ContainerDefinitions:',
    '        - Name: app',
    '          Secrets:',
    '            - Name: DB',
    `              ValueFrom: ${valueFrom}`,
  ].join('\n');

/** An ExternalSecret with a target, then `data` or `dataFrom` lines as written at the level of `spec`'s keys. */
const externalSecretWith = (data: string) => `${externalSecret(['target:', '  name: app'])}\n${data}`;

const EXAMPLES: [string, string, string][] = [
  ['2.1 V1', 'template.yaml', template("'{{resolve:secretsmanager:MySecret}}'")],
  ['2.1 V2', 'template.yaml', template("'{{resolve:secretsmanager:MySecret::::}}'")],
  ['2.1 V3', 'template.yaml', template("'{{resolve:secretsmanager:MyRDSSecret:SecretString:username}}'")],
  ['2.1 V4', 'template.yaml', template("'{{resolve:secretsmanager:MySecret:SecretString:password:AWSPREVIOUS}}'")],
  [
    '2.1 V5',
    'template.yaml',
    template("'{{resolve:secretsmanager:arn:aws:secretsmanager:us-west-2:123456789012:secret:MySecret-a1b2c3}}'"),
  ],
  [
    '2.1 V6',
    'template.yaml',
    template("'{{resolve:secretsmanager:arn:aws:secretsmanager:us-west-2:123456789012:secret:MySecret-a1b2c3:SecretString:password}}'"),
  ],
  ['2.1 V7', 'template.yaml', template("'{{resolve:secretsmanager:MySecret::password}}'")],
  ['2.1 V8', 'template.yaml', template("'{{resolve:secretsmanager:prod/child/db:SecretString:password::}}'")],
  ['2.1 V9', 'template.yaml', template("'{{resolve:secretsmanager:MySecret:SecretString::AWSPREVIOUS}}'")],
  ['2.1 V10', 'template.yaml', template("!Sub '{{resolve:secretsmanager:${DatabaseSecret}::password}}'")],
  ['2.1 V11', 'template.yaml', template("'t-{{resolve:secretsmanager:sec1}}-{{resolve:secretsmanager:sec2}}'")],
  ['2.1 V12', 'template.yaml', template("'{{resolve:secretsmanager:MySecret}}'")],
  ['2.1 V13', 'template.yaml', template("!Sub '{{resolve:secretsmanager:${AWS::StackName}-db:SecretString:password}}'")],
  ['2.2 V1', 'template.yaml', taskDefinition(ARN)],
  ['2.2 V2', 'template.yaml', taskDefinition(`${ARN}:username1::`)],
  ['2.2 V3', 'template.yaml', taskDefinition(`${ARN}::AWSPREVIOUS:`)],
  ['2.2 V4', 'template.yaml', taskDefinition(`${ARN}:::9d4cb84b-ad69-40c0-a0ab-cead3EXAMPLE`)],
  ['2.2 V5', 'template.yaml', taskDefinition(`${ARN}:username1:AWSPREVIOUS:`)],
  ['2.2 V6', 'template.yaml', taskDefinition(`${ARN}:username1::9d4cb84b-ad69-40c0-a0ab-cead3EXAMPLE`)],
  ['2.2 V7', 'template.yaml', taskDefinition('arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db')],
  ['2.2 V8', 'template.yaml', taskDefinition('!Ref DbSecret')],
  [
    '2.2 V9',
    'template.yaml',
    taskDefinition("!Sub 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:mysql:password::'"),
  ],
  ['2.2 V10', 'template.yaml', taskDefinition('arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:db-AbCdEf')],
  [
    '2.2 V11',
    'template.yaml',
    taskDefinition(ARN).replace(
      '          Secrets:',
      '          LogConfiguration:\n            LogDriver: splunk\n            SecretOptions:\n              - Name: splunk-token\n                ValueFrom: arn:aws:secretsmanager:us-east-1:123456789012:secret:secret_name-AbCdEf\n          Secrets:',
    ),
  ],
  [
    '2.2 V12',
    'apprunner.yaml',
    'version: 1.0\nruntime: python3\nrun:\n  secrets:\n    - name: DB_USER\n      value-from: "arn:aws:secretsmanager:us-east-1:123456789012:secret:testingstackAppRunnerConstr-kJFXde2ULKbT-S7t8xR:username::"\n',
  ],
  [
    '2.3 V1',
    'external-secret.yaml',
    externalSecretWith('  data:\n    - secretKey: first\n      remoteRef:\n        key: friendslist\n        property: name.first'),
  ],
  [
    '2.3 V2',
    'external-secret.yaml',
    externalSecretWith('  data:\n    - secretKey: friend\n      remoteRef:\n        key: friendslist\n        property: friends.1.first'),
  ],
  [
    '2.3 V3',
    'external-secret.yaml',
    externalSecretWith('  data:\n    - secretKey: key\n      remoteRef:\n        key: production/api-key\n        version: AWSPREVIOUS'),
  ],
  [
    '2.3 V4',
    'external-secret.yaml',
    externalSecretWith(
      '  data:\n    - secretKey: key\n      remoteRef:\n        key: production/api-key\n        version: uuid/123e4567-e89b-12d3-a456-426614174000',
    ),
  ],
  [
    '2.3 V5',
    'external-secret.yaml',
    externalSecretWith(
      '  data:\n    - secretKey: tags\n      remoteRef:\n        metadataPolicy: Fetch\n        key: database-credentials',
    ),
  ],
  [
    '2.3 V6',
    'external-secret.yaml',
    externalSecretWith(
      '  data:\n    - secretKey: dev\n      remoteRef:\n        metadataPolicy: Fetch\n        key: database-credentials\n        property: dev',
    ),
  ],
  ['2.3 V7', 'external-secret.yaml', externalSecretWith('  dataFrom:\n    - extract:\n        key: database-credentials')],
  [
    '2.3 V8',
    'external-secret.yaml',
    externalSecretWith('  dataFrom:\n    - find:\n        path: dev/\n        name:\n          regexp: "^dev/app-"'),
  ],
  ['2.3 V9', 'external-secret.yaml', externalSecretWith('  dataFrom:\n    - find:\n        tags:\n          team: payments')],
  [
    '2.3 V10',
    'external-secret.yaml',
    externalSecretWith(
      '  data:\n    - secretKey: db\n      remoteRef:\n        key: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:db-AbCdEf"',
    ),
  ],
  [
    '2.3 V11',
    'store.yaml',
    'apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata:\n  name: aws-sm\nspec:\n  provider:\n    aws:\n      service: SecretsManager\n      region: us-east-1\n      prefix: prod/\n---\n' +
      externalSecretWith('  data:\n    - secretKey: db\n      remoteRef:\n        key: db-password'),
  ],
  [
    '2.3 V12',
    'external-secret.yaml',
    externalSecretWith('  data:\n    - secretKey: foo\n      remoteRef:\n        key: config\n        property: "foo.bar"'),
  ],
  ['2.4 V1', 'spc.yaml', providerClass(['- objectName: "MySecret"', '  objectType: "secretsmanager"'])],
  [
    '2.4 V2',
    'spc.yaml',
    providerClass(['- objectName: "arn:aws:secretsmanager:us-east-1:123456789012:secret:PrimarySecret-12345"'], ['region: us-east-1']),
  ],
  [
    '2.4 V3',
    'spc.yaml',
    providerClass([
      '- objectName: "MySecret"',
      '  objectType: "secretsmanager"',
      '  jmesPath:',
      '    - path: username',
      '      objectAlias: MySecretUsername',
      '    - path: password',
      '      objectAlias: MySecretPassword',
    ]),
  ],
  [
    '2.4 V4',
    'spc.yaml',
    providerClass([
      '- objectName: "MySecret"',
      '  objectType: "secretsmanager"',
      '  jmesPath:',
      `    - path: '"hyphenated-path"'`,
      `      objectAlias: '"hyphenated-alias"'`,
    ]),
  ],
  [
    '2.4 V5',
    'spc.yaml',
    providerClass([
      '- objectName: "MySecret"',
      '  objectType: "secretsmanager"',
      '- objectName: "MySecret"',
      '  objectType: "secretsmanager"',
      '  objectVersionLabel: AWSPREVIOUS',
      '  objectAlias: db-previous',
    ]),
  ],
  ['2.4 V6', 'spc.yaml', providerClass(['- objectName: "MySecret"', '  objectType: "secretsmanager"', '  filePermission: "0600"'])],
  [
    '2.4 V7',
    'spc.yaml',
    providerClass(
      [
        '- objectName: "arn:aws:secretsmanager:us-east-1:123456789012:secret:PrimarySecret-12345"',
        '  objectAlias: db',
        '  failoverObject:',
        '    objectName: "arn:aws:secretsmanager:us-east-2:123456789012:secret:FailoverSecret-12345"',
      ],
      ['region: us-east-1', 'failoverRegion: us-east-2'],
    ),
  ],
  ['2.4 V8', 'spc.yaml', providerClass(['- objectName: "MySecret"', '  objectType: "secretsmanager"'], ['pathTranslation: "False"'])],
  ['2.4 V9', 'spc.yaml', providerClass(['- objectName: "my/path/secret"', '  objectType: "secretsmanager"'])],
  ['2.4 V10', 'spc.yaml', providerClass(['- objectName: "MySecret"', '  objectType: "secretsmanager"'], ['usePodIdentity: "true"'])],
  [
    '2.5 valid ids',
    '.github/workflows/deploy.yml',
    workflow([
      'exampleSecretName',
      'arn:aws:secretsmanager:us-east-2:123456789012:secret:test1-a1b2c3',
      '0/test/secret',
      '/prod/example/secret',
      'SECRET_ALIAS_1,test/secret',
      ',secret2',
      'beta*',
    ]),
  ],
];

describe('valid examples of every dialect', () => {
  for (const [name, path, text] of EXAMPLES) {
    test(name, () => {
      const loud = analyze(path, text).problems.filter((problem) => problem.severity === 'error' || problem.severity === 'warning');
      assert.deepEqual(
        loud.map((problem) => `${problem.code} at '${text.slice(problem.span.start, problem.span.end)}': ${problem.message}`),
        [],
      );
    });
  }
});

/** The CloudFormation user guide's limit: 61 references in one value. */
const SIXTY_ONE = Array.from({ length: 61 }, (_, index) => `{{resolve:secretsmanager:s${index}}}`).join('');

/** Invalid example, document, and the code expected on the quoted part of the document. */
const INVALID_EXAMPLES: [string, string, string, string, string][] = [
  ['2.1 I1', 'template.yaml', template("'{{resolve:secretsmanager:MySecret:password}}'"), 'cfn-secret-string', 'password'],
  ['2.1 I2', 'template.yaml', template("'{{resolve:secretsmanager:MySecret:SecretBinary}}'"), 'cfn-secret-string', 'SecretBinary'],
  ['2.1 I3', 'template.yaml', template("'{{ resolve:secretsmanager:MySecret }}'"), 'cfn-spaces', '{{ resolve:secretsmanager:MySecret }}'],
  ['2.1 I4', 'template.yaml', template("'{{resolve:secretmanager:MySecret}}'"), 'cfn-service', 'secretmanager'],
  [
    '2.1 I5',
    'template.yaml',
    template("'{{resolve:secretsmanager:MySecret:SecretString:password:AWSCURRENT:abc:extra}}'"),
    'cfn-too-many-fields',
    ':extra',
  ],
  [
    '2.1 I6',
    'template.yaml',
    template("'{{resolve:secretsmanager:MySecret:SecretString:password:AWSPREVIOUS:9d4cb84b-ad69-40c0-a0ab-cead3EXAMPLE}}'"),
    'cfn-stage-and-id',
    'AWSPREVIOUS:9d4cb84b-ad69-40c0-a0ab-cead3EXAMPLE',
  ],
  [
    '2.1 I7',
    'template.yaml',
    template('x', "Outputs:\n  X:\n    Value: '{{resolve:secretsmanager:MySecret}}'"),
    'cfn-not-resolved-here',
    '{{resolve:secretsmanager:MySecret}}',
  ],
  [
    '2.1 I8',
    'template.yaml',
    template(
      'x',
      "Metadata:\n  AWS::CloudFormation::Init:\n    config:\n      commands:\n        seed:\n          command: '{{resolve:secretsmanager:MySecret}}'",
    ),
    'cfn-not-resolved-here',
    '{{resolve:secretsmanager:MySecret}}',
  ],
  [
    '2.1 I9',
    'template.yaml',
    template('x', "  Seeder:\n    Type: Custom::Seeder\n    Properties:\n      Password: '{{resolve:secretsmanager:MySecret}}'"),
    'cfn-not-resolved-here',
    '{{resolve:secretsmanager:MySecret}}',
  ],
  ['2.1 I10', 'template.yaml', template("'{{resolve:secretsmanager:}}'"), 'cfn-empty-id', '{{resolve:secretsmanager:}}'],
  ['2.1 I11', 'template.yaml', template("'{{resolve:secretsmanager:My Secret}}'"), 'secret-name', ' '],
  ['2.1 I12', 'template.yaml', template("'{{resolve:secretsmanager:MySecret:SecretString:pass:word}}'"), 'cfn-version-stage', 'word'],
  [
    '2.1 I13',
    'template.yaml',
    template("'{{resolve:secretsmanager:MySecret:SecretString:password}'"),
    'cfn-unclosed',
    '{{resolve:secretsmanager:MySecret:SecretString:password}',
  ],
  [
    '2.1 I14',
    'template.yaml',
    taskDefinition("'{{resolve:secretsmanager:MySecret:SecretString:password}}'"),
    'ecs-dynamic-reference',
    '{{resolve:secretsmanager:MySecret:SecretString:password}}',
  ],
  ['2.1 I15', 'template.yaml', template(`'${SIXTY_ONE}'`), 'cfn-too-many-references', '{{resolve:secretsmanager:s60}}'],
  [
    '2.1 I16',
    'template.yaml',
    template("'{{resolve:secretsmanager:MySecret\\}}'"),
    'cfn-trailing-backslash',
    '{{resolve:secretsmanager:MySecret\\}}',
  ],
  ['2.2 I1', 'template.yaml', taskDefinition(`${ARN}:username1`), 'arn-selector', ':username1'],
  // Quoted: a plain YAML scalar cannot end in ':'.
  ['2.2 I2', 'template.yaml', taskDefinition(`'${ARN}:username1:'`), 'arn-selector', ':username1:'],
  [
    '2.2 I3',
    'template.yaml',
    taskDefinition(`${ARN}::9d4cb84b-ad69-40c0-a0ab-cead36b967e8`),
    'arn-selector',
    '::9d4cb84b-ad69-40c0-a0ab-cead36b967e8',
  ],
  [
    '2.2 I4',
    'template.yaml',
    taskDefinition('arn:aws:secretsmanager:us-east-1:123456789012:secret:name:key:stage:id:extra'),
    'arn-selector',
    ':key:stage:id:extra',
  ],
  ['2.2 I5', 'template.yaml', taskDefinition('appauthexample'), 'ecs-ssm-parameter', 'appauthexample'],
  [
    '2.2 I6',
    'template.yaml',
    taskDefinition("'{{resolve:secretsmanager:MySecret:SecretString:password}}'"),
    'ecs-dynamic-reference',
    '{{resolve:secretsmanager:MySecret:SecretString:password}}',
  ],
  [
    '2.2 I7',
    'template.yaml',
    taskDefinition(`${ARN}:username1:AWSPREVIOUS:9d4cb84b-ad69-40c0-a0ab-cead3EXAMPLE`),
    'arn-selector-stage-and-id',
    'AWSPREVIOUS:9d4cb84b-ad69-40c0-a0ab-cead3EXAMPLE',
  ],
  ['2.2 I8', 'template.yaml', taskDefinition(`${ARN}:::v1`), 'arn-version-id', 'v1'],
  [
    '2.2 I9',
    'ecs-params.yml',
    'version: 1\ntask_definition:\n  services:\n    web:\n      secrets:\n        - value_from: arn:aws:secretsmanager:1234567890:secret:test-RT4iv\n          name: DB\n',
    'arn-region',
    '1234567890',
  ],
  ['2.2 I10', 'template.yaml', taskDefinition('arn:aws:secretsmanager:us-east-1:123:secret:db-pass'), 'arn-account', '123'],
  [
    '2.2 I11',
    'apprunner.yaml',
    'version: 1.0\nruntime: python3\nrun:\n  env:\n    - name: DB\n      value-from: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"\n',
    'ecs-value-from-in-env',
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf',
  ],
  // 2.2 I12 is a Copilot manifest, a dialect not read (Copilot's support ends in 2026).
];

describe('invalid examples of CloudFormation and ECS', () => {
  for (const [name, path, text, code, part] of INVALID_EXAMPLES) {
    test(name, () => {
      const found = analyze(path, text).problems.map((problem) => [problem.code, text.slice(problem.span.start, problem.span.end)]);
      assert.ok(
        found.some(([foundCode, foundPart]) => foundCode === code && foundPart === part),
        `expected ${code} on '${part}', found ${JSON.stringify(found)}`,
      );
    });
  }
});
