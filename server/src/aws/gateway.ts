/** The only code that calls AWS Secrets Manager. Every failure comes out as an AwsFailureError. */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { checkSecretName } from '../../../shared/names';
import { AwsFailureError, badResponse, configurationProblem, shownText, toAwsFailure, tooSlow } from './failure';
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
  /** Its tags, as ListSecrets gives them (at most 50, as Secrets Manager allows). */
  tags?: Record<string, string>;
}

export interface SecretMetadata extends SecretSummary {
  createdDate?: string;
  lastAccessedDate?: string;
  kmsKeyId?: string;
  tags: Record<string, string>;
  primaryRegion?: string;
  /** The AWS service that manages the secret, e.g. `rds`. */
  owningService?: string;
  /** The stages attached to each version id; undefined when Secrets Manager did not list them all. */
  versions?: Record<string, string[]>;
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

export interface NewValue {
  secretId: string;
  secretString: string;
  /** 32 to 64 characters; a retry with the same token does not store a second version. */
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
  /** Stores a new current value of an existing secret. */
  putSecretValue(input: NewValue): Promise<{ name: string; arn: string }>;
  /** The account the credentials sign in to (STS GetCallerIdentity); undefined when it cannot be told. */
  callerAccount(): Promise<string | undefined>;
  /** Closes the connections. */
  dispose(): void;
}

export interface GatewayOptions {
  connectionTimeoutMs?: number;
  /** For one HTTP attempt, until its first byte (and between any two bytes). */
  requestTimeoutMs?: number;
  /** For a whole call, every attempt and the whole answer included. */
  callTimeoutMs?: number;
  /** Attempts per call, the first included. */
  maxAttempts?: number;
  /** Pages of 100 secrets a listing reads at most. */
  maxPages?: number;
}

/** 500,000 secrets, the Secrets Manager quota of a region. */
const MAX_PAGES = 5_000;
/** Secrets Manager keeps about 100 versions of a secret; more is a wrong answer, not a list to check against. */
const MAX_VERSIONS = 1_000;
/** Secrets Manager allows 2,048 characters; a hover or a completion item shows the first few hundred. */
const MAX_DESCRIPTION_LENGTH = 300;

type Sdk = typeof import('./sdk').secretsManager;
type NodeHttpHandlerClass = typeof import('./sdk').NodeHttpHandler;

/**
 * A gateway over the SDK's default credential chain (environment, SSO, shared profile, credential_process,
 * web identity, container and instance metadata) for the resolved profile, region and endpoint.
 */
export function createGateway(scope: ResolvedAwsSettings, options: GatewayOptions = {}): SecretsGateway {
  const callTimeoutMs = options.callTimeoutMs ?? 15_000;
  let connected: Promise<{ sdk: Sdk; client: SecretsManagerClient }> | undefined;

  /** What every client of this gateway is made with: the scope's region, endpoint and profile, and the time limits. */
  function clientConfig(NodeHttpHandler: NodeHttpHandlerClass) {
    // The SDK's notice about the Node.js versions of its future releases says nothing to our users.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    return {
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
    };
  }

  async function connect(): Promise<{ sdk: Sdk; client: SecretsManagerClient }> {
    // The SDK takes a while to load: it is loaded on the first call, so a server that makes none starts without it.
    const { secretsManager: sdk, NodeHttpHandler } = await import('./sdk');
    return { sdk, client: new sdk.SecretsManagerClient(clientConfig(NodeHttpHandler)) };
  }

  /** Makes one call within `callTimeoutMs`, whatever the endpoint does; `signal` cancels it. */
  async function call<T>(
    send: (sdk: Sdk, client: SecretsManagerClient, abortSignal: AbortSignal) => Promise<T>,
    secretId?: string,
    signal?: AbortSignal,
  ): Promise<T> {
    const problem = configurationProblem(scope);
    if (problem) throw new AwsFailureError(problem);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), callTimeoutMs);
    try {
      const { sdk, client } = await (connected ??= connect());
      return await send(sdk, client, signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal);
    } catch (error) {
      if (deadline.signal.aborted && !signal?.aborted) throw new AwsFailureError(tooSlow(scope, callTimeoutMs));
      throw new AwsFailureError(toAwsFailure(error, { scope, secretId }));
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    scope,

    async callerAccount() {
      if (configurationProblem(scope)) return undefined;
      const { STSClient, GetCallerIdentityCommand, NodeHttpHandler } = await import('./sdk');
      const sts = new STSClient(clientConfig(NodeHttpHandler));
      try {
        const { Account } = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: AbortSignal.timeout(callTimeoutMs) });
        return Account && /^\d{12}$/.test(Account) ? Account : undefined;
      } catch {
        // Only a note in messages: the secret list works without it.
        return undefined;
      } finally {
        sts.destroy();
      }
    },

    async listSecrets(signal) {
      const secrets: SecretSummary[] = [];
      const maxPages = options.maxPages ?? MAX_PAGES;
      const tokensSeen = new Set<string>();
      let nextToken: string | undefined;
      for (let pages = 1; ; pages++) {
        const request = { MaxResults: 100, NextToken: nextToken, IncludePlannedDeletion: true };
        const page = await call(
          (sdk, client, abortSignal) => client.send(new sdk.ListSecretsCommand(request), { abortSignal }),
          undefined,
          signal,
        );
        // Without a list, "no secret" would read as "every secret is missing".
        if (!Array.isArray(page.SecretList)) throw new AwsFailureError(badResponse(scope, 'answered ListSecrets without a SecretList'));
        for (const entry of page.SecretList) {
          if (entry.Name && entry.ARN) secrets.push(summary(entry.Name, entry.ARN, entry));
        }
        // A page can be empty and still carry a NextToken.
        nextToken = page.NextToken;
        if (!nextToken) return secrets;
        if (tokensSeen.has(nextToken) || pages >= maxPages) {
          const why = tokensSeen.has(nextToken) ? 'a NextToken came back' : `at most ${maxPages} are read`;
          throw new AwsFailureError(badResponse(scope, `kept paging: stopped after ${pages} pages (${why})`));
        }
        tokensSeen.add(nextToken);
      }
    },

    async describeSecret(secretId) {
      const found = await call(
        (sdk, client, abortSignal) => client.send(new sdk.DescribeSecretCommand({ SecretId: secretId }), { abortSignal }),
        secretId,
      );
      return {
        ...summary(found.Name ?? secretId, found.ARN ?? '', found),
        createdDate: found.CreatedDate?.toISOString(),
        lastAccessedDate: found.LastAccessedDate?.toISOString(),
        kmsKeyId: found.KmsKeyId,
        tags: tagsOf(found.Tags ?? []),
        primaryRegion: found.PrimaryRegion,
        owningService: found.OwningService,
        versions: versionStages(found.VersionIdsToStages),
      };
    },

    async getSecretValue(secretId) {
      const found = await call(
        (sdk, client, abortSignal) => client.send(new sdk.GetSecretValueCommand({ SecretId: secretId }), { abortSignal }),
        secretId,
      );
      if (found.SecretString !== undefined) return { kind: 'string', text: found.SecretString };
      return { kind: 'binary', byteLength: found.SecretBinary?.byteLength ?? 0 };
    },

    async createSecret(input) {
      const nameProblem = checkSecretName(input.name).find((issue) => issue.severity === 'error');
      if (nameProblem) throw new AwsFailureError({ kind: 'invalid-name', message: nameProblem.message });
      const created = await call(
        (sdk, client, abortSignal) =>
          client.send(
            new sdk.CreateSecretCommand({
              Name: input.name,
              SecretString: input.secretString,
              Description: input.description,
              Tags: input.tags && Object.entries(input.tags).map(([Key, Value]) => ({ Key, Value })),
              ClientRequestToken: input.clientRequestToken,
            }),
            { abortSignal },
          ),
        input.name,
      );
      return { name: created.Name ?? input.name, arn: created.ARN ?? '' };
    },

    async putSecretValue({ secretId, secretString, clientRequestToken }) {
      const stored = await call(
        (sdk, client, abortSignal) =>
          client.send(
            new sdk.PutSecretValueCommand({ SecretId: secretId, SecretString: secretString, ClientRequestToken: clientRequestToken }),
            { abortSignal },
          ),
        secretId,
      );
      return { name: stored.Name ?? secretId, arn: stored.ARN ?? '' };
    },

    dispose() {
      void connected?.then(
        ({ client }) => client.destroy(),
        () => undefined,
      );
    },
  };
}

/** Version ids and their stages, or undefined when the answer holds none or too many to be whole. */
function versionStages(versions: Record<string, string[]> | undefined): Record<string, string[]> | undefined {
  if (typeof versions !== 'object' || versions === null) return undefined;
  const entries = Object.entries(versions);
  if (entries.length > MAX_VERSIONS) return undefined;
  return Object.fromEntries(
    entries.map(([id, stages]) => [id, Array.isArray(stages) ? stages.filter((stage) => typeof stage === 'string') : []]),
  );
}

interface SummaryFields {
  Description?: string;
  LastChangedDate?: Date;
  DeletedDate?: Date;
  RotationEnabled?: boolean;
  NextRotationDate?: Date;
  Tags?: { Key?: string; Value?: string }[];
}

function summary(name: string, arn: string, fields: SummaryFields): SecretSummary {
  return {
    name,
    arn,
    description: fields.Description === undefined ? undefined : shownText(fields.Description, MAX_DESCRIPTION_LENGTH),
    lastChangedDate: fields.LastChangedDate?.toISOString(),
    deletedDate: fields.DeletedDate?.toISOString(),
    rotationEnabled: fields.RotationEnabled ?? false,
    nextRotationDate: fields.NextRotationDate?.toISOString(),
    tags: fields.Tags?.length ? tagsOf(fields.Tags) : undefined,
  };
}

/** Secrets Manager allows 50 tags of a secret; more is a wrong answer, not tags to keep. */
const MAX_TAGS = 50;

function tagsOf(tags: { Key?: string; Value?: string }[]): Record<string, string> {
  return Object.fromEntries(tags.slice(0, MAX_TAGS).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
}
