/**
 * Validation of open documents: debounced per document, computed in steps so that other requests
 * are answered in between, and never published over a newer version's result.
 */
import { performance } from 'node:perf_hooks';
import { Connection, Diagnostic, DiagnosticSeverity, Range, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { Problem, QuickFix, SecretReference, shiftReference, Span } from '../core/model';
import { commonPrefixLength } from '../core/offsets';
import { analyze, analyzeInSteps, DialectChoice, DocumentAnalysis, reanalyzeAfterEdit } from '../dialects/analyze';
import type { Dialect } from '../dialects/dialect';
import { lineStartsAfterEdit, lineStartsInSteps, lineText, positionIn } from './positions';
import { learnFile } from './workspaceFacts';

export const DIAGNOSTIC_SOURCE = 'aws-secret-refs';

const SEVERITIES: Record<Problem['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries for its quick fixes, with ranges already in the document's coordinates. */
export interface FixData {
  /** The document version the ranges belong to. */
  version: number;
  fixes: {
    title: string;
    preferred?: boolean;
    edits?: { range: Diagnostic['range']; newText: string }[];
    command?: QuickFix['command'];
    similarNamesOf?: string;
    arnOf?: QuickFix['arnOf'];
  }[];
}

/** Checks that need more than the text (the account's secret list), run on each publish, in steps. */
export type ExtraChecks = (analysis: DocumentAnalysis) => Generator<void, Problem[]>;

/**
 * How long validation works before it lets other requests through. A request waits for a few such slices
 * (it is read, handled and answered in separate turns of the event loop), so each is short.
 */
const WORK_SLICE_MS = 4;

export class Validator {
  /**
   * Each document's last analysis, with the text it was made of and, once its diagnostics are made, where its lines
   * start: a later edit reads again only what it changed.
   */
  private readonly analyses = new Map<string, { version: number; text: string; analysis: DocumentAnalysis; lineStarts?: number[] }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The latest validation of each document: an earlier one still running stops and publishes nothing. */
  private readonly runs = new Map<string, number>();
  private extraChecks?: ExtraChecks;
  private workspaceFolders: string[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly debounceMs: number,
    private dialectChoice: DialectChoice,
  ) {}

  setExtraChecks(checks: ExtraChecks): void {
    this.extraChecks = checks;
  }

  /** Which dialects are in use and the workspace folders that file globs are relative to; checks every document again. */
  configure(choice: DialectChoice, workspaceFolderUris?: string[]): void {
    const folders = workspaceFolderUris?.map((folder) => URI.parse(folder).path.replace(/\/?$/, '/')) ?? this.workspaceFolders;
    const key = (dialects: DialectChoice, roots: string[]) =>
      JSON.stringify([dialects.dialects.map((dialect) => dialect.id), dialects.extraFiles, roots]);
    if (key(choice, folders) === key(this.dialectChoice, this.workspaceFolders)) return;
    this.dialectChoice = choice;
    this.workspaceFolders = folders;
    this.analyses.clear();
    this.republishAll();
  }

  /** The analysis of `text` from the last one, when the edit between them can be checked alone. */
  private afterEdit(uri: string, text: string): DocumentAnalysis | undefined {
    const before = this.analyses.get(uri);
    return before && reanalyzeAfterEdit(this.pathOf(uri), before, text, this.dialectChoice, fileOf(uri));
  }

  /** Whether a document analysed so far references a secret. */
  referencesSecrets(): boolean {
    return [...this.analyses.values()].some(({ analysis }) => analysis.references.length > 0);
  }

  /**
   * The dialects that read the document at `line` as it is now: while validation has not caught up with
   * typing, those of the last analysis and those that claim the line alone (a reference just typed).
   */
  dialectsAt(document: TextDocument, line: number): readonly Dialect[] {
    const cached = this.analyses.get(document.uri);
    if (cached?.version === document.version) return cached.analysis.dialects;
    const claiming = new Set([...(cached?.analysis.dialects ?? []), ...this.lineAnalysis(document, line).dialects]);
    return this.dialectChoice.dialects.filter((dialect) => claiming.has(dialect));
  }

  /** The document's path relative to its workspace folder, as dialects' globs expect. */
  private pathOf(uri: string): string {
    const path = URI.parse(uri).path;
    const folder = this.workspaceFolders.find((root) => path.startsWith(root));
    return folder ? path.slice(folder.length) : path;
  }

  /**
   * The references near `offset`, without waiting for validation to catch up with a huge document: from the
   * current analysis when there is one, else those of the last analysis that end before the first character
   * changed since (a key above the value being typed), and those of the line at `offset` read alone.
   */
  referencesNear(document: TextDocument, offset: number): SecretReference[] {
    const cached = this.analyses.get(document.uri);
    if (cached?.version === document.version) return cached.analysis.references;
    const { line } = document.positionAt(offset);
    const lineStart = document.offsetAt({ line, character: 0 });
    const onLine = this.lineAnalysis(document, line).references.map((reference) => shiftReference(reference, lineStart));
    if (!cached) return onLine;
    const changed = commonPrefixLength(cached.text, document.getText());
    return [...cached.analysis.references.filter((reference) => reference.span.end < changed), ...onLine];
  }

  private lineAnalysis(document: TextDocument, line: number): DocumentAnalysis {
    return analyze(this.pathOf(document.uri), lineText(document, line), this.dialectChoice);
  }

  /** Validates after a pause in typing; a document seen for the first time, at once. */
  schedule(document: TextDocument, immediately = !this.analyses.has(document.uri)): void {
    clearTimeout(this.timers.get(document.uri));
    this.timers.set(
      document.uri,
      setTimeout(
        () => {
          this.timers.delete(document.uri);
          void this.validate(document.uri);
        },
        immediately ? 0 : this.debounceMs,
      ),
    );
  }

  forget(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.analyses.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Publishes again every open document's diagnostics, e.g. after the secret list changed. */
  republishAll(): void {
    for (const document of this.documents.all()) this.schedule(document, true);
  }

  /** Facts of other files (an External Secrets store) changed: every document is checked again. */
  factsChanged(): void {
    this.analyses.clear();
    this.republishAll();
  }

  /** Analyses the document unless its version's analysis is known, then publishes its diagnostics. */
  private async validate(uri: string): Promise<void> {
    const document = this.documents.get(uri);
    if (!document) return;
    const { version } = document;
    const run = (this.runs.get(uri) ?? 0) + 1;
    this.runs.set(uri, run);
    // A newer version is on its way, a newer validation started, or the document closed: that one publishes, if any.
    const superseded = () => this.documents.get(uri)?.version !== version || this.runs.get(uri) !== run;
    const text = document.getText();
    // (A document opened again starts at the same version with another text.)
    const known = this.analyses.get(uri);
    let current = known?.version === version && known.text === text ? known : undefined;
    if (!current) {
      const file = URI.parse(uri);
      if (file.scheme === 'file' && learnFile(this.dialectChoice.dialects, file.fsPath, text)) this.checkOthersAgain(uri);
      const analysis =
        this.afterEdit(uri, text) ??
        (await this.inSlices(superseded, analyzeInSteps(this.pathOf(uri), text, this.dialectChoice, fileOf(uri))));
      if (!analysis) return;
      current = { version, text, analysis };
      this.analyses.set(uri, current);
    }
    if (!current.lineStarts) {
      const before = known?.lineStarts && { text: known.text, lineStarts: known.lineStarts };
      const lineStarts = await this.inSlices(superseded, before ? lineStartsAfterEdit(before, text) : lineStartsInSteps(text));
      if (!lineStarts) return;
      current.lineStarts = lineStarts;
    }
    const diagnostics = await this.inSlices(superseded, this.diagnosticsOf(current.analysis, document, current.lineStarts));
    if (diagnostics) void this.connection.sendDiagnostics({ uri, version, diagnostics });
  }

  private checkOthersAgain(uri: string): void {
    for (const document of this.documents.all()) {
      if (document.uri === uri) continue;
      this.analyses.delete(document.uri);
      this.schedule(document, true);
    }
  }

  /** Runs the steps, letting other requests through every few milliseconds; undefined when superseded meanwhile. */
  private async inSlices<T>(superseded: () => boolean, steps: Generator<void, T>): Promise<T | undefined> {
    let sliceStart = performance.now();
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      if (performance.now() - sliceStart < WORK_SLICE_MS) continue;
      await new Promise((resolve) => setImmediate(resolve));
      if (superseded()) return undefined;
      sliceStart = performance.now();
    }
  }

  private *diagnosticsOf(analysis: DocumentAnalysis, document: TextDocument, lineStarts: number[]): Generator<void, Diagnostic[]> {
    const problems = this.extraChecks ? analysis.problems.concat(yield* this.extraChecks(analysis)) : analysis.problems;
    const shown = mostSevere(problems);
    const text = document.getText();
    const rangeOf = (span: Span): Range => ({
      start: positionIn(text, lineStarts, span.start),
      end: positionIn(text, lineStarts, span.end),
    });
    const diagnostics: Diagnostic[] = [];
    for (const problem of shown) {
      yield;
      diagnostics.push(toDiagnostic(problem, document.version, rangeOf));
    }
    if (problems.length > MAX_DIAGNOSTICS) {
      diagnostics.unshift({
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Information,
        code: 'too-many-problems',
        source: DIAGNOSTIC_SOURCE,
        message: `This file has ${problems.length} problems; the ${MAX_DIAGNOSTICS} most severe are shown.`,
      });
    }
    return diagnostics;
  }
}

/** Problems shown per document at most: beyond that a list helps nobody, and sending it stalls the editor. */
const MAX_DIAGNOSTICS = 1000;
const SEVERITY_ORDER: Problem['severity'][] = ['error', 'warning', 'information', 'hint'];

function mostSevere(problems: Problem[]): Problem[] {
  if (problems.length <= MAX_DIAGNOSTICS) return problems;
  const rank = (problem: Problem) => SEVERITY_ORDER.indexOf(problem.severity);
  return [...problems].sort((a, b) => rank(a) - rank(b) || a.span.start - b.span.start).slice(0, MAX_DIAGNOSTICS);
}

/** A problem as a diagnostic of the document at `version`, its spans made ranges by `rangeOf`. */
function toDiagnostic(problem: Problem, version: number, rangeOf: (span: Span) => Range): Diagnostic {
  const diagnostic: Diagnostic = {
    range: rangeOf(problem.span),
    severity: SEVERITIES[problem.severity],
    code: problem.code,
    source: DIAGNOSTIC_SOURCE,
    message: problem.message,
  };
  if (problem.fixes?.length) diagnostic.data = { version, fixes: problem.fixes.map((fix) => toFixData(fix, rangeOf)) } satisfies FixData;
  return diagnostic;
}

function toFixData(fix: QuickFix, rangeOf: (span: Span) => Range): FixData['fixes'][number] {
  return {
    title: fix.title,
    preferred: fix.preferred,
    edits: fix.edits?.map((edit) => ({ range: rangeOf(edit.span), newText: edit.newText })),
    command: fix.command,
    similarNamesOf: fix.similarNamesOf,
    arnOf: fix.arnOf,
  };
}

/** A document's absolute path when it is a file. */
function fileOf(uri: string): string | undefined {
  const file = URI.parse(uri);
  return file.scheme === 'file' ? file.fsPath : undefined;
}
