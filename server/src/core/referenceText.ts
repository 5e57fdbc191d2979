/** The text of a new reference, quoted right for where it goes in a YAML line. */

export type Quote = '"' | "'";

/**
 * `"{{ aws_secret_var('id') }}"` as a whole value; inside a quoted scalar only the template, with
 * the other kind of quote around the id.
 */
export function referenceText(secretId: string, enclosing: Quote | undefined): string {
  if (enclosing === "'") return `{{ aws_secret_var("${secretId}") }}`;
  const template = `{{ aws_secret_var('${secretId}') }}`;
  return enclosing === '"' ? template : `"${template}"`;
}

/** The quote of the YAML scalar that `column` is inside on this line, if any. */
export function enclosingQuote(line: string, column: number): Quote | undefined {
  let open: Quote | undefined;
  for (let i = 0; i < column && i < line.length; i++) {
    const ch = line[i];
    if (open === '"' && ch === '\\') i++;
    else if (open && ch === open) {
      if (open === "'" && line[i + 1] === "'") i++; // '' is a quote inside a single-quoted scalar
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
