/** Secrets Manager's rules for secret names and secret ids. */

/** A problem in a piece of text; `start`/`end` are UTF-16 offsets into that text, `end` exclusive. */
export interface Issue<Code extends string = string> {
  code: Code;
  severity: 'error' | 'warning' | 'information';
  message: string;
  start: number;
  end: number;
  /** Replacements for the text in [start, end), best first. */
  suggestions?: string[];
}

/** `secret-name`: empty, invalid characters, too long. `secret-name-suffix`: ends like a full ARN's random suffix. */
export type NameIssueCode = 'secret-name' | 'secret-name-suffix';

export const SECRET_NAME_MAX_LENGTH = 512;
/** Any SecretId (a name, a partial or a full ARN). */
export const SECRET_ID_MAX_LENGTH = 2048;
/** Length of the random part Secrets Manager appends to a name in a full ARN, after a `-`. */
export const ARN_SUFFIX_LENGTH = 6;

const ALLOWED = 'ASCII letters, digits and / _ + = . @ - !';
/** Enough runs of invalid characters to show the problem without flooding the editor. */
const MAX_INVALID_RUNS = 10;

function isAsciiAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * `!` is in the names of secrets that AWS services manage (`rds!cluster-…`); GetSecretValue's own
 * ValidationException lists it: "alphanumeric characters, or any of the following: -/_+=.@!".
 */
const NAME_PUNCTUATION = new Set([...'/_+=.@-!'].map((char) => char.charCodeAt(0)));
/** The wildcards of an IAM resource pattern: `*` any characters, `?` any one character. */
const WILDCARDS = new Set([...'*?'].map((char) => char.charCodeAt(0)));

function isNameChar(code: number, wildcards: boolean): boolean {
  return isAsciiAlphanumeric(code) || NAME_PUNCTUATION.has(code) || (wildcards && WILDCARDS.has(code));
}

/** True when `text` ends in `-` and six ASCII letters or digits. */
export function endsWithArnSuffix(text: string): boolean {
  const hyphen = text.length - ARN_SUFFIX_LENGTH - 1;
  if (hyphen < 0 || text.charCodeAt(hyphen) !== 45) return false;
  for (let i = hyphen + 1; i < text.length; i++) {
    if (!isAsciiAlphanumeric(text.charCodeAt(i))) return false;
  }
  return true;
}

const MAX_DESCRIBED_CHARS = 5;
/** Control, format, separator and unpaired surrogate characters: shown by code point, being invisible. */
const INVISIBLE = /^[\p{C}\p{Z}]$/u;

/** Names the distinct characters of a run for a message: `'é'`, `space`, `U+0009`. */
function describeChars(run: string): string {
  const distinct = new Set<string>();
  for (const char of run) {
    distinct.add(char);
    if (distinct.size > MAX_DESCRIBED_CHARS) break;
  }
  const names = [...distinct].slice(0, MAX_DESCRIBED_CHARS).map((char) => {
    if (char === ' ') return 'space';
    if (!INVISIBLE.test(char)) return `'${char}'`;
    return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  });
  return names.join(', ') + (distinct.size > MAX_DESCRIBED_CHARS ? ', …' : '');
}

/**
 * Problems with `name` as a secret name: 1 to 512 of ASCII letters, digits and `/_+=.@-!`; with
 * `wildcards`, a name pattern of an IAM policy, which may also hold `*` and `?`.
 */
export function checkSecretName(name: string, wildcards = false): Issue<NameIssueCode>[] {
  if (name === '') {
    return [
      {
        code: 'secret-name',
        severity: 'error',
        message: `Secret name is empty; expected 1 to ${SECRET_NAME_MAX_LENGTH} ${ALLOWED}.`,
        start: 0,
        end: 0,
      },
    ];
  }
  const issues: Issue<NameIssueCode>[] = [];
  let runs = 0;
  for (let i = 0; i < name.length && runs < MAX_INVALID_RUNS; i++) {
    if (isNameChar(name.charCodeAt(i), wildcards)) continue;
    const start = i;
    while (i + 1 < name.length && !isNameChar(name.charCodeAt(i + 1), wildcards)) i++;
    const run = name.slice(start, i + 1);
    const message = `Secret names can't contain ${describeChars(run)}; allowed are ${ALLOWED}.`;
    issues.push({ code: 'secret-name', severity: 'error', message, start, end: i + 1 });
    runs++;
  }
  if (name.length > SECRET_NAME_MAX_LENGTH) {
    issues.push({
      code: 'secret-name',
      severity: 'error',
      message: `Secret name is ${name.length} characters long; the maximum is ${SECRET_NAME_MAX_LENGTH}.`,
      start: SECRET_NAME_MAX_LENGTH,
      end: name.length,
    });
  }
  if (endsWithArnSuffix(name)) {
    const start = name.length - ARN_SUFFIX_LENGTH - 1;
    issues.push({
      code: 'secret-name-suffix',
      severity: 'warning',
      message:
        `Secret name ends in a hyphen and six characters (${quote(name.slice(start))}), so a partial ARN ` +
        `of it is read as a full ARN; AWS advises against such names.`,
      start,
      end: name.length,
    });
  }
  return issues;
}

/** The problem with `id` as any SecretId's length (1 to 2048), if any. */
export function checkSecretIdLength(id: string): Issue<'secret-id-length'> | undefined {
  if (id !== '' && id.length <= SECRET_ID_MAX_LENGTH) return undefined;
  const message =
    id === ''
      ? 'Secret ID is empty; expected a secret name or ARN.'
      : `Secret ID is ${id.length} characters long; the maximum is ${SECRET_ID_MAX_LENGTH}.`;
  return { code: 'secret-id-length', severity: 'error', message, start: id === '' ? 0 : SECRET_ID_MAX_LENGTH, end: id.length };
}

const MAX_QUOTED = 40;

/** `text` in single quotes for a message, shortened when long. */
export function quote(text: string): string {
  return text.length > MAX_QUOTED ? `'${text.slice(0, MAX_QUOTED)}…'` : `'${text}'`;
}
