/** Quick fixes: the edits each diagnostic carries, offered as code actions on the current version. */
import { CodeAction, CodeActionKind, CodeActionParams, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DIAGNOSTIC_SOURCE, FixData } from './diagnostics';

export function quickFixes(params: CodeActionParams, documents: TextDocuments<TextDocument>): CodeAction[] {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    const fixes = (diagnostic.data as FixData | undefined)?.fixes ?? [];
    for (const fix of fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred,
        edit: {
          // Versioned, so that an edit computed for an older text is refused rather than misapplied.
          documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits: fix.edits }],
        },
      });
    }
  }
  return actions;
}
