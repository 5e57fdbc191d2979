/** The pure core's vocabulary: what a scan of a YAML text finds and what the checks report. */

/** A range of the document text as UTF-16 offsets, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** `span` moved `by` characters, e.g. from a piece of text to the document that holds it. */
export function shiftSpan(span: Span, by: number): Span {
  return { start: span.start + by, end: span.end + by };
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextReplacement {
  span: Span;
  newText: string;
}

/**
 * A fix is either edits to the text, or an editor command that asks the person first; the command
 * receives `{ uri, range, ...payload }`, where range is the problem's range.
 */
export interface QuickFix {
  title: string;
  edits?: TextReplacement[];
  command?: { name: string; payload: Record<string, string | undefined> };
  preferred?: boolean;
}

export interface Problem {
  span: Span;
  severity: Severity;
  /** Stable identifier, shown to the user and usable to filter (e.g. `arn-region`). */
  code: string;
  message: string;
  fixes?: QuickFix[];
}

/** One place where the YAML names a secret. */
export interface SecretReference {
  /** `call`: `aws_secret_var(...)` inside a template; `bareArn`: an ARN string that is a whole YAML value. */
  kind: 'call' | 'bareArn';
  /** The secret id when it is a literal string; undefined when it is built at run time or missing. */
  secretId?: string;
  /** Where `secretId`'s characters are (inside the quotes). */
  idSpan?: Span;
  /** The path argument of an enclosing `json_value(..., 'path')`, when it is a literal. */
  jsonPath?: { path: string; span: Span };
  /** The whole call, or the whole bare value. */
  span: Span;
  /** The top-level YAML key (a Mage io_config profile) that holds the reference. */
  profile?: string;
  /** The YAML key whose value holds the reference. */
  key?: string;
  /** Inside a `#` comment: Mage renders it all the same. */
  inComment: boolean;
}

export interface Analysis {
  references: SecretReference[];
  problems: Problem[];
}
