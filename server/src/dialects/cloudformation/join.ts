/**
 * `Fn::Join` read as CloudFormation joins it, for a dynamic reference split across its pieces (CDK writes
 * `Fn::Join ['', ['{{resolve:secretsmanager:', {Ref: Secret}, ':SecretString:password::}}']]`). With the
 * delimiter '', the pieces are concatenated: a literal piece is its text, `Ref` and `GetAtt` are `${X}` and
 * `${X.Y}` as in `!Sub`, any other intrinsic is dynamic (`${}`). With another delimiter, only literal pieces
 * are joined.
 */
import type { Scalar } from 'yaml';
import { yaml } from '../../core/libraries';
import type { Span } from '../../core/model';
import { readDocuments } from '../../core/yamlNodes';

/**
 * A stretch `from`–`to` of the joined text and the piece (or delimiter) it comes from, at `span`; `at` is the
 * document offset of its first character when the document holds its text character for character.
 */
interface Stretch {
  from: number;
  to: number;
  span: Span;
  at?: number;
}

export interface Join {
  text: string;
  stretches: Stretch[];
}

/** Nodes of the documents looked at, at most. */
const MAX_NODES = 200_000;
const DYNAMIC = '${}';

/** Every `!Join` and `Fn::Join` of the text whose arguments can be read. */
export function readJoins(text: string): Join[] {
  const joins: Join[] = [];
  const stack: unknown[] = readDocuments(text);
  for (let visited = 0; stack.length > 0 && visited < MAX_NODES; visited++) {
    const node = stack.pop();
    if (yaml().isSeq(node)) {
      const join = node.tag === '!Join' ? joined(text, node.items) : undefined;
      if (join) joins.push(join);
      for (const item of node.items) stack.push(item);
    } else if (yaml().isMap(node)) {
      const [pair] = node.items;
      const join =
        node.items.length === 1 && yaml().isScalar(pair.key) && pair.key.value === 'Fn::Join' && yaml().isSeq(pair.value)
          ? joined(text, pair.value.items)
          : undefined;
      if (join) joins.push(join);
      for (const item of node.items) stack.push(item.value);
    }
  }
  return joins;
}

/** The stretch that holds a character of the joined text (the last one for its end). */
export function stretchAt(join: Join, offset: number): Stretch {
  return join.stretches.find((stretch) => offset >= stretch.from && offset < stretch.to) ?? join.stretches[join.stretches.length - 1];
}

/** Where a span of the joined text is in the document, and whether exactly (one literal piece holds all of it). */
export function placeInJoin(join: Join, span: Span): { span: Span; exact: boolean } {
  const first = stretchAt(join, span.start);
  const last = span.end > span.start ? stretchAt(join, span.end - 1) : first;
  const start = first.at === undefined ? first.span.start : first.at + span.start - first.from;
  const end = last.at === undefined ? last.span.end : last.at + span.end - last.from;
  return { span: { start, end }, exact: first === last && first.at !== undefined };
}

/** The join of `[delimiter, [pieces…]]`; undefined when CloudFormation's result cannot be told. */
function joined(text: string, args: unknown[]): Join | undefined {
  const [delimiter, list] = args;
  if (args.length !== 2 || !yaml().isScalar(delimiter) || delimiter.tag || typeof delimiter.value !== 'string' || !delimiter.range)
    return undefined;
  if (!yaml().isSeq(list)) return undefined;
  const pieces = list.items.map((item) => piece(text, item));
  if (pieces.some((found) => found === undefined) || (delimiter.value !== '' && pieces.some((found) => !found!.literal))) return undefined;
  const join: Join = { text: '', stretches: [] };
  const add = (part: string, span: Span, at?: number) => {
    join.stretches.push({ from: join.text.length, to: join.text.length + part.length, span, at });
    join.text += part;
  };
  pieces.forEach((found, index) => {
    if (index > 0 && delimiter.value !== '') add(delimiter.value as string, spanOf(delimiter.range!));
    add(found!.text, found!.span, found!.at);
  });
  return join.stretches.length > 0 ? join : undefined;
}

/** A piece's text in the join: a literal's value, `${X}` for a `Ref` or `GetAtt`, `${}` for another intrinsic. */
function piece(text: string, node: unknown): { text: string; span: Span; literal: boolean; at?: number } | undefined {
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  if (!range) return undefined;
  const span = spanOf(range);
  if (yaml().isScalar(node) && !node.tag) {
    const value = String(node.value);
    const quoted = node.type === yaml().Scalar.QUOTE_SINGLE || node.type === yaml().Scalar.QUOTE_DOUBLE;
    const inner = { start: span.start + (quoted ? 1 : 0), end: span.end - (quoted ? 1 : 0) };
    return { text: value, span, literal: true, at: text.slice(inner.start, inner.end) === value ? inner.start : undefined };
  }
  const intrinsic = yaml().isScalar(node) ? { name: node.tag, argument: node.value as unknown } : singleKey(node);
  const name = intrinsic?.name?.replace(/^(?:!|Fn::)/, '');
  const argument = intrinsic?.argument;
  if (name === 'Ref' && typeof argument === 'string') return { text: `\${${argument}}`, span, literal: false };
  if (name === 'GetAtt') {
    const parts = yaml().isSeq(argument) ? argument.items.map((item) => (yaml().isScalar(item) ? item.value : undefined)) : [argument];
    if (parts.every((part) => typeof part === 'string')) return { text: `\${${parts.join('.')}}`, span, literal: false };
  }
  return { text: DYNAMIC, span, literal: false };
}

/** The key and value of a mapping of one entry (`{Ref: X}`), the value as a scalar's value or the node. */
function singleKey(node: unknown): { name: string; argument: unknown } | undefined {
  if (!yaml().isMap(node) || node.items.length !== 1 || !yaml().isScalar(node.items[0].key)) return undefined;
  const { key, value } = node.items[0];
  return { name: String((key as Scalar).value), argument: yaml().isScalar(value) ? value.value : value };
}

function spanOf(range: [number, number, number]): Span {
  return { start: range[0], end: range[1] };
}
