/**
 * Metadata and masked shapes of secrets, fetched on demand and held briefly. A value is masked as
 * soon as it arrives and then dropped; only an explicit, confirmed reveal returns it whole.
 */
import { AwsFailure, SecretMetadata, SecretsGateway, SecretValue, toAwsFailure } from '../aws';
import { JsonType, SecretShape, shapeOf } from '../core/secretShape';

/** What is known of a secret's JSON keys, each path with the type of its value: a string that is not JSON has none. */
export type JsonKeys = { json: true; paths: Map<string, JsonType> } | { json: false };

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

const KEY_RETRY_MS = 60_000;

export class SecretPreviews {
  private readonly metadata = new Map<string, Entry<SecretMetadata>>();
  private readonly shapes = new Map<string, Entry<SecretShape>>();
  /** JSON keys of secrets seen, without values, so json_value paths stay checked after a shape expires. */
  private readonly keys = new Map<string, { expires: number; keys: JsonKeys }>();
  /** When the keys of each secret were last fetched in the background. */
  private readonly keyRequests = new Map<string, number>();
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
    this.keyRequests.clear();
  }

  /** Forgets what is known of a secret whose value changed, by each id it may be asked by. */
  forget(secretIds: string[]): void {
    for (const id of secretIds) {
      this.metadata.delete(id);
      this.shapes.delete(id);
      this.keys.delete(id);
      this.keyRequests.delete(id);
    }
  }

  describe(secretId: string): Promise<Outcome<SecretMetadata>> {
    return cached(this.metadata, secretId, this.settings.metadataCacheMs, (gateway) => gateway.describeSecret(secretId), this.gateway!);
  }

  shape(secretId: string): Promise<Outcome<SecretShape>> {
    return cached(
      this.shapes,
      secretId,
      this.settings.valueCacheMs,
      async (gateway) => {
        const shape = shapeOf(await gateway.getSecretValue(secretId), this.settings.revealTrailing);
        const keys: JsonKeys = shape.kind === 'json' ? { json: true, paths: new Map(shape.fields.map((field) => [field.path, field.type])) } : { json: false };
        this.keys.set(secretId, { expires: Date.now() + this.settings.metadataCacheMs, keys });
        return shape;
      },
      this.gateway!,
    );
  }

  /**
   * Fetches the JSON keys of secrets not asked for within the last minute (a failing one is not
   * asked again on every edit). True when keys were learned.
   */
  async fetchJsonKeys(arns: string[]): Promise<boolean> {
    const now = Date.now();
    const due = arns.filter((arn) => now - (this.keyRequests.get(arn) ?? 0) > KEY_RETRY_MS);
    due.forEach((arn) => this.keyRequests.set(arn, now));
    const outcomes = await Promise.all(due.map((arn) => this.shape(arn)));
    return outcomes.some((outcome) => outcome.ok);
  }

  /** The JSON keys of a secret when known from an earlier fetch. */
  jsonKeys(secretId: string): JsonKeys | undefined {
    const entry = this.keys.get(secretId);
    return entry && entry.expires > Date.now() ? entry.keys : undefined;
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
