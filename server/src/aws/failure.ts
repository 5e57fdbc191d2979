/** Every failed AWS call becomes one AwsFailure whose message says what went wrong and what to do. */
import { describeScope, ResolvedAwsSettings } from './settings';

export type AwsFailureKind =
  | 'no-credentials'
  | 'invalid-credentials'
  | 'sso-expired'
  | 'profile-not-found'
  | 'no-region'
  | 'invalid-endpoint'
  | 'access-denied'
  | 'unreachable'
  | 'timeout'
  | 'throttled'
  | 'not-found'
  | 'marked-for-deletion'
  | 'decryption-failure'
  | 'exists'
  | 'invalid-name'
  | 'limit-exceeded'
  | 'invalid-request'
  | 'cancelled'
  | 'bad-response'
  | 'other';

/** Plain data, safe to log and to send to the client: it never holds a secret value. */
export interface AwsFailure {
  kind: AwsFailureKind;
  message: string;
  /** The AWS error code or Node.js error code behind the failure, e.g. `AccessDeniedException`, `ECONNREFUSED`. */
  awsCode?: string;
}

/** What the gateway rejects with. It keeps no reference to the original error, whose response may hold a value. */
export class AwsFailureError extends Error {
  constructor(readonly failure: AwsFailure) {
    super(failure.message);
    this.name = 'AwsFailureError';
  }
}

export interface FailureContext {
  scope: ResolvedAwsSettings;
  /** The secret the call was about, named in not-found and similar messages. */
  secretId?: string;
}

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  errors?: { code?: string }[];
  $fault?: string;
  $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNABORTED: 'connection aborted',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate not trusted',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS certificate not trusted',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate is for another host',
};

const ACCESS_DENIED = ['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation'];
const BAD_CREDENTIALS = [
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'ExpiredTokenException',
  'ExpiredToken',
];
const THROTTLING = ['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded'];

/** Maps any error from the SDK, the credential chain or the network to an AwsFailure. */
export function toAwsFailure(error: unknown, context: FailureContext): AwsFailure {
  if (error instanceof AwsFailureError) return error.failure;
  const failure = describeError(error, context);
  return { ...failure, message: shownText(failure.message, MAX_MESSAGE_LENGTH) };
}

function describeError(error: unknown, context: FailureContext): AwsFailure {
  const e: ErrorLike = typeof error === 'object' && error !== null ? error : { message: String(error) };
  const name = e.name ?? 'Error';
  if (name === 'AbortError') return { kind: 'cancelled', message: 'The request was cancelled.' };
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') return credentialFailure(e, context.scope);
  if (e.$fault !== undefined) return serviceFailure(name, e.message ?? '', context);
  const networkCode = e.code ?? e.errors?.find((inner) => inner.code)?.code;
  // Before the name: the SDK names a reset connection a TimeoutError, as both are retried.
  if (networkCode && NETWORK_REASONS[networkCode]) return unreachable(context.scope, NETWORK_REASONS[networkCode], networkCode);
  if (name === 'TimeoutError' && /did not establish a connection/.test(e.message ?? '')) {
    return unreachable(context.scope, 'no connection within the time limit', 'ETIMEDOUT');
  }
  if (name === 'TimeoutError' || networkCode === 'ETIMEDOUT') {
    return {
      kind: 'timeout',
      awsCode: 'ETIMEDOUT',
      message: `Secrets Manager at ${endpointName(context.scope)} did not answer in time. Check the network and the endpoint, then try again.`,
    };
  }
  // A response that failed to parse keeps its body on the error, and the parser's message may quote it.
  if (e.$response !== undefined) return notSecretsManager(context.scope, e.$response);
  const detail = e.message ? ` ${sentence(e.message)}` : '';
  return { kind: 'other', awsCode: networkCode, message: `Calling Secrets Manager failed (${name}).${detail}` };
}

/** Why no call can be made with these settings (no region, or an endpoint that is not an http(s) URL), if so. */
export function configurationProblem(scope: ResolvedAwsSettings): AwsFailure | undefined {
  if (!scope.region) {
    if (scope.profileChosen && !scope.profileFound) return profileNotFound(scope);
    return {
      kind: 'no-region',
      message:
        `No AWS region is set for profile '${scope.profile}'. Set awsSecretRefs.region or AWS_REGION, ` +
        `or add \`region = ...\` to the profile in ${scope.configFile}.`,
    };
  }
  if (scope.endpoint && !/^https?:\/\/[^/\s]+/i.test(scope.endpoint)) {
    return {
      kind: 'invalid-endpoint',
      message: `The endpoint '${scope.endpoint}' is not an http:// or https:// URL. Fix awsSecretRefs.endpoint (or AWS_ENDPOINT_URL), e.g. http://localhost:4566.`,
    };
  }
  return undefined;
}

function credentialFailure(e: ErrorLike, scope: ResolvedAwsSettings): AwsFailure {
  const { profile } = scope;
  if (/SSO session|SSO Token|Token is expired/i.test(e.message ?? '')) {
    const login = scope.profileChosen ? `aws sso login --profile ${profile}` : 'aws sso login';
    return { kind: 'sso-expired', message: `The SSO session for profile '${profile}' has expired. Run \`${login}\`.` };
  }
  if (scope.profileChosen && !scope.profileFound) return profileNotFound(scope);
  const files = `${scope.configFile} and ${scope.credentialsFile}`;
  // The chain ends with this generic error; any other one says which source of the profile failed and why.
  const reason = shownText(e.message?.split('\n')[0] ?? '', MAX_QUOTED_LENGTH).replace(/\.$/, '');
  const detail = reason && !reason.startsWith('Could not load credentials from any providers') ? ` (${reason})` : '';
  const message = scope.profileChosen
    ? `No AWS credentials found for profile '${profile}'${detail}. Looked in that profile in ${files}, then web identity ` +
      `and container/instance metadata (AWS_ACCESS_KEY_ID is ignored once a profile is chosen). ` +
      `Run \`aws configure --profile ${profile}\` or \`aws sso login --profile ${profile}\`, or choose another profile in awsSecretRefs.profile.`
    : `No AWS credentials found${detail}. Looked in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile 'default' in ${files}, ` +
      `web identity and container/instance metadata. Set awsSecretRefs.profile to a configured profile, or run \`aws configure\`.`;
  return { kind: 'no-credentials', message };
}

function profileNotFound(scope: ResolvedAwsSettings): AwsFailure {
  const known = scope.knownProfiles.length
    ? `Known profiles: ${scope.knownProfiles.join(', ')}. Set awsSecretRefs.profile (or AWS_PROFILE) to one of them.`
    : `No profile is configured; run \`aws configure --profile ${scope.profile}\`.`;
  return {
    kind: 'profile-not-found',
    message: `Profile '${scope.profile}' is in neither ${scope.configFile} nor ${scope.credentialsFile}. ${known}`,
  };
}

function unreachable(scope: ResolvedAwsSettings, reason: string, code: string): AwsFailure {
  const advice = scope.endpoint
    ? 'Check awsSecretRefs.endpoint (or AWS_ENDPOINT_URL) and that the service there is running.'
    : 'Check the network connection and proxy.';
  return {
    kind: 'unreachable',
    awsCode: code,
    message: `Could not reach Secrets Manager at ${endpointName(scope)} (${reason}). ${advice}`,
  };
}

function serviceFailure(code: string, awsMessage: string, { scope, secretId }: FailureContext): AwsFailure {
  const secret = secretId === undefined ? 'The secret' : `Secret '${secretId}'`;
  const fail = (kind: AwsFailureKind, message: string): AwsFailure => ({ kind, message, awsCode: code });
  if (ACCESS_DENIED.includes(code)) {
    return fail(
      'access-denied',
      `AWS denied access (${describeScope(scope)}): ${sentence(awsMessage)} ` +
        `Ask for the missing secretsmanager permission, or use another profile.`,
    );
  }
  if (BAD_CREDENTIALS.includes(code)) {
    return fail(
      'invalid-credentials',
      `AWS rejected the credentials (${describeScope(scope)}): ${sentence(awsMessage)} ` +
        `Renew them (\`aws sso login\`, \`aws configure\`) or choose another profile.`,
    );
  }
  if (THROTTLING.includes(code)) {
    return fail('throttled', 'AWS is throttling Secrets Manager requests for this account. Wait a moment and try again.');
  }
  switch (code) {
    case 'ResourceNotFoundException':
      return fail('not-found', `${secret} does not exist in ${regionName(scope)}. Check the name, the region and the profile.`);
    case 'InvalidRequestException':
      if (/delet/i.test(awsMessage)) {
        const restore = secretId === undefined ? '' : ` with \`aws secretsmanager restore-secret --secret-id ${secretId}\``;
        return fail('marked-for-deletion', `${secret} is scheduled for deletion. Restore it${restore}, or refer to another secret.`);
      }
      return fail('invalid-request', `Secrets Manager rejected the request: ${sentence(awsMessage)}`);
    case 'DecryptionFailure':
      return fail(
        'decryption-failure',
        `Secrets Manager could not decrypt ${secretId === undefined ? 'the secret' : `secret '${secretId}'`} with its KMS key. ` +
          `The credentials need kms:Decrypt on that key.`,
      );
    case 'ResourceExistsException':
      return fail('exists', `${secret} already exists in ${regionName(scope)}. Choose another name, or refer to the existing secret.`);
    case 'InvalidParameterException':
    case 'ValidationException':
      if (/\bname\b/i.test(awsMessage)) return fail('invalid-name', `Secrets Manager rejected the name: ${sentence(awsMessage)}`);
      return fail('invalid-request', `Secrets Manager rejected the request: ${sentence(awsMessage)}`);
    case 'LimitExceededException':
      return fail(
        'limit-exceeded',
        `A Secrets Manager quota is reached: ${sentence(awsMessage)} Delete unused secrets or ask for a higher quota.`,
      );
    default:
      return fail('other', `Secrets Manager failed (${code}): ${sentence(awsMessage)}`);
  }
}

/** An answer the SDK could not read, e.g. an HTML error page of a proxy: its status and content type say what it was. */
function notSecretsManager(scope: ResolvedAwsSettings, response: NonNullable<ErrorLike['$response']>): AwsFailure {
  const status = response.statusCode === undefined ? 'an answer' : `HTTP ${response.statusCode}`;
  const type = response.headers?.['content-type'] ?? response.headers?.['Content-Type'];
  return badResponse(scope, `answered with ${status} (${type ? shownText(type, 80) : 'no content type'}), not a Secrets Manager response`);
}

/** The endpoint answered, but not as Secrets Manager does. */
export function badResponse(scope: ResolvedAwsSettings, what: string): AwsFailure {
  const advice = scope.endpoint
    ? 'Check awsSecretRefs.endpoint (or AWS_ENDPOINT_URL) and any proxy in between.'
    : 'Check the proxy in between, then try again.';
  return { kind: 'bad-response', message: `Secrets Manager at ${endpointName(scope)} ${what}. ${advice}` };
}

/** A call that did not finish within its whole deadline, e.g. an answer sent a few bytes at a time. */
export function tooSlow(scope: ResolvedAwsSettings, deadlineMs: number): AwsFailure {
  return {
    kind: 'timeout',
    awsCode: 'ETIMEDOUT',
    message: `Secrets Manager at ${endpointName(scope)} did not send a whole answer within ${deadlineMs / 1000} s. Check the network and the endpoint, then try again.`,
  };
}

function endpointName(scope: ResolvedAwsSettings): string {
  return scope.endpoint ?? `the ${scope.region} endpoint`;
}

function regionName(scope: ResolvedAwsSettings): string {
  return scope.endpoint ? `region ${scope.region} at ${scope.endpoint}` : `region ${scope.region}`;
}

/** Text from AWS or the endpoint, quoted in a message: one line, no control characters, cut to a few hundred characters. */
function sentence(text: string): string {
  const trimmed = shownText(text, MAX_QUOTED_LENGTH);
  return /[.!?\u2026]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

const MAX_QUOTED_LENGTH = 300;
const MAX_MESSAGE_LENGTH = 1_000;

/**
 * Text safe to show anywhere (diagnostics, notifications, a terminal): control characters (escape sequences
 * included) and bidirectional overrides removed, white space collapsed, at most `maxLength` characters.
 */
export function shownText(text: string, maxLength: number): string {
  const clean = text
    // Terminal escape sequences, whole: CSI (colours, cursor) and OSC (window title, links).
    // eslint-disable-next-line no-control-regex -- escape sequences start with the control character ESC
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?/g, ' ')
    .replace(/[\p{Cc}\u202a-\u202e\u2066-\u2069]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length <= maxLength ? clean : `${clean.slice(0, maxLength - 1).trimEnd()}…`;
}
