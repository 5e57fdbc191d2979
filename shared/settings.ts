/** The extension's settings: their section, defaults, and the one place they are read and checked. */

export const SETTINGS_SECTION = 'awsSecretRefs';

/** Where secrets are read; unset values are filled from the environment and the AWS files by the account layer. */
export interface AwsScopeSettings {
  profile?: string;
  region?: string;
  endpoint?: string;
}

export interface EditorSettings {
  aws: AwsScopeSettings;
  insertArn: boolean;
  listTtlMinutes: number;
  /** Trailing characters a masked preview may show (0 to 4). */
  revealTrailing: number;
  valueCacheSeconds: number;
  /** Ids of dialects turned off. */
  disabledDialects: string[];
  /** Globs added to a dialect's own, by dialect id. */
  dialectFiles: Record<string, string[]>;
}

export const DEFAULT_SETTINGS: EditorSettings = {
  aws: {},
  insertArn: false,
  listTtlMinutes: 5,
  revealTrailing: 0,
  valueCacheSeconds: 60,
  disabledDialects: [],
  dialectFiles: {},
};

/** The settings from the section's raw values: anything of the wrong type or out of range falls back to its default. */
export function readEditorSettings(section: unknown): EditorSettings {
  const values = (section ?? {}) as {
    profile?: unknown;
    region?: unknown;
    endpoint?: unknown;
    completion?: { insert?: unknown };
    secretListTtlMinutes?: unknown;
    hover?: { revealTrailingCharacters?: unknown };
    valueCacheSeconds?: unknown;
    dialects?: { disabled?: unknown; files?: unknown };
  };
  const number = (value: unknown, fallback: number, min: number, max: number) =>
    typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
  // Blank values count as unset.
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  return {
    aws: { profile: text(values.profile), region: text(values.region), endpoint: text(values.endpoint) },
    insertArn: values.completion?.insert === 'arn',
    listTtlMinutes: number(values.secretListTtlMinutes, DEFAULT_SETTINGS.listTtlMinutes, 1, 24 * 60),
    revealTrailing: number(values.hover?.revealTrailingCharacters, DEFAULT_SETTINGS.revealTrailing, 0, 4),
    valueCacheSeconds: number(values.valueCacheSeconds, DEFAULT_SETTINGS.valueCacheSeconds, 0, 3600),
    disabledDialects: strings(values.dialects?.disabled),
    dialectFiles: Object.fromEntries(Object.entries(objectOf(values.dialects?.files)).map(([id, globs]) => [id, strings(globs)])),
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item !== '') : [];
}

function objectOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
