/**
 * The secrets of the current profile, region and endpoint, held in memory only (names, ARNs and
 * descriptions, never values) and reloaded in the background when older than a TTL. A failed load is
 * retried in the background, less and less often; meanwhile the last list that loaded stays in use.
 */
import { parseSecretArn } from '../core/arn';
import { ARN_SUFFIX_LENGTH } from '../../../shared/names';
import { closestMatches } from '../core/similar';
import { AwsFailure, toAwsFailure } from './failure';
import { createGateway, GatewayOptions, SecretsGateway, SecretSummary } from './gateway';
import { AwsSettings, ResolvedAwsSettings, resolveAwsSettings } from './settings';

export type SecretListStatus = 'unknown' | 'loading' | 'ready' | 'error';

export interface SecretListScope {
  profile: string;
  region?: string;
  endpoint?: string;
  /** The account id, read from the listed ARNs. */
  account?: string;
}

export interface SecretListState {
  /**
   * `loading` only while there is no list yet: a background reload keeps the status it had.
   * After a failed reload (`error` with `loadedAt`), `secrets` still holds the last list that loaded: a stale one.
   */
  status: SecretListStatus;
  secrets: readonly SecretSummary[];
  /** When the current `secrets` were loaded (ms since the epoch); undefined while no list has loaded. */
  loadedAt?: number;
  failure?: AwsFailure;
  scope: SecretListScope;
}

export interface SecretListOptions {
  /** How long a loaded list counts as fresh; 5 minutes unless given. */
  ttlMs?: number;
  /** The wait before the first retry of a failed load; it doubles with each failure, up to 5 minutes. 15 s unless given. */
  retryMs?: number;
  gateway?: GatewayOptions;
}

const DEFAULT_TTL_MS = 5 * 60_000;
/** After a failure, retry sooner than the TTL: the user may have just logged in, or the network be back. */
const FIRST_RETRY_MS = 15_000;
const MAX_RETRY_MS = 5 * 60_000;

export class SecretList {
  private settings: AwsSettings;
  private current: ListForScope;
  private configuring = 0;
  private readonly listeners = new Set<(state: SecretListState) => void>();
  private ttlMs: number;

  /** Resolves the settings (reading the shared AWS files) without calling AWS yet. */
  static async create(settings: AwsSettings, options: SecretListOptions = {}): Promise<SecretList> {
    return new SecretList(settings, await resolveAwsSettings(settings), options);
  }

  private constructor(
    settings: AwsSettings,
    resolved: ResolvedAwsSettings,
    private readonly options: SecretListOptions,
  ) {
    this.settings = settings;
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.current = new ListForScope(resolved, options);
  }

  get state(): SecretListState {
    return this.current.state;
  }

  /** The gateway for the current settings, for value previews and creating secrets. */
  get gateway(): SecretsGateway {
    return this.current.gateway;
  }

  /** How long a loaded list counts as fresh, from now on. */
  setTtl(ttlMs: number): void {
    this.ttlMs = ttlMs;
  }

  onDidChange(listener: (state: SecretListState) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * Takes new settings. When the resolved profile, region, endpoint or shared config differ, the old list
   * is dropped (its load cancelled) and a new, empty one starts.
   */
  async configure(settings: AwsSettings): Promise<void> {
    const ticket = ++this.configuring;
    const resolved = await resolveAwsSettings(settings);
    if (ticket !== this.configuring) return; // a later call has won
    this.settings = settings;
    if (JSON.stringify(resolved) === this.current.key) return;
    this.current.dispose();
    this.current = new ListForScope(resolved, this.options);
    this.emit();
  }

  /**
   * Loads the list when there is none yet, it is older than the TTL, or the retry of a failed load is due;
   * concurrent calls share one load. Never rejects.
   */
  load(): Promise<SecretListState> {
    const list = this.current;
    if (list.loading) return list.loading;
    const { status } = list.state;
    const maxAge = status === 'error' ? Math.min(this.ttlMs, list.retryDelay) : this.ttlMs;
    if (status !== 'unknown' && Date.now() - list.startedAt < maxAge) return Promise.resolve(list.state);
    return this.startLoad(list);
  }

  /** Re-reads the settings and shared files, then reloads now (the "Refresh Secret List" command). */
  async refresh(): Promise<SecretListState> {
    await this.configure(this.settings);
    return this.current.loading ?? this.startLoad(this.current);
  }

  /** The secret a reference names: by name, full ARN or partial ARN (an ARN without the `-XXXXXX` suffix). */
  find(secretId: string): SecretSummary | undefined {
    return this.current.index.find(secretId);
  }

  /** Names of secrets (not scheduled for deletion) within a typo of the id or of an ARN's name, for "did you mean". */
  /** "Did you mean" names for a missing secret id; remembered for the list as it is. */
  closeNames(secretId: string): string[] {
    return this.current.index.closeNames(secretId);
  }

  /** The same, only when already found: costs nothing. */
  knownCloseNames(secretId: string): string[] | undefined {
    return this.current.index.knownCloseNames(secretId);
  }

  /** Adds a secret just created here: listings are eventually consistent and may not show it yet. */
  add(secret: SecretSummary): void {
    const list = this.current;
    list.setSecrets([...list.state.secrets.filter((known) => known.arn !== secret.arn), secret]);
    this.emit();
  }

  dispose(): void {
    this.current.dispose();
    this.listeners.clear();
  }

  /** A `retry` in the background stays in the error state it retries, rather than flashing `loading` each time. */
  private startLoad(list: ListForScope, retry = false): Promise<SecretListState> {
    list.startedAt = Date.now();
    list.cancelRetry();
    if (list.state.loadedAt === undefined && !retry) {
      list.state = { ...list.state, status: 'loading', failure: undefined };
      this.emit();
    }
    list.loading = list.gateway
      .listSecrets(list.abort.signal)
      .then(
        async (secrets) => {
          list.setSecrets(secrets);
          // With no secret listed, no ARN tells the account: ask who the credentials are.
          if (!list.state.scope.account)
            list.state = { ...list.state, scope: { ...list.state.scope, account: await list.gateway.callerAccount() } };
          list.state = { ...list.state, status: 'ready', loadedAt: Date.now(), failure: undefined };
          list.failures = 0;
        },
        (error) => {
          list.state = { ...list.state, status: 'error', failure: toAwsFailure(error, { scope: list.gateway.scope }) };
          list.failures++;
          if (!list.abort.signal.aborted) list.retryIn(() => void this.startLoad(list, true));
        },
      )
      .then(() => {
        list.loading = undefined;
        if (list === this.current) this.emit();
        return list.state;
      });
    return list.loading;
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.current.state);
  }
}

/** The list for one resolved scope. */
class ListForScope {
  readonly key: string;
  readonly gateway: SecretsGateway;
  readonly abort = new AbortController();
  state: SecretListState;
  index = new SecretIndex([]);
  loading?: Promise<SecretListState>;
  startedAt = 0;
  /** Failed loads in a row. */
  failures = 0;
  private retry?: NodeJS.Timeout;

  constructor(resolved: ResolvedAwsSettings, options: SecretListOptions) {
    this.key = JSON.stringify(resolved);
    this.firstRetryMs = options.retryMs ?? FIRST_RETRY_MS;
    this.gateway = createGateway(resolved, options.gateway);
    const { profile, region, endpoint } = resolved;
    this.state = { status: 'unknown', secrets: [], scope: { profile, region, endpoint } };
  }

  setSecrets(secrets: readonly SecretSummary[]): void {
    this.index = new SecretIndex(secrets);
    const account = secrets[0]?.arn.split(':')[4];
    this.state = { ...this.state, secrets, scope: { ...this.state.scope, account } };
  }

  private readonly firstRetryMs: number;

  /** The wait after the last failure before the next load: doubling with each failure in a row. */
  get retryDelay(): number {
    return Math.min(this.firstRetryMs * 2 ** Math.max(0, this.failures - 1), MAX_RETRY_MS);
  }

  retryIn(load: () => void): void {
    this.cancelRetry();
    this.retry = setTimeout(load, this.retryDelay);
    this.retry.unref(); // a command-line run ends without waiting for it
  }

  cancelRetry(): void {
    clearTimeout(this.retry);
  }

  dispose(): void {
    this.abort.abort();
    this.cancelRetry();
    this.gateway.dispose();
  }
}

const MAX_REMEMBERED_SUGGESTIONS = 10_000;

/** Secret names are unique within one list, so each partial ARN names exactly one secret. */
class SecretIndex {
  private readonly byName = new Map<string, SecretSummary>();
  private readonly byArn = new Map<string, SecretSummary>();
  private readonly byPartialArn = new Map<string, SecretSummary>();
  private readonly liveNames: string[] = [];
  private readonly closeNamesOf = new Map<string, string[]>();

  constructor(secrets: readonly SecretSummary[]) {
    for (const secret of secrets) {
      this.byName.set(secret.name, secret);
      this.byArn.set(secret.arn, secret);
      this.byPartialArn.set(secret.arn.slice(0, -(ARN_SUFFIX_LENGTH + 1)), secret);
      if (!secret.deletedDate) this.liveNames.push(secret.name);
    }
  }

  find(secretId: string): SecretSummary | undefined {
    if (!secretId.startsWith('arn:')) return this.byName.get(secretId);
    return this.byArn.get(secretId) ?? this.byPartialArn.get(secretId);
  }

  closeNames(secretId: string): string[] {
    let names = this.closeNamesOf.get(secretId);
    if (!names) {
      const name = secretId.startsWith('arn:') ? parseSecretArn(secretId).name : secretId;
      names = closestMatches(name, this.liveNames);
      // Bounded: a document of many distinct missing names must not grow it without end.
      if (this.closeNamesOf.size >= MAX_REMEMBERED_SUGGESTIONS) this.closeNamesOf.clear();
      this.closeNamesOf.set(secretId, names);
    }
    return names;
  }

  knownCloseNames(secretId: string): string[] | undefined {
    return this.closeNamesOf.get(secretId);
  }
}
