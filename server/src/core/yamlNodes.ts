/**
 * YAML documents as trees, for dialects that read a manifest's structure (a Kubernetes kind, a
 * workflow's steps) rather than single values: fields by key, and scalars with where their text is.
 */
import type { Node } from 'yaml';
import { yaml } from './libraries';
import type { Span } from './model';

/** A scalar's text: `span` covers the characters of `value` (inside the quotes), or the whole scalar when they differ. */
export interface TextValue {
  value: string;
  span: Span;
  /** Holds a template (`{{ }}`, `${{ }}`): filled in by a chart or a workflow run, so not checked. */
  dynamic: boolean;
  /** A `|` or `>` block scalar. */
  block: boolean;
  /** `span` holds exactly the characters of `value` (no escapes, folds or indentation in between). */
  exact: boolean;
}

/** Where a piece of text lies in the document: an offset of the piece to one of the document. */
export type OffsetMap = (offset: number) => number;

/** Helm and Jinja templates, workflow expressions `${{ }}`, and `$VAR`/`${VAR}` that envsubst fills in. */
const TEMPLATE = /\{\{|\{%|\$\{|\$[A-Za-z_]/;

/** The top-level nodes of every document of a stream; never throws (Helm templates may make a document unreadable). */
export function readDocuments(text: string): Node[] {
  try {
    const documents = yaml().parseAllDocuments(text);
    return Array.isArray(documents) ? documents.flatMap((document) => (document.contents ? [document.contents as Node] : [])) : [];
  } catch {
    return [];
  }
}

/** One YAML document held in a string (a CSI `objects` block); undefined when it does not read cleanly. */
export function readEmbedded(text: string): Node | undefined {
  try {
    const document = yaml().parseDocument(text);
    return document.errors.length > 0 ? undefined : ((document.contents as Node | null) ?? undefined);
  } catch {
    return undefined;
  }
}

/** The node under `keys` of nested mappings. */
export function field(node: unknown, ...keys: string[]): Node | undefined {
  let current = node;
  for (const key of keys) {
    if (!yaml().isMap(current)) return undefined;
    current = current.get(key, true);
  }
  return (current as Node | undefined) ?? undefined;
}

/** The same, with keys matched in any case, as Go's encoding/json matches struct fields. */
export function fieldAnyCase(node: unknown, ...keys: string[]): Node | undefined {
  let current = node;
  for (const key of keys) {
    if (!yaml().isMap(current)) return undefined;
    const pair = current.items.find((item) => yaml().isScalar(item.key) && String(item.key.value).toLowerCase() === key.toLowerCase());
    current = pair?.value;
  }
  return (current as Node | undefined) ?? undefined;
}

/** Whether a mapping has the key, whatever its value (even empty). */
export function hasField(node: unknown, key: string): boolean {
  return yaml().isMap(node) && node.has(key);
}

/** Where a mapping's key is written (in any case). */
export function keySpan(node: unknown, key: string): Span | undefined {
  const pair = yaml().isMap(node)
    ? node.items.find((item) => yaml().isScalar(item.key) && String(item.key.value).toLowerCase() === key.toLowerCase())
    : undefined;
  const range = pair && yaml().isScalar(pair.key) ? pair.key.range : undefined;
  return range ? { start: range[0], end: range[1] } : undefined;
}

/** The items of a sequence; none for anything else. */
export function items(node: unknown): Node[] {
  return yaml().isSeq(node) ? (node.items as Node[]) : [];
}

/** The mapping's entries whose value is a mapping, e.g. the jobs of a workflow. */
export function mapValues(node: unknown): Node[] {
  return yaml().isMap(node) ? node.items.map((pair) => pair.value as Node).filter((value) => value !== null && value !== undefined) : [];
}

/** A scalar field's text, or undefined when it is missing, empty or a collection. */
export function textOf(text: string, node: unknown, map: OffsetMap = (offset) => offset): TextValue | undefined {
  if (!yaml().isScalar(node) || !node.range || node.value === null || node.value === undefined) return undefined;
  const value = String(node.value);
  const [start, end] = node.range;
  const source = text.slice(start, end);
  const quoted = node.type === yaml().Scalar.QUOTE_DOUBLE || node.type === yaml().Scalar.QUOTE_SINGLE;
  const block = node.type === yaml().Scalar.BLOCK_LITERAL || node.type === yaml().Scalar.BLOCK_FOLDED;
  const inner = quoted ? { start: start + 1, end: end - 1 } : { start, end };
  const exact = text.slice(inner.start, inner.end) === value;
  const span = exact ? inner : { start, end };
  return { value, span: { start: map(span.start), end: map(span.end) }, dynamic: TEMPLATE.test(source), block, exact };
}

/**
 * How offsets of a block scalar's value map to the document: each line of the value is a line of
 * the source with its indentation removed. Undefined when the source does not read that way (a
 * folded or quoted string), so that callers fall back to the whole scalar.
 */
export function blockScalarOffsets(text: string, scalar: TextValue): OffsetMap | undefined {
  if (!scalar.block) return undefined;
  const headerEnd = text.indexOf('\n', scalar.span.start);
  if (headerEnd < 0) return undefined;
  const lines = scalar.value.split('\n');
  const starts: number[] = [];
  const lineStarts: number[] = [];
  let valueLine = 0;
  let sourceLine = headerEnd + 1;
  for (const line of lines) {
    if (sourceLine > scalar.span.end && line !== '') return undefined;
    const lineEnd = text.indexOf('\n', sourceLine);
    const source = text.slice(sourceLine, lineEnd < 0 ? text.length : lineEnd);
    const indent = source.length - line.length;
    if (line !== '' && (indent < 0 || source.slice(indent) !== line)) return undefined;
    starts.push(sourceLine + Math.max(indent, 0));
    lineStarts.push(valueLine);
    valueLine += line.length + 1;
    sourceLine = lineEnd < 0 ? text.length + 1 : lineEnd + 1;
  }
  return (offset) => {
    let index = lineStarts.length - 1;
    while (index > 0 && lineStarts[index] > offset) index--;
    return starts[index] + offset - lineStarts[index];
  };
}

/** A span of the embedded text moved into the document. */
export function mapSpan(span: Span, map: OffsetMap): Span {
  return { start: map(span.start), end: map(span.end) };
}

/** A scalar value being typed after `key:` on the cursor's line, block (`key: va`) or flow (`{key: va`). */
export interface TypedValue {
  typed: string;
  replace: Span;
  /** The quote to close, when one was opened and is not closed yet. */
  closing: string;
}

/** The value typed after `key:`, when the key that holds it (`remoteRef` for `remoteRef:\n  key: `) is one of `parents`. */
export function valueTypedAt(text: string, offset: number, key: string, parents: readonly string[]): TypedValue | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset);
  const before = text.slice(lineStart, offset);
  const after = text.slice(offset, lineEnd < 0 ? text.length : lineEnd);
  const match = /^(\s*(?:-\s+)?)(?:(.*?)\{\s*)?([\w-]+):\s+(['"]?)([^'"#,}\s]*)$/.exec(before);
  if (!match || match[3] !== key) return undefined;
  const [, indent, flowParent, , quote, typed] = match;
  const parent = flowParent !== undefined ? /([\w-]+):\s*$/.exec(flowParent)?.[1] : parentKey(text, lineStart, indent.length);
  if (!parents.includes(parent ?? '')) return undefined;
  const rest = /^[^'"#,}\s]*/.exec(after)![0];
  const closed = quote !== '' && after.slice(rest.length).startsWith(quote);
  return { typed, replace: { start: offset - typed.length, end: offset + rest.length }, closing: quote === '' || closed ? '' : quote };
}

/** The key of the nearest line above `lineStart` that is indented less than `column`. */
export function parentKey(text: string, lineStart: number, column: number): string | undefined {
  return parentLine(text, lineStart, column)?.key;
}

/** A line of a block mapping, read alone: where it starts, its indentation, the `- ` that starts an item, its key and value. */
interface KeyLine {
  start: number;
  indent: number;
  /** Where the key starts: after the indentation and the `- `. */
  column: number;
  item: boolean;
  key?: string;
  value: string;
}

function keyLine(text: string, start: number): KeyLine | undefined {
  const end = text.indexOf('\n', start);
  const line = text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
  if (line.trim() === '' || line.trim().startsWith('#')) return undefined;
  const [, indent, dash = '', key, value = ''] = /^(\s*)(-\s+)?(?:([\w-]+):(?:\s+|$))?(.*)$/.exec(line)!;
  return { start, indent: indent.length, column: indent.length + dash.length, item: dash !== '', key, value };
}

/** The nearest line above `lineStart` whose key is left of `column`. */
function parentLine(text: string, lineStart: number, column: number): KeyLine | undefined {
  for (let end = lineStart - 1; end > 0;) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = keyLine(text, start);
    if (line && line.column < column) return line;
    end = start - 1;
  }
  return undefined;
}

/** The quote a value typed at `replace` is in, if any. */
export function quoteBefore(text: string, replace: Span): '"' | "'" | undefined {
  const before = text[replace.start - 1];
  return before === '"' || before === "'" ? before : undefined;
}

/** A scalar value read from the text: unquoted, and where its characters start. */
export interface ValueAt {
  value: string;
  start: number;
}

/**
 * The value of `key` in the block mapping that holds the line at `lineStart` (of its parent's mapping with `up`), read
 * line by line as while typing the document may not parse.
 */
export function siblingValue(text: string, lineStart: number, key: string, up = false): ValueAt | undefined {
  let own = keyLine(text, lineStart);
  if (own && up) own = parentLine(text, lineStart, own.column);
  if (!own) return undefined;
  const found = (line: KeyLine): ValueAt | undefined => {
    if (line.key !== key) return undefined;
    const quoted = /^(['"])(.*?)\1/.exec(line.value);
    const start = text.indexOf(line.value, line.start + line.column + key.length);
    return quoted ? { value: quoted[2], start: start + 1 } : { value: line.value.replace(/\s+#.*$/, '').trim(), start };
  };
  // Above: lines of the same mapping up to its first, after a `- `; below: up to a line indented less.
  for (let line: KeyLine | undefined = own; line && !line.item;) {
    line = parentLine(text, line.start, own.column + 1);
    if (line?.column !== own.column) break;
    const value = found(line);
    if (value) return value;
  }
  for (let start = text.indexOf('\n', own.start) + 1; start > 0; start = text.indexOf('\n', start) + 1) {
    const line = keyLine(text, start);
    if (!line) continue;
    if (line.indent < own.column || (line.item && line.indent === own.column)) break;
    const value = line.column === own.column ? found(line) : undefined;
    if (value) return value;
  }
  return undefined;
}

/**
 * A string (a secret id, a key path) as a YAML value: plain when YAML reads it back as the same string, else quoted,
 * in single quotes when it holds a double quote; inside quotes, escaped as they need.
 */
export function scalarText(value: string, enclosing: '"' | "'" | undefined): string {
  if (enclosing === "'") return value.replaceAll("'", "''");
  if (enclosing === '"') return value.replace(/["\\]/g, '\\$&');
  const plain = /^[A-Za-z_/][\w/.+=@!:-]*$/.test(value) && !/^(?:true|false|null|yes|no|on|off|y|n)$/i.test(value);
  if (plain) return value;
  return value.includes('"') ? `'${scalarText(value, "'")}'` : `"${scalarText(value, '"')}"`;
}
