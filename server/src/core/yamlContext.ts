/**
 * The YAML structure around each place in the text, read with the `yaml` package's lexer: far
 * cheaper than building a document, and it never throws on broken YAML.
 */
import { yaml } from './libraries';
import { Span } from './model';
import { everyNth } from './steps';

export type ScalarStyle = 'plain' | 'single' | 'double' | 'block' | 'flow';

/** A YAML value: a scalar, or (`flow`) the first `{`/`[` of a flow collection. */
export interface YamlValue {
  span: Span;
  style: ScalarStyle;
  /** Column of the value's first character. */
  column: number;
  /** The key whose value this is, or that holds the sequence it is in. */
  key?: string;
  /** The top-level key above it: a profile in Mage's io_config.yaml. */
  profile?: string;
  /** The keys from the document's root down to this value; `-` stands for a sequence item. */
  path: string[];
  /** Which YAML document of the stream (separated by `---`) holds it, from 0. */
  document: number;
  /** Its YAML tag, e.g. `!Sub` or `!Ref`. */
  tag?: string;
  /** Inside a `[...]` or `{...}` collection. */
  inFlow: boolean;
}

export interface YamlContext {
  values: YamlValue[];
  comments: Span[];
  /** Where each key in column 0 outside `[...]`/`{...}` starts (a Mage profile): the reading starts afresh there. */
  topLevelKeys: number[];
  /** Where each line starts whose first thing is a key directly under one in column 0 (a template's resource). */
  secondLevelKeys: number[];
  /**
   * A quoted scalar is left open (its closing quote missing, or beyond a line less indented than it): where
   * the lexer ends it depends on the text after it, up to the end of the document.
   */
  quoteLeftOpen?: true;
  /** Where reading stopped and why, when the lexer failed before the end (deep nesting overflows its stack). */
  failure?: { offset: number; tooDeep: boolean };
}

/**
 * A key open at some place, linked to the one it is under: a value keeps the key it is under and
 * its path is built at the end, so a line of thousands of nested keys costs time linear in its length.
 */
interface OpenKey {
  /** The key, or `-` for a sequence item. */
  key: string;
  column: number;
  parent: OpenKey | undefined;
  /** The top-level key above it (or itself) when that key is in column 0: a profile in Mage's io_config.yaml. */
  profile: string | undefined;
  /** The nearest key above it (or itself) that is not a sequence item. */
  named: string | undefined;
  /** The keys from the root down to it, once a value under it needed them. */
  path?: string[];
}

const SEQUENCE_ITEM = '-';
/** The path of a value under no key, shared: a huge document has hundreds of thousands of values. */
const NO_PATH: string[] = [];

/** Tokens between pauses when reading in steps, so a huge file never blocks other work. */
const TOKENS_PER_STEP = 1_000;

/** Reads the YAML context, yielding now and then so that a caller can pause between steps. */
export function* readYamlContext(text: string): Generator<void, YamlContext> {
  const values: YamlValue[] = [];
  const comments: Span[] = [];
  const topLevelKeys: number[] = [];
  const secondLevelKeys: number[] = [];
  /** The innermost open key. */
  let keys: OpenKey | undefined;
  /** The key each value is under, for its path, by the value's index in `values` (an array: a map of them grows in long pauses). */
  const under: (OpenKey | undefined)[] = [];
  let offset = 0;
  let lineStart = 0;
  let flowDepth = 0;
  let scalarNext = false;
  let blockHeader: YamlValue | undefined;
  let document = 0;
  let documentHasContent = false;
  let tag: string | undefined;
  let quoteLeftOpen = false;
  const pause = everyNth(TOKENS_PER_STEP);

  const closeKeysFrom = (column: number) => {
    while (keys && keys.column >= column) keys = keys.parent;
  };
  const openKey = (key: string, column: number) => {
    const parent = keys;
    const topProfile = column === 0 && key !== SEQUENCE_ITEM ? key : undefined;
    keys = { key, column, parent, profile: parent ? parent.profile : topProfile, named: key === SEQUENCE_ITEM ? parent?.named : key };
  };
  const valueAt = (start: number, end: number, style: ScalarStyle): YamlValue => {
    const value: YamlValue = {
      span: { start, end },
      style,
      column: start - lineStart,
      key: keys?.named,
      profile: keys?.profile,
      path: NO_PATH,
      document,
      tag: takeTag(),
      inFlow: flowDepth > 0,
    };
    return value;
  };
  /** Keeps a value, with the key it is under (a block scalar's header: no key opens or closes before its content). */
  const push = (value: YamlValue) => {
    values.push(value);
    under.push(keys);
  };
  const pop = () => {
    values.pop();
    under.pop();
  };
  const takeTag = () => {
    const taken = tag;
    tag = undefined;
    return taken;
  };

  const { CST } = yaml();
  let failure: YamlContext['failure'];
  for (const token of lexUntilFailure(text, (error) => (failure = { offset, tooDeep: error instanceof RangeError }))) {
    if (pause()) yield;
    if (token.length === 1 && token !== text[offset]) {
      // A control marker of the lexer, not part of the source.
      if (token === CST.SCALAR) scalarNext = true;
      // The lexer gave up on a `{`/`[` left open at a line less indented than it (`{# comment #}` in a Mage file): block YAML again.
      if (token === CST.FLOW_END) flowDepth = 0;
      continue;
    }
    const start = offset;
    offset += token.length;
    const type = CST.tokenType(token);
    if (
      scalarNext ||
      type === 'single-quoted-scalar' ||
      type === 'double-quoted-scalar' ||
      type === 'flow-map-start' ||
      type === 'flow-seq-start'
    ) {
      documentHasContent = true;
    }
    if (scalarNext && blockHeader) {
      // The content of a `|` or `>` block scalar always follows its header.
      blockHeader.span.end = offset;
      push(blockHeader);
      blockHeader = undefined;
    } else if (scalarNext || type === 'single-quoted-scalar' || type === 'double-quoted-scalar') {
      const style = scalarNext ? 'plain' : type === 'single-quoted-scalar' ? 'single' : 'double';
      if (style !== 'plain' && !isClosed(token)) quoteLeftOpen = true;
      // Whether a scalar is a key is known only when a ':' follows; it counts as a value until then.
      push(valueAt(start, offset, style));
    } else {
      switch (type) {
        case 'map-value-ind': {
          const last = values[values.length - 1];
          if (last && flowDepth > 0) {
            if (last.inFlow) pop();
          } else if (last && !last.inFlow && last.style !== 'block' && lineStart <= last.span.end) {
            // (No line break between the scalar and the ':'.)
            pop();
            if (last.column === 0) topLevelKeys.push(last.span.start);
            closeKeysFrom(last.column);
            if (keys?.column === 0 && keys.key !== SEQUENCE_ITEM && /^ +$/.test(text.slice(lineStart, last.span.start)))
              secondLevelKeys.push(lineStart);
            openKey(scalarText(text, last), last.column);
          }
          break;
        }
        case 'seq-item-ind': {
          // A sequence may stand at its key's own column (`key:` then `- item`): that key stays open.
          const column = start - lineStart;
          while (keys && keys.column >= column + (keys.key === SEQUENCE_ITEM ? 0 : 1)) keys = keys.parent;
          openKey(SEQUENCE_ITEM, column);
          break;
        }
        case 'block-scalar-header':
          blockHeader = valueAt(start, offset, 'block');
          break;
        case 'flow-map-start':
        case 'flow-seq-start':
          if (flowDepth === 0) push(valueAt(start, offset, 'flow'));
          flowDepth++;
          break;
        case 'flow-map-end':
        case 'flow-seq-end':
          flowDepth = Math.max(0, flowDepth - 1);
          break;
        case 'comment':
          comments.push({ start, end: offset });
          break;
        case 'tag':
          tag = token;
          break;
        case 'byte-order-mark':
          // Not part of the first line's text: the first key still stands in column 0.
          lineStart = offset;
          break;
        case 'doc-start':
          if (documentHasContent) document++;
          documentHasContent = false;
          keys = undefined;
          flowDepth = 0;
          break;
        case 'doc-end':
          keys = undefined;
          flowDepth = 0;
          break;
      }
    }
    scalarNext = false;
    const newline = token.lastIndexOf('\n');
    if (newline >= 0) lineStart = start + newline + 1;
  }
  yield* setPaths(values, under);
  return { values, comments, topLevelKeys, secondLevelKeys, ...(quoteLeftOpen && { quoteLeftOpen }), ...(failure && { failure }) };
}

/** Whether a quoted scalar's token ends with its closing quote (not with an escaped or doubled one). */
function isClosed(token: string): boolean {
  const quote = token[0];
  const escape = quote === '"' ? '\\' : quote;
  let run = 0;
  while (token.length - 2 - run > 0 && token[token.length - 2 - run] === escape) run++;
  // Escapes come in pairs before a closing quote: `\\"` or `'''` (the opening quote never counts).
  return token.length >= 2 && token[token.length - 1] === quote && run % 2 === 0;
}

/** Each value's path from the root, built once per key that values are under (and kept on the key). */
function* setPaths(values: YamlValue[], under: (OpenKey | undefined)[]): Generator<void> {
  const pause = everyNth(TOKENS_PER_STEP);
  const pathOf = (open: OpenKey): string[] => {
    if (!open.path) {
      // Iterative: the chain can be as long as a line is.
      const chain: OpenKey[] = [];
      let known: string[] = [];
      for (let step: OpenKey | undefined = open; step; step = step.parent) {
        if (step.path) {
          known = step.path;
          break;
        }
        chain.push(step);
      }
      open.path = [...known, ...chain.reverse().map((step) => step.key)];
    }
    return open.path;
  };
  for (const [index, value] of values.entries()) {
    if (pause()) yield;
    const open = under[index];
    if (open) value.path = pathOf(open);
  }
}

/** The lexer's tokens, ending early when it throws: thousands of `- ` on one line overflow its stack. */
function* lexUntilFailure(text: string, onFailure: (error: unknown) => void): Generator<string> {
  try {
    const { Lexer } = yaml();
    yield* new Lexer().lex(text);
  } catch (error) {
    onFailure(error);
  }
}

/** A scalar's text without its quotes (escapes of double quotes left as written). */
export function scalarText(text: string, value: YamlValue): string {
  const source = text.slice(value.span.start, value.span.end);
  if (value.style === 'single') return source.slice(1, -1).replace(/''/g, "'");
  if (value.style === 'double') return source.slice(1, -1);
  return source.trim();
}
