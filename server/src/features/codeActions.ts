/** Quick fixes: the edits each diagnostic carries, offered as code actions for the version they were computed on. */
import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DIAGNOSTIC_SOURCE, FixData } from './diagnostics';

/** What the account's list tells the fixes found only when they are asked for. */
export interface ListLookups {
  /** The names a fix that stands for "Change to" fixes offers. */
  similarNames(secretId: string): string[];
  /** The ARN of a listed secret. */
  arnOf(secretId: string): string | undefined;
}

export function quickFixes(params: CodeActionParams, documents: TextDocuments<TextDocument>, lookups: ListLookups): CodeAction[] {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    const data = diagnostic.data as FixData | undefined;
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || !data?.fixes) continue;
    for (const fix of data.fixes.flatMap((fix) => resolved(fix, diagnostic.range, lookups))) {
      const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred };
      if (fix.edits) {
        // Versioned with the text the ranges were computed on, so that an editor refuses them
        // rather than misapply them once the document has changed.
        action.edit = { documentChanges: [{ textDocument: { uri: document.uri, version: data.version }, edits: fix.edits }] };
      }
      if (fix.command) {
        action.command = {
          title: fix.title,
          command: fix.command.name,
          arguments: [{ uri: document.uri, range: diagnostic.range, ...fix.command.payload }],
        };
      }
      actions.push(action);
    }
  }
  return actions;
}

/** A fix as it is offered: those that stand for lookups in the list become edits, or nothing. */
function resolved(fix: FixData['fixes'][number], range: Diagnostic['range'], lookups: ListLookups): FixData['fixes'] {
  if (fix.similarNamesOf !== undefined) return changeToData(lookups.similarNames(fix.similarNamesOf), range);
  if (fix.arnOf === undefined) return [fix];
  const arn = lookups.arnOf(fix.arnOf.secretId);
  return arn
    ? [{ title: `Change to '${arn}${fix.arnOf.selector}'`, preferred: true, edits: [{ range, newText: arn + fix.arnOf.selector }] }]
    : [];
}

/** "Change to" fixes for names found only now, as a diagnostic's fixes carry them. */
function changeToData(names: string[], range: Diagnostic['range']): FixData['fixes'] {
  return names.map((name, index) => ({ title: `Change to '${name}'`, preferred: index === 0, edits: [{ range, newText: name }] }));
}
