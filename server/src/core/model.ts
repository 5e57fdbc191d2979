/** The pure core's vocabulary: what a scan of a YAML text finds and what the checks report. */
import type { KeyPathSyntax } from './keyPaths';

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
  /** Stands for "Change to" fixes with the account's names nearest to this id, found only when fixes are asked for. */
  similarNamesOf?: string;
  /** Stands for replacing the problem's text by the ARN of the secret named `secretId`, then `selector`, when the account lists it. */
  arnOf?: { secretId: string; selector: string };
}

export interface Problem {
  span: Span;
  severity: Severity;
  /** Stable identifier, shown to the user and usable to filter (e.g. `arn-region`). */
  code: string;
  message: string;
  fixes?: QuickFix[];
}

/** A part of a reference that selects within the secret: a JSON key, a version stage or a version id. */
export interface Selector {
  value: string;
  span: Span;
}

/** The secrets a reader searches for: all that ListSecrets lists (deleted ones aside) and that match every part given. */
export interface SecretSearch {
  /** Names start with it, in the same case (ListSecrets' name filter). */
  prefix: string;
  /** Names match it somewhere: the reader's regular expression as written, and the same match in JavaScript when it runs here. */
  nameRegexp?: { pattern: string; javaScript?: string };
  /** For each, a tag's key starts with the key and a tag's value with the value (ListSecrets' tag-key and tag-value filters). */
  tags?: Record<string, string>;
  /** Why the secrets it finds cannot be told here: none is listed, and no count is checked. */
  notPreviewed?: string;
  min: number;
  max: number;
}

/** One place where the YAML names a secret, in any dialect. */
export interface SecretReference {
  /** The id of the dialect that read it (e.g. `mage`, `arn`). */
  dialect: string;
  /** The dialect's own form of reference (e.g. Mage's `call`, a `bareArn`). */
  kind: string;
  /** The secret id when it is a literal string; undefined when it is built at run time or missing. */
  secretId?: string;
  /** Where `secretId`'s characters are (inside the quotes): after `idPrefix` when there is one. */
  idSpan?: Span;
  /** What the reader puts before the written id (an External Secrets store's prefix): `secretId` starts with it, the text does not. */
  idPrefix?: string;
  /** A search of the account's secrets (a get-secrets `name*` line, an External Secrets `find`), of which the reader wants `min` to `max`. */
  prefixSearch?: SecretSearch;
  /**
   * The environment variables the reader sets from the secret (a get-secrets line): named by `alias` or the secret's
   * name (a blank alias: by the JSON keys alone), cased by `transformation`, one for each JSON key with `parseJson`.
   */
  variables?: { alias?: string; transformation: string; parseJson: boolean };
  /** The key (or path) of the secret's JSON value that the reference reads, when it is a literal. */
  jsonPath?: { path: string; span: Span };
  /** The syntax of `jsonPath` when it is not `json_value`'s (an External Secrets property is a gjson path). */
  keySyntax?: KeyPathSyntax;
  versionStage?: Selector;
  versionId?: Selector;
  /** The tag of the secret that the reference reads (External Secrets `metadataPolicy: Fetch` with a property). */
  tagKey?: Selector;
  /** JMESPath expressions the reader evaluates on the secret's JSON value (CSI `jmesPath` entries), each to find a string. */
  jmesPaths?: Selector[];
  /** The region the reader looks the secret up in, when the document names it (an External Secrets store); else the configured one. */
  region?: string;
  /** What the checks assume because the documents do not tell (e.g. a store not in the workspace), said in messages and hovers. */
  assumption?: string;
  /** The whole reference. */
  span: Span;
  /** The top-level YAML key (a Mage io_config profile) that holds the reference. */
  profile?: string;
  /** The YAML key whose value holds the reference. */
  key?: string;
  /** The secret is created by the document itself (a CloudFormation template's `AWS::SecretsManager::Secret`): never "not found". */
  createdInDocument?: boolean;
  /** The reader fails on a binary secret (ECS): the value's kind is fetched to tell. */
  needsString?: boolean;
  /** The reader reads the whole value as a JSON object (an External Secrets extract): the value's kind is fetched to tell. */
  needsJsonObject?: boolean;
  /** Inside a `#` comment: Mage renders it all the same. */
  inComment: boolean;
}

export interface Analysis {
  references: SecretReference[];
  problems: Problem[];
  /**
   * Set by a dialect that reads blocks of lines alone (`Dialect.readsBlocksAlone`) when something it read
   * runs over a line end or reaches other lines (a multi-line template, a `{% set %}`, a `Fn::Join` read from the
   * whole text): an edit of this document then needs the whole of it read again.
   */
  spansLines?: boolean;
  /**
   * What a dialect that reads blocks alone found out about the whole document and reads again when it reads one block
   * of it (`DialectDocument.whole`): a template's resources, where its dynamic references stand.
   */
  facts?: object;
}

/** The reference moved `by` characters. */
export function shiftReference(reference: SecretReference, by: number): SecretReference {
  const shifted = { ...reference, span: shiftSpan(reference.span, by) };
  if (reference.idSpan) shifted.idSpan = shiftSpan(reference.idSpan, by);
  if (reference.jsonPath) shifted.jsonPath = { ...reference.jsonPath, span: shiftSpan(reference.jsonPath.span, by) };
  if (reference.versionStage) shifted.versionStage = { ...reference.versionStage, span: shiftSpan(reference.versionStage.span, by) };
  if (reference.versionId) shifted.versionId = { ...reference.versionId, span: shiftSpan(reference.versionId.span, by) };
  if (reference.tagKey) shifted.tagKey = { ...reference.tagKey, span: shiftSpan(reference.tagKey.span, by) };
  if (reference.jmesPaths) shifted.jmesPaths = reference.jmesPaths.map((path) => ({ ...path, span: shiftSpan(path.span, by) }));
  return shifted;
}

/** The problem, with its fixes' edits, moved `by` characters. */
export function shiftProblem(problem: Problem, by: number): Problem {
  const shifted = { ...problem, span: shiftSpan(problem.span, by) };
  if (problem.fixes) {
    shifted.fixes = problem.fixes.map((fix) =>
      fix.edits ? { ...fix, edits: fix.edits.map((edit) => ({ span: shiftSpan(edit.span, by), newText: edit.newText })) } : fix,
    );
  }
  return shifted;
}
