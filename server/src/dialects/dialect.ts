/**
 * A dialect: one way YAML points at Secrets Manager (Mage templates, bare ARNs, CloudFormation dynamic
 * references, …). It says which documents it reads, finds their references and offline problems, words
 * the account checks, and writes new references. Everything else (account checks, completion lists,
 * hovers, the CLI) is shared and works from what dialects return.
 */
import type { Analysis, SecretReference, Severity, Span } from '../core/model';
import type { KeyPathSyntax } from '../core/keyPaths';
import type { SecretShape } from '../core/secretShape';
import type { YamlContext } from '../core/yamlContext';

/** A document as dialects see it. */
export interface DialectDocument {
  /** The file's path with `/` separators (relative to the workspace or the CLI's folder when known), or a URI's path. */
  path: string;
  /** The file's absolute path, when it is a file: what files beside it tell (a samconfig.toml) is looked up by it. */
  file?: string;
  text: string;
  /** The YAML structure, read once for every dialect. */
  yaml: YamlContext;
  /**
   * Set when the document is one block of a larger one, read again after an edit: where the block starts in that
   * document, and what the dialect's scan found out about the whole of it (`Analysis.facts`, as `factsAfterEdit` left them).
   */
  whole?: { offset: number; facts: object };
}

/** An edit inside one block of a document, read again alone (see `Dialect.readsBlocksAlone`). */
export interface EditedBlock {
  /** The block before and after the edit, each read alone. */
  before: DialectDocument;
  after: DialectDocument;
  /** Where the block starts in the document, where it ended before the edit, and how much longer the edit made the document. */
  start: number;
  end: number;
  shift: number;
  /** The whole text after the edit. */
  text: string;
}

export type Quote = '"' | "'";

/** What is being typed at the cursor, in terms the shared completion understands. */
export type CursorContext =
  /** A secret name or ARN inside a reference; `closing` is what completion appends (a quote, a parenthesis). */
  | { kind: 'secretId'; typed: string; replace: Span; closing: string }
  /**
   * A key of the JSON value of `secretId`: in the reader's path syntax when it has one, as a YAML value (inside
   * `quote` when one is open); `idAt` is where the id is written when the reader may put a prefix before it.
   */
  | {
      kind: 'jsonKey';
      secretId: string;
      typed: string;
      replace: Span;
      closing: string;
      syntax?: KeyPathSyntax;
      quote?: Quote;
      idAt?: number;
    }
  /** One of a few values: a version stage (External Secrets `version:`, CSI `objectVersionLabel:`), a CSI `objectType`. */
  | { kind: 'choice'; choices: readonly string[]; typed: string; replace: Span; closing: string }
  /** An ARN typed as a whole YAML value. */
  | { kind: 'arn'; typed: string; replace: Span }
  /** A value just begun, where the dialect's whole-reference snippet could go. */
  | { kind: 'newReference'; typed: string; replace: Span };

/** Words the shared account checks and hovers use for this dialect's references. */
export interface DialectWording {
  /** What reads the reference, e.g. `Mage`, `CloudFormation`. */
  reader: string;
  /** Which region a secret name resolves in, for "not found" and "other region" notes. */
  regionRule: string;
  /** What names a key of the secret's JSON value, e.g. `json_value` or `the JSON key`. */
  keyReader: string;
  /** What the reader does with a JSON key the secret lacks, as a clause (e.g. "json_value renders None"). */
  missingJsonKey: string;
  /** The same, shorter, for the hover (e.g. "Mage renders None"). */
  missingJsonKeyShort: string;
  /** What the reader does when a key is read from a value that is not JSON, as a clause. */
  notJson: string;
  /** The same, shorter, for the hover. */
  notJsonShort: string;
  /** What the reader does when a JMESPath finds no string (an object, a number…), as a clause; for dialects with `jmesPaths`. */
  notString?: string;
  /** What the reader does with a binary secret, e.g. "Mage renders a binary secret as None". */
  binary: string;
  /** Why an id that is not a literal is not previewed, e.g. "The secret id is built when Mage renders this file". */
  dynamicId: string;
}

export interface WorkspaceFacts {
  files: readonly string[];
  learn(path: string, text: string | undefined): boolean;
  known(): unknown;
  restore(known: unknown): void;
  /** The files beside a document at `file` (absolute) that it learns from, for the CLI, which reads only the files it checks. */
  besides?(file: string): string[];
}

export interface Dialect {
  /** Stable id, used in settings (`awsSecretRefs.dialects`) and by the CLI's `--dialect`. */
  readonly id: string;
  /** Shown in README, settings and messages. */
  readonly label: string;
  /** Picomatch globs of the files this dialect reads by default (matched against the relative path). */
  readonly filePatterns: readonly string[];
  /**
   * Globs of more files the CLI reads when it looks for this dialect's files by content: a file found only
   * through them is reported only when this dialect claims it (a template among many YAML files).
   */
  readonly candidateFiles?: readonly string[];
  /** Those files in words, for the CLI's help and the README. */
  readonly filesRule: string;
  /**
   * Whether the dialect reads this document. `pathMatched` is true when the path matched one of its
   * globs or a glob the user added for it.
   */
  claims(document: DialectDocument, pathMatched: boolean): boolean;
  /**
   * The references and offline problems of a claimed document, pausing (yield) now and then on long
   * work. `taken` tells whether a dialect registered earlier already read a reference at that offset.
   */
  scan(document: DialectDocument, taken: (offset: number) => boolean): Generator<void, Analysis>;
  /**
   * What its scans read from other files of the workspace (External Secrets stores, samconfig.toml): globs of the files
   * that may hold it, learning one file (`undefined` text: the file is gone; true when what is known
   * changed, so documents are checked again), and a copy of what is known, for another thread.
   */
  readonly workspaceFacts?: WorkspaceFacts;
  /**
   * True when what the dialect finds in a block of whole lines that starts and ends at a top-level YAML key, or at a
   * key first on its line directly under one of the `blockSections`, depends on that block alone (unless its scan
   * reports `spansLines`), or on that block and on the facts about the whole document its scan returns
   * (`Analysis.facts`), which `factsAfterEdit` tells after an edit of one block: an edit then needs only its block
   * read again. Left out by dialects that read other parts of the document (a store defined further up, the steps before).
   */
  readonly readsBlocksAlone?: boolean;
  /** Top-level keys whose entries are blocks of their own (a template's resources), when the key's line holds nothing else. */
  readonly blockSections?: readonly string[];
  /**
   * The facts its scan returned for a whole document, after an edit inside one block; undefined when the edit
   * changed what the other blocks read (a resource's type, the count the 61st reference is numbered by), and the
   * whole document must be read again.
   */
  factsAfterEdit?(facts: object, edit: EditedBlock): object | undefined;
  readonly wording: DialectWording;
  /** A one-line description of each diagnostic code of its own, e.g. for SARIF rules. */
  readonly codes: Readonly<Record<string, string>>;
  /**
   * The names the reader gives what it reads of a secret (the environment variables of a get-secrets step), for the
   * hover: from the secret's name and its value's shape (undefined when not known); undefined when they cannot be told.
   */
  variableNames?(reference: SecretReference, secretName: string | undefined, value: SecretShape | undefined): string[] | undefined;
  /** What is typed at the cursor when it is inside one of this dialect's references. */
  cursorContext?(text: string, offset: number): CursorContext | undefined;
  /** A whole new reference as it goes into a YAML line (`enclosing`: the quote the cursor is inside). */
  referenceText?(secretId: string, enclosing: Quote | undefined): string;
  /** The same for one key of the secret's JSON value; undefined when the reader cannot name that key. */
  keyReferenceText?(secretId: string, jsonKey: string, enclosing: Quote | undefined): string | undefined;
  /**
   * How literal credentials in its documents are reported, when the dialect can replace them by a
   * reference (with `referenceText`): the severity and the end of the message.
   */
  credentialHints?: { severity: Severity; howToReference: string };
  /** The completion snippet of a whole new reference (`$1` where the secret id goes). */
  referenceSnippet?: { label: string; detail: string; documentation: string; filterText: string; snippet: string };
}
