/** Profiles of the shared AWS config and credentials files, read the way the AWS SDK reads them. */
import * as path from 'node:path';
import { getHomeDir, loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';

export interface AwsProfile {
  name: string;
  region?: string;
  /** The profile's `endpoint_url`, when it sets one. */
  endpointUrl?: string;
}

export interface SharedProfiles {
  /** Sorted by name; a profile may come from either file or both. */
  profiles: AwsProfile[];
  configFile: string;
  credentialsFile: string;
}

/** Reads both files afresh each time (honoring AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE); a missing file has no profiles. */
export async function loadProfiles(): Promise<SharedProfiles> {
  const configFile = process.env.AWS_CONFIG_FILE || path.join(getHomeDir(), '.aws', 'config');
  const credentialsFile = process.env.AWS_SHARED_CREDENTIALS_FILE || path.join(getHomeDir(), '.aws', 'credentials');
  const files = await loadSharedConfigFiles({ configFilepath: configFile, filepath: credentialsFile, ignoreCache: true });
  // The loader keeps `sso-session` and `services` sections next to the profiles, under prefixed keys.
  const configProfiles = Object.keys(files.configFile).filter((key) => !/^(sso-session|services)\./.test(key));
  const names = [...new Set([...configProfiles, ...Object.keys(files.credentialsFile)])].sort();
  const profiles = names.map((name) => {
    // Like the SDK, a setting in the config file wins over the same setting in the credentials file.
    const merged = { ...files.credentialsFile[name], ...files.configFile[name] };
    return { name, region: merged.region || undefined, endpointUrl: merged.endpoint_url || undefined };
  });
  return { profiles, configFile, credentialsFile };
}
