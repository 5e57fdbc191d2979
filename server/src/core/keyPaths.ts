/**
 * A value inside a secret's JSON as each reader writes its path: Mage's `json_value` (`db.hosts[0]`), gjson for
 * External Secrets' `property` (`db.hosts.0`), JMESPath for the CSI driver's `jmesPath` (`db."host-name"`).
 */

/** The keys and array indexes that lead from the top of a JSON value to one inside it. */
export type PathSegment = string | number;

/** The path syntaxes of readers that name a value inside the secret, beside `json_value`'s. */
export type KeyPathSyntax = 'gjson' | 'jmespath';

/** A `json_value` path: keys joined by dots, indexes in brackets (`db.hosts[0]`). */
export function jsonValuePath(segments: readonly PathSegment[]): string {
  return dotted(segments, (key) => key);
}

/** Characters with a meaning in a gjson path (tidwall/gjson SYNTAX.md), escaped with `\` to be read as they are. */
const GJSON_SPECIAL = /[.|#@\\*!?]/g;

/**
 * A gjson path as External Secrets reads `property`: a top-level key that holds dots is written as it is, since the
 * provider first looks the property up as a literal key (`escapeDotsIfRequired`); other keys have gjson's special
 * characters escaped, and indexes are keys (`friends.1.first`).
 */
export function gjsonPath(segments: readonly PathSegment[]): string {
  const [first] = segments;
  if (segments.length === 1 && typeof first === 'string' && !/[|#@\\*!?]/.test(first)) return first;
  return segments.map((segment) => String(segment).replace(GJSON_SPECIAL, '\\$&')).join('.');
}

const JMES_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A JMESPath: identifiers bare, other keys as quoted identifiers (a JSON string), indexes in brackets. */
export function jmesPathOf(segments: readonly PathSegment[]): string {
  return dotted(segments, (key) => (JMES_IDENTIFIER.test(key) ? key : JSON.stringify(key)));
}

/** Keys, each written by `key`, joined by dots; indexes in brackets. */
function dotted(segments: readonly PathSegment[], key: (name: string) => string): string {
  return segments
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${key(segment)}`))
    .join('');
}

/** The path of a value in a reader's syntax, `json_value`'s without one. */
export function keyPathIn(syntax: KeyPathSyntax | undefined, segments: readonly PathSegment[]): string {
  return syntax === 'gjson' ? gjsonPath(segments) : syntax === 'jmespath' ? jmesPathOf(segments) : jsonValuePath(segments);
}

/** Whether `path`, written in a reader's syntax (`json_value`'s without one), names the value at `segments`. */
export function pathNames(path: string, segments: readonly PathSegment[], syntax: KeyPathSyntax | undefined): boolean {
  return keyPathIn(syntax, segments) === asKeyPath(path, syntax);
}

/** `path` as `keyPathIn` would write it: a `json_value` path normalized, a path of another syntax as it is. */
export function asKeyPath(path: string, syntax: KeyPathSyntax | undefined): string {
  return syntax ? path : normalizeJsonPath(path);
}

/** A `json_value` path as listed in a shape: `a.b[0]`, also when the index was written `a.b.0`. */
function normalizeJsonPath(path: string): string {
  return path.trim().replace(/\.(\d+)(?=\.|\[|$)/g, '[$1]');
}
