/** All AWS access of the server goes through this module. */
export { AwsSettings, ResolvedAwsSettings, resolveAwsSettings, describeScope, describeCredentials } from './settings';
export { AwsProfile, SharedProfiles, loadProfiles } from './profiles';
export { AwsFailure, AwsFailureKind, AwsFailureError, toAwsFailure, shownText } from './failure';
export { SecretsGateway, SecretSummary, SecretMetadata, SecretValue, NewSecret, GatewayOptions, createGateway } from './gateway';
export { SecretList, SecretListState, SecretListStatus, SecretListScope, SecretListOptions } from './secretList';
