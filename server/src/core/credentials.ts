/**
 * Credentials written into YAML as literals: a value under a key that names a password, a token or a
 * key, a password inside a URL, a private key. Quiet on what only looks like one: tags, interpolations,
 * references, names and ids of secrets, and placeholders.
 */
import { MOVE_TO_SECRETS_MANAGER_COMMAND } from '../../../shared/protocol';
import { Problem, Severity, Span } from './model';
import { everyNth } from './steps';
import { YamlValue } from './yamlContext';

/** Values checked between pauses. */
const VALUES_PER_STEP = 500;

const CREDENTIAL_KEY = /PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL/i;
/** Keys that name where a credential is, or which one, rather than hold it. */
const NOT_A_CREDENTIAL_KEY =
  /PATH|FILE|URL|URI|ENDPOINT|NAME$|[_-]ID$|[a-z]Id$|ARN$|[a-z]Arn$|TYPE$|TTL|EXPIR|TIMEOUT|REGION|^secret_?key$|^secret-ids$|^id-token$|^secrets-?manager$|REF$|SELECTOR$|PROPERTY$|CLASS$|FORMAT$|STORE$/i;
/** Values that are no credential: empty-ish, numbers, booleans, environment lookups and interpolations, ARNs. */
const NOT_A_CREDENTIAL_VALUE = /^(?:|~|null|none|true|false|yes|no|[-+]?\d+(?:\.\d+)?|\$[A-Za-z_]\w*|arn:.*)$|\$\{|\{\{|\{%/i;
/**
 * Placeholders: generic words and names built on them (`temp_password`), `YOUR-…`, `<…>`, `{…}`, `xxx`,
 * `***`, and what Mage's generated io_config.yaml holds until it is filled in (`password`,
 * `YOUR-OPENAI-API-KEY`, `session_token (Used to generate …)`, `mage1337`).
 * (The lookahead checks a word once, so that a long one is not rescanned from each keyword in it. The ellipsis
 * is written `\u2026`: one non-ASCII character in a bundle makes Node.js hold all of its source at two bytes a
 * character.)
 */
const PLACEHOLDER =
  /^(?:(?=[a-z_]*$)[a-z_]*?(?:password|passwd|secret|token|key)[a-z_]*|pass|changeme|change[_-]me|example|placeholder|dummy|test|none|todo|mage1337|xxx+|x+|\*+|\.{3}|\u2026|your[-_].*|<.*>|\{.*\}|\[.*\])$/i;
/** A private key's body is long base64; a short or worded one is an example. */
const PRIVATE_KEY_BODY = /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----(?:\\n|\s)*[A-Za-z0-9+/=]{64}/;
/** What follows a URL's scheme up to `user:password@`: the password is group 1. */
const AFTER_SCHEME = /:\/\/[^\s:/@]+:([^\s@/]+)@/y;
const SCHEME_CHARACTER = /[a-z0-9+.-]/i;
const LETTER = /[a-z]/i;
const PRIVATE_KEY = /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/;

/** How a document's dialect words the hint and whether it can write a reference in place of the value. */
export interface CredentialAdvice {
  severity: Severity;
  /** The end of the message, e.g. "reference it with aws_secret_var". */
  howToReference?: string;
  canMove: boolean;
}

/** A hint for each literal credential among the values; `covered` tells values that hold references. */
export function* literalCredentials(
  text: string,
  values: YamlValue[],
  covered: (offset: number) => boolean,
  advice: CredentialAdvice,
): Generator<void, Problem[]> {
  const problems: Problem[] = [];
  const pause = everyNth(VALUES_PER_STEP);
  for (const value of values) {
    if (pause()) yield;
    if (value.tag || covered(value.span.start)) continue;
    const content = scalarContent(text, value);
    if (content === undefined) continue;
    if (PRIVATE_KEY.test(content) && PRIVATE_KEY_BODY.test(content)) {
      problems.push(hint(value.span, advice, 'This value holds a private key in plain text.'));
      continue;
    }
    for (const { password, offset } of urlPasswords(content)) {
      if (NOT_A_CREDENTIAL_VALUE.test(password) || PLACEHOLDER.test(password) || password.startsWith('$')) continue;
      const start = value.span.start + (value.style === 'plain' ? 0 : 1) + offset;
      problems.push(
        hint({ start, end: start + password.length }, { ...advice, canMove: false }, 'This URL holds a password in plain text.'),
      );
    }
    if (isCredentialValue(value, content)) {
      // A top-level key is its own 'profile': only a key under one has a profile to name the secret after.
      const move = advice.canMove ? { key: value.key!, profile: value.path.length > 1 ? value.profile : undefined } : undefined;
      problems.push(hint(value.span, advice, `'${value.key}' holds a credential in plain text.`, move));
    }
  }
  return problems;
}

/**
 * The password of each `scheme://user:password@` in a text, with its offset: the matches of
 * `/[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:([^\s@/]+)@/gi`, found from each `://` so that a long word is not
 * scanned again from each of its letters.
 */
function urlPasswords(text: string): { password: string; offset: number }[] {
  const found: { password: string; offset: number }[] = [];
  let from = 0;
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', Math.max(at + 1, from))) {
    // The scheme: from the first letter of the run of scheme characters before `://`.
    let scheme = at;
    while (scheme > from && SCHEME_CHARACTER.test(text[scheme - 1])) scheme--;
    while (scheme < at && !LETTER.test(text[scheme])) scheme++;
    if (scheme === at) continue;
    AFTER_SCHEME.lastIndex = at;
    const match = AFTER_SCHEME.exec(text);
    if (!match) continue;
    from = AFTER_SCHEME.lastIndex;
    found.push({ password: match[1], offset: from - 1 - match[1].length });
  }
  return found;
}

function isCredentialValue(value: YamlValue, content: string): boolean {
  const { key } = value;
  if (!key || value.inFlow || value.path[value.path.length - 1] === '-') return false;
  if (!CREDENTIAL_KEY.test(key) || NOT_A_CREDENTIAL_KEY.test(key)) return false;
  if (value.style === 'block' || /\s/.test(content) || NOT_A_CREDENTIAL_VALUE.test(content) || PLACEHOLDER.test(content)) return false;
  return simplified(content) !== simplified(key);
}

function hint(span: Span, advice: CredentialAdvice, what: string, move?: { key: string; profile?: string }): Problem {
  const how = advice.howToReference ? ` and ${advice.howToReference}` : '';
  return {
    span,
    severity: advice.severity,
    code: 'hardcoded-credential',
    message: `${what} Move it to AWS Secrets Manager${how}.`,
    fixes: move && [{ title: 'Move value to AWS Secrets Manager…', command: { name: MOVE_TO_SECRETS_MANAGER_COMMAND, payload: move } }],
  };
}

/** A scalar's text without its quotes; undefined for collections. */
function scalarContent(text: string, value: YamlValue): string | undefined {
  if (value.style === 'flow') return undefined;
  const raw = text.slice(value.span.start, value.span.end);
  return (value.style === 'single' || value.style === 'double' ? raw.slice(1, -1) : raw).trim();
}

function simplified(text: string): string {
  return text.toLowerCase().replace(/[-_\s]/g, '');
}
