/**
 * What may be shown of a secret's value: its shape (kind, length, JSON keys and their types) with
 * every value masked, and the `json_value` paths it offers. Nothing here keeps the value itself.
 */

import { jsonValuePath, PathSegment } from './keyPaths';

export type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';

export interface MaskedField {
  /** A `json_value` path, e.g. `db.hosts[0]`. */
  path: string;
  /** The keys and indexes of the path, for readers that write it otherwise. */
  segments: PathSegment[];
  type: JsonType;
  /** The masked value of a string or number; undefined for containers. */
  masked?: string;
}

/** The keys of a JSON object, each to the keys of its value when that is an object or a string of JSON text holding one, else null. */
export interface KeyTree {
  [key: string]: KeyTree | null;
}

export type SecretShape =
  | { kind: 'string'; masked: string; length: number }
  /** `objects`: the keys of the value when it is an object (not an array). */
  | { kind: 'json'; fields: MaskedField[]; objects?: KeyTree }
  | { kind: 'binary'; byteLength: number };

const MASK_CHAR = '•';
/** Masks show at most this many characters, so that they do not tell the length by themselves. */
const MASK_WIDTH = 8;
/** Nested paths listed at most, so that a huge JSON secret cannot flood a hover or a completion list. */
const MAX_FIELDS = 200;
export const MAX_REVEALED_CHARACTERS = 4;

/** Masks a plain value, showing up to `revealTrailing` (at most 4) of its last characters. */
export function mask(value: string, revealTrailing = 0): string {
  const shown = Math.min(Math.max(0, Math.floor(revealTrailing)), MAX_REVEALED_CHARACTERS, Math.floor(value.length / 3));
  return MASK_CHAR.repeat(MASK_WIDTH) + (shown > 0 ? value.slice(-shown) : '');
}

export function shapeOf(value: { kind: 'string'; text: string } | { kind: 'binary'; byteLength: number }, revealTrailing = 0): SecretShape {
  if (value.kind === 'binary') return { kind: 'binary', byteLength: value.byteLength };
  const parsed = parseJsonContainer(value.text);
  if (parsed === undefined) return { kind: 'string', masked: mask(value.text, revealTrailing), length: value.text.length };
  const fields: MaskedField[] = [];
  collectFields(parsed, [], fields, revealTrailing);
  const objects = objectIn(parsed);
  return objects ? { kind: 'json', fields, objects: keyTree(objects) } : { kind: 'json', fields };
}

function keyTree(node: object): KeyTree {
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => {
      const object = objectIn(value);
      return [key, object ? keyTree(object) : null];
    }),
  );
}

/** The value when it is an object (not an array), or the object a string of JSON text holds. */
function objectIn(value: unknown): object | undefined {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : undefined;
}

function collectFields(node: unknown, path: PathSegment[], fields: MaskedField[], revealTrailing: number): void {
  const entries: [PathSegment, unknown][] = Array.isArray(node) ? node.map((item, index) => [index, item]) : Object.entries(node as object);
  for (const [segment, child] of entries) {
    if (fields.length >= MAX_FIELDS) return;
    const segments = [...path, segment];
    const type = jsonType(child);
    const masked = type === 'string' || type === 'number' ? mask(String(child), revealTrailing) : undefined;
    fields.push({ path: jsonValuePath(segments), segments, type, masked });
    if (type === 'object' || type === 'array') collectFields(child, segments, fields, revealTrailing);
  }
}

/** Nodes a skeleton holds at most: a bigger value gets none, and what needs one is not checked. */
const MAX_SKELETON_NODES = 2000;

/**
 * The structure of a JSON object or array value with no value in it: every string becomes '', every
 * number 0, every boolean false, so that what a path finds can be told by kind without the secret.
 */
export function skeletonOf(text: string): object | undefined {
  const parsed = parseJsonContainer(text);
  let nodes = 0;
  const strip = (node: unknown): unknown => {
    if (++nodes > MAX_SKELETON_NODES) throw new RangeError('too large');
    if (Array.isArray(node)) return node.map(strip);
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node as Record<string, unknown>).map(([key, item]) => [key, strip(item)]));
    }
    return typeof node === 'string' ? '' : typeof node === 'number' ? 0 : typeof node === 'boolean' ? false : null;
  };
  try {
    return parsed === undefined ? undefined : (strip(parsed) as object);
  } catch {
    return undefined;
  }
}

function parseJsonContainer(text: string): object | undefined {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as JsonType;
}
