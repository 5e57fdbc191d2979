/** What is being typed inside a Mage template: the ground for completion. Looks at the cursor's line only. */
import { valueStartLength } from '../../core/quotes';
import type { CursorContext } from '../dialect';
import { lineEnd } from './jinja';

const SECRET_ID_ARGUMENT = /aws_secret_var\(\s*(?:secret_id\s*=\s*)?(['"])([^'"]*)$/;
const JSON_PATH_ARGUMENT = /json_value\(\s*aws_secret_var\(\s*(?:secret_id\s*=\s*)?(['"])([^'"]*)\1\s*\)\s*,\s*(['"])([^'"]*)$/;
/** A value just begun: nothing, a quote, braces, or the first letters of the function. */
const TEMPLATE_START = /^['"]?(?:\{\{?-?\s*)?([a-z_]*)$/;

export function mageCursorContext(text: string, offset: number): CursorContext | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const end = lineEnd(text, offset);
  const before = text.slice(lineStart, offset);
  const after = text.slice(offset, end);

  const open = before.lastIndexOf('{{');
  if (open >= 0 && before.indexOf('}}', open) < 0) {
    const template = before.slice(open);
    const path = JSON_PATH_ARGUMENT.exec(template);
    if (path) {
      const rest = restOfString(after, path[3]);
      return {
        kind: 'jsonKey',
        secretId: path[2],
        typed: path[4],
        replace: { start: offset - path[4].length, end: offset + rest.length },
        closing: rest.closed ? '' : path[3],
      };
    }
    const id = SECRET_ID_ARGUMENT.exec(template);
    if (id) {
      const rest = restOfString(after, id[1]);
      const following = after.slice(rest.length + (rest.closed ? 1 : 0));
      return {
        kind: 'secretId',
        typed: id[2],
        replace: { start: offset - id[2].length, end: offset + rest.length },
        closing: (rest.closed ? '' : id[1]) + (/^\s*[),]/.test(following) ? '' : ')'),
      };
    }
    // Otherwise a template just begun (`"{{ aws`) may still be the start of a value, below.
  }

  const valueStart = valueStartLength(before);
  if (valueStart === undefined) return undefined;
  const value = before.slice(valueStart);
  const word = TEMPLATE_START.exec(value)?.[1];
  if (word !== undefined && 'aws_secret_var'.startsWith(word)) {
    // Take in what the editor closed automatically (a quote, braces) so the reference replaces it too.
    const closers = /^['"}\s]*$/.test(after) ? after.length : 0;
    return { kind: 'newReference', typed: value, replace: { start: offset - value.length, end: offset + closers } };
  }
  return undefined;
}

/** The rest of a string after the cursor, up to its closing quote when there is one on the line. */
function restOfString(after: string, quote: string): { length: number; closed: boolean } {
  const close = after.indexOf(quote);
  const stop = after.search(/[)}\s,]/);
  if (close >= 0 && (stop < 0 || close < stop)) return { length: close, closed: true };
  return { length: stop < 0 ? after.length : stop, closed: false };
}
