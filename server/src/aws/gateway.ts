/** The only code that calls AWS Secrets Manager. Every failure comes out as an AwsFailureError. */
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { checkSecretName } from '../../../shared/names';
import { AwsFailureError, configurationProblem, toAwsFailure } from './failure';
import { ResolvedAwsSettings } from './settings';

/** What a listing shows of a secret: never its value. Dates are ISO 8601. */
export interface SecretSummary {
  name: string;
  arn: string;
  description?: string;
  lastChangedDate?: string;
  /** Set when the secret is scheduled for deletion: the date it will be deleted. */
  deletedDate?: string;
  rotationEnabled: boolean;
  nextRotationDate?: string;
}

export interface SecretMetadata extends SecretSummary {
  createdDate?: string;
  lastAccessedDate?: string;
  kmsKeyId?: string;
  tags: Record<string, string>;
  primaryRegion?: string;
  /** The AWS service that manages the secret, e.g. `rds`. */
  owningService?: string;
}

export type SecretValue = { kind: 'string'; text: string } | { kind: 'binary'; byteLength: number };

export interface NewSecret {
  name: string;
  secretString: string;
  description?: string;
  tags?: Record<string, string>;
  /** 32 to 64 characters; a retry with the same token does not create a second secret. */
  clientRequestToken: string;
}

export interface SecretsGateway {
  /** The profile, region and endpoint this gateway talks to. */
  readonly scope: ResolvedAwsSettings;
  /** All secrets, including those scheduled for deletion (see `deletedDate`). */
  listSecrets(signal?: AbortSignal): Promise<SecretSummary[]>;
  describeSecret(secretId: string): Promise<SecretMetadata>;
  getSecretValue(secretId: string): Promise<SecretValue>;
  createSecret(input: NewSecret): Promise<{ name: string; arn: string }>;
  /** Closes the connections. */
  dispose(): void;
}

export interface GatewayOptions {
  connectionTimeoutMs?: number;
  /** For one HTTP attempt. */
  requestTimeoutMs?: number;
  /** Attempts per call, the first included. */
  maxAttempts?: number;
}

/**
 * A gateway over the SDK's default credential chain (environment, SSO, shared profile, credential_process,
 * web identity, container and instance metadata) for the resolved profile, region and endpoint.
 */
export function createGateway(scope: ResolvedAwsSettings, options: GatewayOptions = {}): SecretsGateway {
  // The SDK's notice about the Node.js versions of its future releases says nothing to our users.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new SecretsManagerClient({
    region: scope.region,
    endpoint: scope.endpoint,
    // Only a chosen profile is passed on: the SDK then skips AWS_ACCESS_KEY_ID, as the AWS CLI does.
    profile: scope.profileChosen ? scope.profile : undefined,
    maxAttempts: options.maxAttempts ?? 2,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: options.connectionTimeoutMs ?? 3_000,
      requestTimeout: options.requestTimeoutMs ?? 10_000,
      throwOnRequestTimeout: true,
    }),
  });

  async function call<T>(send: () => Promise<T>, secretId?: string): Promise<T> {
    const problem = configurationProblem(scope);
    if (problem) throw new AwsFailureError(problem);
    try {
      return await send();
    } catch (error) {
      throw new AwsFailureError(toAwsFailure(error, { scope, secretId }));
    }
  }

  return {
    scope,

    async listSecrets(signal) {
      const secrets: SecretSummary[] = [];
      let nextToken: string | undefined;
      do {
        const request = { MaxResults: 100, NextToken: nextToken, IncludePlannedDeletion: true };
        const page = await call(() => client.send(new ListSecretsCommand(request), { abortSignal: signal }));
        for (const entry of page.SecretList ?? []) {
          if (entry.Name && entry.ARN) secrets.push(summary(entry.Name, entry.ARN, entry));
        }
        // A page can be empty and still carry a NextToken.
        nextToken = page.NextToken;
      } while (nextToken);
      return secrets;
    },

    async describeSecret(secretId) {
      const found = await call(() => client.send(new DescribeSecretCommand({ SecretId: secretId })), secretId);
      return {
        ...summary(found.Name ?? secretId, found.ARN ?? '', found),
        createdDate: found.CreatedDate?.toISOString(),
        lastAccessedDate: found.LastAccessedDate?.toISOString(),
        kmsKeyId: found.KmsKeyId,
        tags: Object.fromEntries((found.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
        primaryRegion: found.PrimaryRegion,
        owningService: found.OwningService,
      };
    },

    async getSecretValue(secretId) {
      const found = await call(() => client.send(new GetSecretValueCommand({ SecretId: secretId })), secretId);
      if (found.SecretString !== undefined) return { kind: 'string', text: found.SecretString };
      return { kind: 'binary', byteLength: found.SecretBinary?.byteLength ?? 0 };
    },

    async createSecret(input) {
      const nameProblem = checkSecretName(input.name).find((issue) => issue.severity === 'error');
      if (nameProblem) throw new AwsFailureError({ kind: 'invalid-name', message: nameProblem.message });
      const created = await call(
        () =>
          client.send(
            new CreateSecretCommand({
              Name: input.name,
              SecretString: input.secretString,
              Description: input.description,
              Tags: input.tags && Object.entries(input.tags).map(([Key, Value]) => ({ Key, Value })),
              ClientRequestToken: input.clientRequestToken,
            }),
          ),
        input.name,
      );
      return { name: created.Name ?? input.name, arn: created.ARN ?? '' };
    },

    dispose() {
      client.destroy();
    },
  };
}

interface SummaryFields {
  Description?: string;
  LastChangedDate?: Date;
  DeletedDate?: Date;
  RotationEnabled?: boolean;
  NextRotationDate?: Date;
}

function summary(name: string, arn: string, fields: SummaryFields): SecretSummary {
  return {
    name,
    arn,
    description: fields.Description,
    lastChangedDate: fields.LastChangedDate?.toISOString(),
    deletedDate: fields.DeletedDate?.toISOString(),
    rotationEnabled: fields.RotationEnabled ?? false,
    nextRotationDate: fields.NextRotationDate?.toISOString(),
  };
}
