/**
 * A large CloudFormation template: Lambda functions and RDS instances, each of ten lines with one
 * `{{resolve:secretsmanager:…}}` dynamic reference (by name in a function, by ARN in a database).
 */

const ACCOUNT = '123456789012';
export const LINES_PER_RESOURCE = 10;
const HEADER = [
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Description: Generated services that read their passwords from Secrets Manager',
  'Resources:',
];

function resource(n: number): string[] {
  if (n % 2 === 0) {
    return [
      `  Function${n}:`,
      '    Type: AWS::Lambda::Function',
      '    Properties:',
      '      Handler: index.handler',
      '      Runtime: python3.12',
      `      Role: arn:aws:iam::${ACCOUNT}:role/service-${n}`,
      `      Code: { ZipFile: "def handler(event, context): return ${n}" }`,
      '      Environment:',
      '        Variables:',
      `          DB_PASSWORD: '{{resolve:secretsmanager:prod/service-${n}:SecretString:password}}'`,
    ];
  }
  return [
    `  Database${n}:`,
    '    Type: AWS::RDS::DBInstance',
    '    DeletionPolicy: Snapshot',
    '    UpdateReplacePolicy: Snapshot',
    '    Properties:',
    '      Engine: postgres',
    '      DBInstanceClass: db.t3.micro',
    "      AllocatedStorage: '20'",
    '      MasterUsername: app',
    `      MasterUserPassword: '{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/db-${n}-a1B2c${n % 10}:SecretString:password::}}'`,
  ];
}

/** A template with `references` resources (CloudFormation allows 500), one dynamic reference in each; ten lines each. */
export function cloudFormationTemplate(references: number): string {
  return [...HEADER, ...Array.from({ length: references }, (_, n) => resource(n)).flat()].join('\n') + '\n';
}
