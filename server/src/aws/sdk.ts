/**
 * The parts of the AWS SDK the gateway calls: bundled on their own (dist/awsSdk.js, see scripts/build.mjs) and loaded
 * on the first AWS call, so that a server that makes none neither loads nor parses them.
 */
export * as secretsManager from '@aws-sdk/client-secrets-manager';
export { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
export { NodeHttpHandler } from '@smithy/node-http-handler';
