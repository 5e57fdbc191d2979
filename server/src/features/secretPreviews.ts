/**
 * Metadata and masked shapes of secrets, fetched on demand and held briefly. A value is masked as
 * soon as it arrives and then dropped; only an explicit, confirmed reveal returns it whole.
 */
import { AwsFailure, AwsFailureKind, SecretMetadata, SecretsGateway, SecretValue, toAwsFailure } from '../aws';
import { PathSegment } from '../core/keyPaths';
import { JsonType, SecretShape, shapeOf, skeletonOf } from '../core/secretShape';

/**
 * What is known of a secret's JSON keys, each path with the type of its value, and its skeleton (the structure with no
 * value, for JMESPath): a string that is not JSON, or a binary value, has none.
 */
export type JsonKeys =
  { json: true; paths: Map<string, { type: JsonType; segments: PathSegment[] }>; skeleton?: object } | { json: false; binary: boolean };

/** A secret's version ids, each with the stages attached to it. */
export type Versions = Record<string, string[]>;

/** What is learned of a secret beyond the list: from its value (masked at once) or from its metadata. */
export type Fact = 'value' | 'versions';

/** What the account checks know of secrets beyond the list, by ARN; undefined when not learned (yet). */
export interface SecretFacts {
  jsonKeys(arn: string): JsonKeys | undefined;
  versions(arn: string): Versions | undefined;
  /** Why a fact cannot be learned with these credentials: what depends on it is "not checkable", never "missing". */
  denied(arn: string, fact: Fact): AwsFailure | undefined;
}

/** Nothing is known beyond the list (the command line, which reads no value). */
export const NO_FACTS: SecretFacts = { jsonKeys: () => undefined, versions: () => undefined, denied: () => undefined };

export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: AwsFailure };

interface Entry<T> {
  expires: number;
  outcome: Promise<Outcome<T>>;
}

export interface PreviewSettings {
  revealTrailing: number;
  /** How long a masked shape is kept. */
  valueCacheMs: number;
  /** How long metadata and JSON key paths are kept: as long as the secret list. */
  metadataCacheMs: number;
}

const RETRY_MS = 60_000;
/** Background fetches made at once. */
const MAX_FETCHES = 8;
/** Failures that stay until the credentials change: the facts they hide are not checkable. */
const DENIALS: AwsFailureKind[] = ['access-denied', 'decryption-failure'];

export class SecretPreviews implements SecretFacts {
  private readonly metadata = new Map<string, Entry<SecretMetadata>>();
  private readonly shapes = new Map<string, Entry<SecretShape>>();
  /** JSON keys of secrets seen, without values, so json_value paths stay checked after a shape expires. */
  private readonly keys = new Map<string, { expires: number; keys: JsonKeys }>();
  /** Version ids and stages of secrets described, kept as long as their metadata. */
  private readonly versionsKnown = new Map<string, { expires: number; versions: Versions }>();
  /** Facts the credentials may not read, by `fact arn`. */
  private readonly denials = new Map<string, { expires: number; failure: AwsFailure }>();
  /** When each fact of each secret (`fact arn`) was last fetched in the background. */
  private readonly requests = new Map<string, number>();
  private gateway?: SecretsGateway;

  constructor(private settings: PreviewSettings) {}

  configure(settings: PreviewSettings): void {
    if (settings.revealTrailing !== this.settings.revealTrailing) this.shapes.clear();
    this.settings = settings;
  }

  /** Forgets everything when the gateway (profile, region, endpoint) changes. */
  useGateway(gateway: SecretsGateway): void {
    if (gateway === this.gateway) return;
    this.gateway = gateway;
    this.metadata.clear();
    this.shapes.clear();
    this.keys.clear();
    this.versionsKnown.clear();
    this.denials.clear();
    this.requests.clear();
  }

  /** Forgets what is known of a secret whose value changed, by each id it may be asked by. */
  forget(secretIds: string[]): void {
    for (const id of secretIds) {
      this.metadata.delete(id);
      this.shapes.delete(id);
      this.keys.delete(id);
      this.versionsKnown.delete(id);
      for (const fact of FACTS) {
        this.denials.delete(`${fact} ${id}`);
        this.requests.delete(`${fact} ${id}`);
      }
    }
  }

  describe(secretId: string): Promise<Outcome<SecretMetadata>> {
    return cached(
      this.metadata,
      secretId,
      this.settings.metadataCacheMs,
      async (gateway) => {
        const metadata = await gateway.describeSecret(secretId);
        if (metadata.versions)
          this.versionsKnown.set(secretId, { expires: Date.now() + this.settings.metadataCacheMs, versions: metadata.versions });
        return metadata;
      },
      this.gateway!,
    );
  }

  shape(secretId: string): Promise<Outcome<SecretShape>> {
    return cached(
      this.shapes,
      secretId,
      this.settings.valueCacheMs,
      async (gateway) => {
        const value = await gateway.getSecretValue(secretId);
        const shape = shapeOf(value, this.settings.revealTrailing);
        const keys: JsonKeys =
          shape.kind === 'json'
            ? {
                json: true,
                paths: new Map(shape.fields.map(({ path, type, segments }) => [path, { type, segments }])),
                skeleton: value.kind === 'string' ? skeletonOf(value.text) : undefined,
              }
            : { json: false, binary: shape.kind === 'binary' };
        this.keys.set(secretId, { expires: Date.now() + this.settings.metadataCacheMs, keys });
        return shape;
      },
      this.gateway!,
    );
  }

  /**
   * Fetches the facts of secrets not asked for within the last minute (a failing one is not asked again
   * on every edit). True when something was learned, a denial included.
   */
  async learn(wanted: Record<Fact, string[]>): Promise<boolean> {
    const now = Date.now();
    const due = (fact: Fact) =>
      wanted[fact].filter((arn) => {
        const key = `${fact} ${arn}`;
        if (now - (this.requests.get(key) ?? 0) <= RETRY_MS) return false;
        this.requests.set(key, now);
        return true;
      });
    const fetches = [
      ...due('value').map((arn) => () => this.learned('value', arn, this.shape(arn))),
      ...due('versions').map((arn) => () => this.learned('versions', arn, this.describe(arn))),
    ];
    // A few at a time: thousands started at once would hold the server up.
    let next = 0;
    let learned = false;
    const fetchInTurn = async () => {
      while (next < fetches.length) learned = (await fetches[next++]()) || learned;
    };
    await Promise.all(Array.from({ length: MAX_FETCHES }, fetchInTurn));
    return learned;
  }

  private async learned(fact: Fact, arn: string, fetched: Promise<Outcome<unknown>>): Promise<boolean> {
    const outcome = await fetched;
    const key = `${fact} ${arn}`;
    if (outcome.ok) {
      this.denials.delete(key);
      return true;
    }
    if (!DENIALS.includes(outcome.failure.kind)) return false;
    this.denials.set(key, { expires: Date.now() + this.settings.metadataCacheMs, failure: outcome.failure });
    return true;
  }

  /** The JSON keys of a secret when known from an earlier fetch. */
  jsonKeys(secretId: string): JsonKeys | undefined {
    return unexpired(this.keys.get(secretId))?.keys;
  }

  versions(secretId: string): Versions | undefined {
    return unexpired(this.versionsKnown.get(secretId))?.versions;
  }

  denied(secretId: string, fact: Fact): AwsFailure | undefined {
    return unexpired(this.denials.get(`${fact} ${secretId}`))?.failure;
  }

  /** The whole value, for a reveal or copy the person has confirmed. Never cached. */
  async reveal(secretId: string): Promise<Outcome<SecretValue>> {
    const gateway = this.gateway!;
    try {
      return { ok: true, value: await gateway.getSecretValue(secretId) };
    } catch (error) {
      return { ok: false, failure: toAwsFailure(error, { scope: gateway.scope, secretId }) };
    }
  }
}

const FACTS: Fact[] = ['value', 'versions'];

function unexpired<T extends { expires: number }>(entry: T | undefined): T | undefined {
  return entry && entry.expires > Date.now() ? entry : undefined;
}

function cached<T>(
  entries: Map<string, Entry<T>>,
  key: string,
  lifetimeMs: number,
  fetch: (gateway: SecretsGateway) => Promise<T>,
  gateway: SecretsGateway,
): Promise<Outcome<T>> {
  const now = Date.now();
  for (const [staleKey, entry] of entries) if (entry.expires <= now) entries.delete(staleKey);
  const hit = entries.get(key);
  if (hit) return hit.outcome;
  const outcome = fetch(gateway).then(
    (value): Outcome<T> => ({ ok: true, value }),
    (error): Outcome<T> => {
      entries.delete(key); // a failure is not remembered: the cause may be gone at the next try
      return { ok: false, failure: toAwsFailure(error, { scope: gateway.scope, secretId: key }) };
    },
  );
  entries.set(key, { expires: now + lifetimeMs, outcome });
  return outcome;
}
