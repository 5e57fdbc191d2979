/**
 * The link between the editor and the account: settings, workspace trust, the secret list, and the
 * state the client shows. No AWS call is made before the workspace is trusted.
 */
import { Connection } from 'vscode-languageserver/node';
import { describeCredentials, describeScope, loadProfiles, SecretList, SecretListState, shownText, toAwsFailure } from '../aws';
import { partitionOfRegion, regionsOf } from '../core/partitions';
import { addJsonKey } from '../core/jsonKey';
import {
  AddJsonKeyParams,
  CanAddJsonKeyResult,
  CreateSecretParams,
  CreateSecretResult,
  ProfileChoices,
  ProfileChoicesRequest,
  RefreshSecretListRequest,
  SecretListStateNotification,
  SecretListStateParams,
  WorkspaceTrustedNotification,
} from '../../../shared/protocol';
import { DEFAULT_SETTINGS, EditorSettings, readEditorSettings, SETTINGS_SECTION } from '../../../shared/settings';
import { Validator } from './diagnostics';

export class Account {
  private settings = DEFAULT_SETTINGS;
  private lastLogged?: string;
  private readonly settingsListeners: ((settings: EditorSettings) => void)[] = [];

  private constructor(
    private readonly connection: Connection,
    private readonly validator: Validator,
    readonly list: SecretList,
    private workspaceTrusted: boolean,
  ) {
    list.onDidChange(() => {
      this.sendState();
      validator.republishAll();
    });
  }

  static create(connection: Connection, validator: Validator, trusted: boolean): Promise<Account> {
    const created = (async () => {
      const account = new Account(connection, validator, await SecretList.create({}), trusted);
      await account.readSettings();
      return account;
    })();
    // Handled from the start, not once the list exists: a request sent right after startup would get
    // "unhandled method", and a trust notification would be lost for good.
    connection.onRequest(RefreshSecretListRequest, async () => {
      const account = await created;
      if (account.workspaceTrusted) await account.list.refresh();
      return account.stateParams();
    });
    connection.onRequest(ProfileChoicesRequest, async () => (await created).profileChoices());
    // Notifications have no answer to carry a failure: it goes to the log.
    const whenCreated = (action: (account: Account) => unknown) => () =>
      void created
        .then(action)
        .catch((error: unknown) => connection.console.error(`The account could not be updated: ${shownText(String(error), 300)}`));
    connection.onNotification(
      WorkspaceTrustedNotification,
      whenCreated((account) => {
        account.workspaceTrusted = true;
        account.sendState();
        account.loadIfUseful();
      }),
    );
    connection.onDidChangeConfiguration(whenCreated((account) => account.readSettings()));
    return created;
  }

  get editorSettings(): EditorSettings {
    return this.settings;
  }

  get trusted(): boolean {
    return this.workspaceTrusted;
  }

  onDidChangeSettings(listener: (settings: EditorSettings) => void): void {
    this.settingsListeners.push(listener);
  }

  /**
   * The list when AWS may be used and it has loaded, possibly stale after a failed reload; undefined means
   * "unknown": nothing may be called missing.
   */
  get readyList(): SecretListState | undefined {
    const state = this.list.state;
    return this.workspaceTrusted && state.loadedAt !== undefined ? state : undefined;
  }

  /** Starts a background load (or reload after the TTL) when an open document references secrets. */
  loadIfUseful(): void {
    // Documents not analysed yet ask for the list themselves once they are (see the server's account checks).
    if (this.workspaceTrusted && this.validator.referencesSecrets()) void this.list.load();
  }

  /** Starts a background load when needed; for completion, which must never wait on the network. */
  load(): void {
    if (this.workspaceTrusted) void this.list.load();
  }

  /** Creates a secret and adds it to the list at once: listings are eventually consistent. */
  async createSecret(params: CreateSecretParams): Promise<CreateSecretResult> {
    const { name, value, description, tags, clientRequestToken } = params;
    try {
      const created = await this.list.gateway.createSecret({ name, secretString: value, description, tags, clientRequestToken });
      this.list.add({
        name: created.name,
        arn: created.arn,
        description,
        lastChangedDate: new Date().toISOString(),
        rotationEnabled: false,
      });
      return { ok: true, ...created };
    } catch (error) {
      return this.failed(error, name);
    }
  }

  /** Whether `key` can be added to the JSON object `secretId` holds; reads the value and keeps nothing of it. */
  async canAddJsonKey(secretId: string, key: string): Promise<CanAddJsonKeyResult> {
    try {
      const addition = addJsonKey(secretId, await this.list.gateway.getSecretValue(secretId), key, '');
      return addition.ok ? { ok: true } : { ok: false, kind: addition.kind, message: addition.message };
    } catch (error) {
      return this.failed(error, secretId);
    }
  }

  /** Adds a key to the JSON object an existing secret holds, as its new version; refused as `canAddJsonKey` says. */
  async addJsonKey({ secretId, key, value, clientRequestToken }: AddJsonKeyParams): Promise<CreateSecretResult> {
    try {
      const addition = addJsonKey(secretId, await this.list.gateway.getSecretValue(secretId), key, value);
      if (!addition.ok) return { ok: false, kind: addition.kind, message: addition.message };
      const stored = await this.list.gateway.putSecretValue({ secretId, secretString: addition.text, clientRequestToken });
      return { ok: true, ...stored };
    } catch (error) {
      return this.failed(error, secretId);
    }
  }

  private failed(error: unknown, secretId: string): { ok: false; kind: string; message: string } {
    const failure = toAwsFailure(error, { scope: this.list.gateway.scope, secretId });
    return { ok: false, kind: failure.kind, message: failure.message };
  }

  private async readSettings(): Promise<void> {
    const section = await this.connection.workspace.getConfiguration(SETTINGS_SECTION).catch(() => undefined);
    this.settings = readEditorSettings(section);
    this.settingsListeners.forEach((listener) => listener(this.settings));
    this.list.setTtl(this.settings.listTtlMinutes * 60_000);
    await this.list.configure(this.settings.aws);
    this.sendState();
    this.loadIfUseful();
  }

  private stateParams(): SecretListStateParams {
    const state = this.list.state;
    const { profile, region, endpoint, account } = state.scope;
    const base = {
      count: state.secrets.length,
      profile,
      region,
      endpoint,
      account,
      credentials: describeCredentials(this.list.gateway.scope),
      scopeLabel: describeScope(this.list.gateway.scope),
    };
    if (!this.workspaceTrusted) return { ...base, status: 'untrusted' };
    const { failure, loadedAt } = state;
    // The time, not the age: the message stays the same across retries, so it is shown once.
    const stale =
      failure && loadedAt !== undefined ? ` Showing the list loaded at ${clockTime(loadedAt)}; retrying in the background.` : '';
    return { ...base, status: state.status, loadedAt, failure: failure && { kind: failure.kind, message: `${failure.message}${stale}` } };
  }

  private sendState(): void {
    const state = this.stateParams();
    const line = describeState(state);
    if (line !== this.lastLogged) this.connection.console.info((this.lastLogged = line));
    void this.connection.sendNotification(SecretListStateNotification, state);
  }

  private async profileChoices(): Promise<ProfileChoices> {
    const shared = await loadProfiles();
    const { profile, region } = this.list.state.scope;
    const partition = (region && partitionOfRegion(region)) || 'aws';
    return {
      profiles: shared.profiles.map(({ name, region: profileRegion }) => ({ name, region: profileRegion })),
      currentProfile: profile,
      currentRegion: region,
      regions: [...regionsOf(partition)],
    };
  }
}

/** `HH:MM` in local time. */
function clockTime(time: number): string {
  return new Date(time).toTimeString().slice(0, 5);
}

/** One line for the log: what the list is doing, for which scope; never a value. */
function describeState(state: SecretListStateParams): string {
  const what = {
    unknown: 'not loaded yet',
    loading: 'loading',
    ready: `${state.count} secrets${state.account ? ` in account ${state.account}` : ''}`,
    error: `failed: ${state.failure?.message ?? 'unknown error'}`,
    untrusted: 'restricted mode, AWS is not called until the workspace is trusted',
  }[state.status];
  return `Secret list (${state.scopeLabel}): ${what}`;
}
