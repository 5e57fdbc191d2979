/** How the ECS dialect's messages name its reader and what the reader does. */
import type { DialectWording } from '../dialect';

export const ecsWording: DialectWording = {
  reader: 'ECS',
  regionRule: "ECS reads a secret in its ARN's own region and account; a name is read as an SSM parameter of the task's region",
  keyReader: 'the JSON key',
  missingJsonKey: "the task fails to start: 'retrieved secret from Secrets Manager did not contain json key'",
  missingJsonKeyShort: 'the task fails to start',
  notJson: 'the task fails to start, as the value cannot be read as JSON',
  notJsonShort: 'the task fails to start',
  binary: 'ECS does not read binary secrets: the task fails to start',
  dynamicId: 'The ARN is filled in when the template is deployed',
};
