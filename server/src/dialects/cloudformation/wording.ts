/** How the CloudFormation dialect's messages name its reader and what the reader does. */
import type { DialectWording } from '../dialect';

export const cloudFormationWording: DialectWording = {
  reader: 'CloudFormation',
  regionRule: "CloudFormation resolves a secret name in the stack's region and an ARN in its own region",
  keyReader: 'the JSON key',
  missingJsonKey: "CloudFormation fails the deployment: 'Could not find a value associated with JSONKey in SecretString'",
  missingJsonKeyShort: 'CloudFormation fails the deployment',
  notJson: 'CloudFormation fails the deployment, as the value cannot be read as JSON',
  notJsonShort: 'CloudFormation fails the deployment',
  binary: 'CloudFormation reads only SecretString, so a binary secret fails the deployment',
  dynamicId: 'The secret id is filled in when CloudFormation deploys the stack',
};
