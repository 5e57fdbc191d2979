/** Where YAML scalars start and which quote is open at a column of a line. */

export type Quote = '"' | "'";

/** The start of a YAML value: after `key: ` or `- `. */
const VALUE_START = /^\s*(?:-\s+)*(?:[^\s#'"-][^#]*?:\s+|-\s+)/;

/** How many characters of `lineBefore` (a line up to the cursor) come before its value, if it has begun one. */
export function valueStartLength(lineBefore: string): number | undefined {
  return VALUE_START.exec(lineBefore)?.[0].length;
}

/** A key and its colon, with the value still to come (`  API_KEY:`, `- name:`). */
const KEY_WITHOUT_VALUE = /^\s*(?:-\s+)*[^\s#'"-][^#]*?:$/;

/**
 * Whether a whole value can be written at `column` of `line` and keep the YAML valid: right where a value starts
 * or inside a quoted one ('here'), after a space to add (`key:|`), or only on a line of its own ('newLine'), as when
 * the key already holds a block: `nextLine`, the next line that is not blank or a comment, is indented deeper.
 */
export function valuePlacement(line: string, column: number, nextLine = ''): 'here' | 'afterSpace' | 'newLine' {
  if (enclosingQuote(line, column)) return 'here';
  const before = line.slice(0, column);
  const after = line.slice(column);
  if (after.trim() !== '' && !/^\s+#/.test(after)) return 'newLine';
  if (nextLine.trim() !== '' && indentOf(nextLine) > indentOf(line)) return 'newLine';
  if (valueStartLength(before) === before.length) return 'here';
  return KEY_WITHOUT_VALUE.test(before) || /^\s*-$/.test(before) ? 'afterSpace' : 'newLine';
}

function indentOf(line: string): number {
  return /^ */.exec(line)![0].length;
}

/** The quote of the YAML scalar that `column` is inside on this line, if any. */
export function enclosingQuote(line: string, column: number): Quote | undefined {
  let open: Quote | undefined;
  for (let i = 0; i < column && i < line.length; i++) {
    const ch = line[i];
    if (open === '"' && ch === '\\') i++;
    else if (open && ch === open) {
      if (open === "'" && line[i + 1] === "'")
        i++; // '' is a quote inside a single-quoted scalar
      else open = undefined;
    } else if (!open && (ch === '"' || ch === "'") && startsScalar(line, i)) open = ch;
    else if (!open && ch === '#' && (i === 0 || /\s/.test(line[i - 1]))) return undefined;
  }
  return open;
}

/** A quote starts a quoted scalar only where a value can start: after `:`, `- `, `[`, `{`, `,` or at the line's start. */
function startsScalar(line: string, index: number): boolean {
  const before = line.slice(0, index);
  // A dash is a sequence entry only before a space: `a-"b` and `-"b` are plain scalars.
  return before.trim() === '' || /[:[{,]\s*$/.test(before) || /(?:^|\s)-\s+$/.test(before);
}
