/** Which AWS profile, region and endpoint the extension talks to. */
import type { AwsScopeSettings } from '../../../shared/settings';
import { loadProfiles } from './profiles';

/** The extension settings `awsSecretRefs.profile`, `awsSecretRefs.region` and `awsSecretRefs.endpoint`. */
export type AwsSettings = AwsScopeSettings;

/** The settings after the standard AWS environment and the shared config file have filled the gaps. */
export interface ResolvedAwsSettings {
  /** The profile the SDK reads from the shared files: the chosen one, else `default`. */
  profile: string;
  /**
   * Set by the settings or AWS_PROFILE. When chosen, the SDK ignores AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
   * and takes credentials from the profile.
   */
  profileChosen: boolean;
  /** No profile is chosen and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are set: the SDK uses those keys first. */
  environmentKeys: boolean;
  /** The profile is in the config or the credentials file. */
  profileFound: boolean;
  knownProfiles: string[];
  region?: string;
  /** Undefined means the regular AWS endpoint of the region. */
  endpoint?: string;
  configFile: string;
  credentialsFile: string;
}

/**
 * Fills what the settings leave unset the way the AWS CLI and SDKs do: AWS_PROFILE; AWS_REGION, then
 * AWS_DEFAULT_REGION, then the profile's `region`; AWS_ENDPOINT_URL_SECRETS_MANAGER, then AWS_ENDPOINT_URL,
 * then the profile's `endpoint_url` (unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true).
 */
export async function resolveAwsSettings(settings: AwsSettings): Promise<ResolvedAwsSettings> {
  const env = process.env;
  const shared = await loadProfiles();
  const chosenProfile = settings.profile || env.AWS_PROFILE || undefined;
  const profile = chosenProfile ?? 'default';
  const found = shared.profiles.find((candidate) => candidate.name === profile);
  const configuredEndpoint =
    env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true'
      ? undefined
      : env.AWS_ENDPOINT_URL_SECRETS_MANAGER || env.AWS_ENDPOINT_URL || found?.endpointUrl;
  return {
    profile,
    profileChosen: chosenProfile !== undefined,
    environmentKeys: chosenProfile === undefined && !!env.AWS_ACCESS_KEY_ID && !!env.AWS_SECRET_ACCESS_KEY,
    profileFound: found !== undefined,
    knownProfiles: shared.profiles.map((candidate) => candidate.name),
    region: settings.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || found?.region,
    endpoint: settings.endpoint || configuredEndpoint,
    configFile: shared.configFile,
    credentialsFile: shared.credentialsFile,
  };
}

/** Where the credentials come from, in the words every message uses. */
export function describeCredentials(resolved: ResolvedAwsSettings): string {
  return resolved.environmentKeys ? 'environment credentials' : `profile ${resolved.profile}`;
}

export function describeScope(resolved: ResolvedAwsSettings): string {
  const parts = [describeCredentials(resolved), resolved.region ?? 'no region'];
  if (resolved.endpoint) parts.push(resolved.endpoint);
  return parts.join(' · ');
}
