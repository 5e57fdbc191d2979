/**
 * A new key in the JSON object a secret holds, for a value moved into an existing secret: refused
 * unless the value is a JSON object without that key, and every other character of it kept.
 */

export type JsonKeyAddition = { ok: true; text: string } | { ok: false; kind: 'not-json-object' | 'json-key-taken'; message: string };

type CurrentValue = { kind: 'string'; text: string } | { kind: 'binary'; byteLength: number };

/** The secret's value with `key` set to the string `value` after its last key, or why that cannot be. */
export function addJsonKey(secretId: string, current: CurrentValue, key: string, value: string): JsonKeyAddition {
  const ownSecret = 'store the value as a secret of its own';
  const object = current.kind === 'string' ? jsonObject(current.text) : undefined;
  if (current.kind === 'binary' || !object) {
    const held = current.kind === 'binary' ? 'binary data' : 'a value that is not a JSON object';
    return {
      ok: false,
      kind: 'not-json-object',
      message: `Secret '${secretId}' holds ${held}, so no key can be added to it: ${ownSecret}.`,
    };
  }
  if (Object.hasOwn(object, key)) {
    return {
      ok: false,
      kind: 'json-key-taken',
      message: `Secret '${secretId}' already has a JSON key '${key}', which is kept as it is: ${ownSecret}, or use another key.`,
    };
  }
  const text = current.text;
  // Right after the last member (or the opening brace), so the rest of the text stays as it was.
  const end = text.slice(0, text.lastIndexOf('}')).trimEnd().length;
  const member = `${Object.keys(object).length > 0 ? ',' : ''}${JSON.stringify(key)}:${JSON.stringify(value)}`;
  return { ok: true, text: text.slice(0, end) + member + text.slice(end) };
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
