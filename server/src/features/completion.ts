/**
 * Completion of secret names and ARNs from the account's list, and of a whole reference in a new
 * YAML value. Never waits on the network: before the list has loaded it answers at once, marked
 * incomplete, and the list loads in the background.
 */
import {
  CompletionItem,
  CompletionItemKind,
  CompletionList,
  InsertTextFormat,
  MarkupKind,
  Position,
  Range,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SecretSummary } from '../aws';
import { Span } from '../core/model';
import { keyPathIn } from '../core/keyPaths';
import { scalarText } from '../core/yamlNodes';
import type { CursorContext, Dialect } from '../dialects/dialect';
import { PARTITIONS, partitionOfRegion, regionsOf } from '../core/partitions';
import { Account } from './account';
import { toRange } from './positions';
import { SecretPreviews } from './secretPreviews';

/** More items than anyone scrolls through; past it the list is marked incomplete and narrowed as the person types. */
const MAX_ITEMS = 300;
const TRIGGER_SUGGEST = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
const EMPTY: CompletionList = { isIncomplete: false, items: [] };

export const COMPLETION_TRIGGERS = ["'", '"', ':', '{', '/'];

/**
 * Completion at a position, from the first of the document's dialects that knows what is typed there.
 * `idPrefixAt` tells what the reader puts before a name typed at an offset (an External Secrets store's prefix).
 */
export function complete(
  document: TextDocument,
  position: Position,
  dialects: readonly Dialect[],
  account: Account,
  previews: SecretPreviews,
  idPrefixAt: (offset: number) => string | undefined = () => undefined,
): CompletionList {
  const text = document.getText();
  const offset = document.offsetAt(position);
  for (const dialect of dialects) {
    const context = dialect.cursorContext?.(text, offset);
    if (!context) continue;
    // A JSON key's secret id is written elsewhere: its prefix is the one of the reference there.
    const idAt = context.kind === 'jsonKey' ? context.idAt : offset;
    return completeIn(context, dialect, document, account, previews, idAt === undefined ? undefined : idPrefixAt(idAt));
  }
  return EMPTY;
}

function completeIn(
  context: CursorContext,
  dialect: Dialect,
  document: TextDocument,
  account: Account,
  previews: SecretPreviews,
  idPrefix: string | undefined,
): CompletionList {
  const range = toRange(document, context.replace);
  switch (context.kind) {
    case 'newReference':
      return dialect.referenceSnippet
        ? { isIncomplete: false, items: [referenceSnippet(dialect.referenceSnippet, context.typed, range)] }
        : EMPTY;
    case 'jsonKey':
      return fromList(account, range, context.typed, () =>
        jsonPathItems({ ...context, secretId: (idPrefix ?? '') + context.secretId }, range, account, previews),
      );
    case 'arn':
      return arnCompletion(context.typed, context.replace, document, account, '');
    case 'choice':
      return {
        isIncomplete: false,
        items: context.choices.map((choice) => ({
          label: choice,
          kind: CompletionItemKind.EnumMember,
          textEdit: { range, newText: choice + context.closing },
        })),
      };
    case 'secretId':
      if (idPrefix)
        return fromList(account, range, context.typed, (secrets) =>
          nameItems(namesAfter(idPrefix, secrets), context.typed, range, false, context.closing),
        );
      if (context.typed.startsWith('arn:')) return arnCompletion(context.typed, context.replace, document, account, context.closing);
      return fromList(account, range, context.typed, (secrets) =>
        nameItems(secrets, context.typed, range, account.editorSettings.insertArn, context.closing),
      );
  }
}

/** Items built from the loaded list, or an empty incomplete answer while it loads. */
function fromList(
  account: Account,
  range: Range,
  typed: string,
  build: (secrets: readonly SecretSummary[]) => CompletionList,
): CompletionList {
  account.load(); // loads the list, or reloads it in the background once it is older than its TTL
  const state = account.readyList;
  if (state) return build(state.secrets);
  const why = unavailable(account);
  return { isIncomplete: true, items: why ? [notice(`Secret list unavailable: ${why}`, range, typed)] : [] };
}

/** Why the list cannot be had now; undefined while it loads. */
function unavailable(account: Account): string | undefined {
  if (!account.trusted) return 'trust this workspace to let AWS be called';
  const { status, failure } = account.list.state;
  return status === 'error' ? failure?.message : undefined;
}

/** An item that only tells something: it matches what is typed, and accepting it changes nothing. */
function notice(label: string, range: Range, typed: string): CompletionItem {
  return {
    label,
    kind: CompletionItemKind.Text,
    filterText: typed,
    sortText: '~',
    textEdit: { range: { start: range.start, end: range.start }, newText: '' },
  };
}

function nameItems(secrets: readonly SecretSummary[], typed: string, range: Range, insertArn: boolean, closing: string): CompletionList {
  const names = lowerCaseNames(secrets);
  const wanted = typed.toLowerCase();
  const items: CompletionItem[] = [];
  for (let index = 0; index < secrets.length; index++) {
    const secret = secrets[index];
    if (secret.deletedDate || !isSubsequence(wanted, names[index])) continue;
    // One match past the limit tells that the list is incomplete; no need to look further.
    if (items.length === MAX_ITEMS) return { isIncomplete: true, items };
    items.push(secretItem(secret, secret.name, range, (insertArn ? secret.arn : secret.name) + closing));
  }
  return { isIncomplete: false, items };
}

/** The secrets whose names start with a prefix the reader adds, named by what follows it. */
function namesAfter(prefix: string, secrets: readonly SecretSummary[]): SecretSummary[] {
  return secrets
    .filter((secret) => secret.name.startsWith(prefix))
    .map((secret) => ({ ...secret, name: secret.name.slice(prefix.length) }));
}

/** The secrets' names in lower case, made once per loaded list rather than on every keystroke. */
const lowerCaseCache = new WeakMap<readonly SecretSummary[], string[]>();
function lowerCaseNames(secrets: readonly SecretSummary[]): string[] {
  let names = lowerCaseCache.get(secrets);
  if (!names) lowerCaseCache.set(secrets, (names = secrets.map((secret) => secret.name.toLowerCase())));
  return names;
}

/** A secret as a completion item; its documentation is added when the item is selected (see `resolveCompletion`). */
function secretItem(secret: SecretSummary, label: string, range: Range, newText: string): CompletionItem {
  const changed = secret.lastChangedDate?.slice(0, 10);
  return {
    label,
    kind: CompletionItemKind.Value,
    detail: secret.description,
    labelDetails: changed ? { description: `changed ${changed}` } : undefined,
    textEdit: { range, newText },
    data: { arn: secret.arn } satisfies SecretItemData,
  };
}

interface SecretItemData {
  arn: string;
}

/** Adds the documentation of a secret's item: name, ARN, description, last change. */
export function resolveCompletion(item: CompletionItem, account: Account): CompletionItem {
  const arn = (item.data as SecretItemData | undefined)?.arn;
  const secret = arn ? account.list.find(arn) : undefined;
  if (!secret) return item;
  const changed = secret.lastChangedDate?.slice(0, 10);
  const lines = [
    `**${secret.name}**`,
    '',
    `\`${secret.arn}\``,
    ...(secret.description ? ['', secret.description] : []),
    ...(changed ? ['', `Last changed ${changed}`] : []),
  ];
  return { ...item, documentation: { kind: MarkupKind.Markdown, value: lines.join('\n') } };
}

/**
 * An ARN being typed: the choices for the part at the cursor (partition, service, region, account,
 * resource type), and the full ARNs of listed secrets that start with what is typed.
 */
function arnCompletion(typed: string, replace: Span, document: TextDocument, account: Account, closing: string): CompletionList {
  const fields = typed.split(':');
  const field = fields.length - 1;
  const fieldRange = toRange(document, { start: replace.start + typed.lastIndexOf(':') + 1, end: replace.end });
  const state = account.readyList;
  if (!state) account.load();
  const part = (values: readonly string[], detail: string): CompletionItem[] =>
    values.map((value) => ({
      label: value,
      kind: CompletionItemKind.EnumMember,
      detail,
      textEdit: { range: fieldRange, newText: `${value}:` },
      command: TRIGGER_SUGGEST,
    }));
  const configuredRegion = state?.scope.region;
  const choices: CompletionItem[] = [
    [PARTITIONS.map((p) => p.id), 'partition'] as const,
    [['secretsmanager'], 'service'] as const,
    [regionsOf(partitionOfRegion(configuredRegion ?? '') === fields[1] ? fields[1] : (fields[1] ?? 'aws')), 'region'] as const,
    [state?.scope.account ? [state.scope.account] : [], 'account of the configured profile'] as const,
    [['secret'], 'resource type'] as const,
  ].flatMap(([values, detail], index) => (index + 1 === field ? part(values, detail) : []));
  for (const item of choices) if (item.label === configuredRegion) item.sortText = ' '; // the configured region first
  const range = toRange(document, replace);
  const secrets = (state?.secrets ?? []).filter((secret) => !secret.deletedDate && secret.arn.startsWith(typed)).slice(0, MAX_ITEMS);
  // Labelled by name: ARNs differ only at their end, which the editor cuts off. They follow the part being typed.
  const arns = secrets.map((secret) => ({
    ...secretItem(secret, secret.name, range, secret.arn + closing),
    detail: secret.arn,
    filterText: secret.arn,
    sortText: `~${secret.name}`,
  }));
  return { isIncomplete: !state, items: [...choices, ...arns] };
}

/**
 * The keys of a JSON secret, from its shape (keys only); fetched in the background the first time. In a reader's path
 * syntax, as a YAML value; JMESPath for the CSI driver, which mounts strings only, offers the strings.
 */
function jsonPathItems(
  { secretId, closing, syntax, quote }: Extract<CursorContext, { kind: 'jsonKey' }>,
  range: Range,
  account: Account,
  previews: SecretPreviews,
): CompletionList {
  const arn = account.list.find(secretId)?.arn;
  if (!arn) return EMPTY;
  const keys = previews.jsonKeys(arn);
  if (!keys) {
    previews.useGateway(account.list.gateway);
    void previews.shape(arn);
    return { isIncomplete: true, items: [] };
  }
  if (!keys.json) return EMPTY;
  const items = [...keys.paths]
    .filter(([, { type }]) => syntax !== 'jmespath' || type === 'string')
    .slice(0, MAX_ITEMS)
    .map(([, { type, segments }]) => {
      const label = keyPathIn(syntax, segments);
      return {
        label,
        kind: CompletionItemKind.Field,
        detail: `${type} · key of ${secretId}`,
        sortText: label,
        textEdit: { range, newText: (syntax ? scalarText(label, quote) : label) + closing },
      };
    });
  return { isIncomplete: false, items };
}

function referenceSnippet(snippet: NonNullable<Dialect['referenceSnippet']>, typed: string, range: Range): CompletionItem {
  return {
    label: snippet.label,
    kind: CompletionItemKind.Snippet,
    detail: snippet.detail,
    documentation: snippet.documentation,
    // Whatever was typed of the value so far must match for the editor to keep the item.
    filterText: `${typed}${snippet.filterText}`,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: snippet.snippet },
    command: TRIGGER_SUGGEST,
  };
}

/** All of `typed`'s characters appear in `candidate` in order (both in lower case): how editors filter. */
function isSubsequence(typed: string, candidate: string): boolean {
  let at = 0;
  for (const ch of typed) {
    at = candidate.indexOf(ch, at) + 1;
    if (at === 0) return false;
  }
  return true;
}
