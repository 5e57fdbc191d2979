/** The extension's settings: their section, defaults, and the one place they are read and checked. */

export const SETTINGS_SECTION = 'awsSecretRefs';

/** The settings beside the AWS ones (profile, region, endpoint), which the account layer reads. */
export interface EditorSettings {
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
    completion?: { insert?: unknown };
    secretListTtlMinutes?: unknown;
    hover?: { revealTrailingCharacters?: unknown };
    valueCacheSeconds?: unknown;
    dialects?: { disabled?: unknown; files?: unknown };
  };
  const number = (value: unknown, fallback: number, min: number, max: number) =>
    typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
  return {
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
