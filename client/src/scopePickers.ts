/** Quick picks to switch the AWS profile and region; the choice is saved in the user settings. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ProfileChoicesRequest } from '../../shared/protocol';

const RECENT_REGIONS_KEY = 'awsSecretRefs.recentRegions';
const MAX_RECENT_REGIONS = 5;

export async function pickProfile(client: LanguageClient): Promise<void> {
  const choices = await client.sendRequest(ProfileChoicesRequest);
  const items: (vscode.QuickPickItem & { profile?: string })[] = [
    { label: '$(discard) Use the environment', description: 'AWS_PROFILE, else the default profile', profile: '' },
    ...choices.profiles.map((profile) => ({
      label: profile.name,
      description: [profile.region, profile.name === choices.currentProfile ? '(current)' : undefined].filter(Boolean).join(' '),
      profile: profile.name,
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'AWS profile for secret references',
    placeHolder: choices.profiles.length
      ? 'Profiles from the shared AWS config and credentials files'
      : 'No profiles found in ~/.aws/config or ~/.aws/credentials',
  });
  if (picked?.profile === undefined) return;
  await vscode.workspace
    .getConfiguration('awsSecretRefs')
    .update('profile', picked.profile || undefined, vscode.ConfigurationTarget.Global);
}

export async function pickRegion(client: LanguageClient, memento: vscode.Memento): Promise<void> {
  const choices = await client.sendRequest(ProfileChoicesRequest);
  // The region you come from is the first one to go back to.
  const remembered = [...(choices.currentRegion ? [choices.currentRegion] : []), ...memento.get<string[]>(RECENT_REGIONS_KEY, [])];
  const recent = [...new Set(remembered)].filter((region) => choices.regions.includes(region));
  const rest = choices.regions.filter((region) => !recent.includes(region));
  const item = (region: string): vscode.QuickPickItem => ({
    label: region,
    description: region === choices.currentRegion ? '(current)' : undefined,
  });
  const items: vscode.QuickPickItem[] = [
    ...(recent.length ? [{ label: 'Recently used', kind: vscode.QuickPickItemKind.Separator }, ...recent.map(item)] : []),
    { label: 'All regions', kind: vscode.QuickPickItemKind.Separator },
    ...rest.map(item),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'AWS region for secret references',
    placeHolder: `Current: ${choices.currentRegion ?? 'none'}`,
  });
  if (!picked) return;
  await memento.update(RECENT_REGIONS_KEY, [...new Set([picked.label, ...recent])].slice(0, MAX_RECENT_REGIONS));
  await vscode.workspace.getConfiguration('awsSecretRefs').update('region', picked.label, vscode.ConfigurationTarget.Global);
}
