/** The checker's results as lines of text or as JSON, with 1-based lines and columns. */
import * as path from 'node:path';
import type { Dialect } from '../dialects/dialect';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Problem, SecretReference } from '../core/model';

/** One file's outcome: `text` is empty when the file could not be checked. */
export interface CheckedFile {
  /** Absolute. */
  path: string;
  text: string;
  problems: Problem[];
  references: SecretReference[];
  /** The dialects that read it. */
  dialects: readonly Dialect[];
}

export type OutputSeverity = 'error' | 'warning' | 'info';

/** A problem with its place in the file; columns count UTF-16 code units, as editors do. */
export interface LocatedProblem {
  /** Relative to the current folder. */
  file: string;
  line: number;
  column: number;
  /** The end is exclusive. */
  endLine: number;
  endColumn: number;
  severity: OutputSeverity;
  code: string;
  message: string;
}

export interface Summary {
  problems: number;
  errors: number;
  warnings: number;
  info: number;
  /** Files checked, those that could not be read included. */
  files: number;
}

export function locate(files: CheckedFile[], cwd: string): LocatedProblem[] {
  return files.flatMap((file) => {
    if (file.problems.length === 0) return [];
    // The server's own position mapping, so that lines and columns agree with the editor's.
    const document = TextDocument.create('file:///', 'yaml', 0, file.text);
    const relative = path.relative(cwd, file.path);
    return file.problems.map((problem) => {
      const start = document.positionAt(problem.span.start);
      const end = document.positionAt(problem.span.end);
      return {
        file: relative,
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
        severity: problem.severity === 'error' || problem.severity === 'warning' ? problem.severity : 'info',
        code: problem.code,
        message: problem.message,
      };
    });
  });
}

export function summarize(problems: LocatedProblem[], files: number): Summary {
  const count = (severity: OutputSeverity) => problems.filter((problem) => problem.severity === severity).length;
  return { problems: problems.length, errors: count('error'), warnings: count('warning'), info: count('info'), files };
}

/** `file:line:col: severity code message` lines, then the summary line. */
export function formatText(problems: LocatedProblem[], summary: Summary): string {
  const lines = problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.severity} ${p.code} ${p.message}`);
  const info = summary.info > 0 ? `, ${summary.info} info` : '';
  const counts = `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}${info}`;
  lines.push(`${plural(summary.problems, 'problem')} (${counts}) in ${plural(summary.files, 'file')}`);
  return lines.join('\n') + '\n';
}

export function formatJson(problems: LocatedProblem[], summary: Summary): string {
  return JSON.stringify({ summary, problems }, null, 2) + '\n';
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
