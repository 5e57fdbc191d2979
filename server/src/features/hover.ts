/**
 * Hover on a reference: the secret's metadata, its value masked (never in plain text), the key a
 * `json_value` path selects, and links to the console, copy and a confirmed reveal. Errors stay in
 * the hover, and a hover never waits more than a few seconds.
 */
import { Hover, MarkupKind, Position } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AwsFailure, SecretSummary } from '../aws';
import { parseSecretArn } from '../core/arn';
import { SecretReference, SecretSearch } from '../core/model';
import { keyPathIn, pathNames } from '../core/keyPaths';
import { SecretShape } from '../core/secretShape';
import { Account } from './account';
import { Validator } from './diagnostics';
import { Outcome, SecretPreviews } from './secretPreviews';
import type { DialectWording } from '../dialects/dialect';
import { dialectOf, searchMatches, searchWords, wordingOf } from './accountChecks';
import { toRange } from './positions';
import { HoverCommands } from '../../../shared/protocol';

const HOVER_WAIT_MS = 3000;

export async function hover(
  document: TextDocument,
  position: Position,
  validator: Validator,
  account: Account,
  previews: SecretPreviews,
): Promise<Hover | null> {
  const offset = document.offsetAt(position);
  const reference = validator
    .referencesNear(document, offset)
    .find((candidate) => contains(candidate.span, offset) || (candidate.jsonPath && contains(candidate.jsonPath.span, offset)));
  if (!reference) return null;
  const dialects = validator.dialectsAt(document, position.line);
  const wording = wordingOf(reference, dialects);
  const markdown = (lines: string[]): Hover => ({
    contents: { kind: MarkupKind.Markdown, value: lines.join('\n\n') },
    range: toRange(document, reference.span),
  });
  const variableNames = dialectOf(reference, dialects)?.variableNames;
  const variables = (secretName: string | undefined, shape: Outcome<SecretShape> | undefined) =>
    variableNames?.(reference, secretName, shape?.ok ? shape.value : undefined);
  if (reference.prefixSearch) {
    // Names alone name the variables, unless JSON is parsed: then the first few secrets' values are read.
    const variablesOf = async (secret: SecretSummary, index: number) => {
      const byName = variables(secret.name, undefined);
      if (byName || index >= MAX_VALUES_READ) return byName;
      previews.useGateway(account.list.gateway);
      return variables(secret.name, await withDeadline(previews.shape(secret.arn)));
    };
    return markdown(await searchLines(reference.prefixSearch, account, variableNames && variablesOf));
  }
  const secretId = reference.secretId;
  if (!secretId) return markdown(['**AWS secret reference**', `${wording.dynamicId}, so it cannot be previewed here.`]);
  const arn = secretId.startsWith('arn:') ? parseSecretArn(secretId) : undefined;
  // The secret's name: an ARN is shown once, below it.
  const title = `**${escape(arn?.name || secretId)}** · AWS Secrets Manager`;
  if (!account.trusted)
    return markdown([title, 'Restricted mode: trust this workspace to preview the secret. References are still checked offline.']);

  const state = account.list.state;
  const { region } = state.scope;
  const assumed = reference.assumption ? [`ⓘ ${escape(reference.assumption)}`] : [];
  if (region && arn?.region && arn.region !== region) {
    return markdown([
      title,
      `This secret is in **${arn.region}**, and the configured region is **${region}**: switch region to preview it.`,
    ]);
  }
  if (region && !arn && reference.region && reference.region !== region) {
    return markdown([
      title,
      `${wording.reader} reads this secret in **${reference.region}**, and the configured region is **${region}**: switch region to preview it.`,
      ...assumed,
    ]);
  }
  const listed = account.readyList ? account.list.find(secretId) : undefined;
  // The list holds one account only: an ARN of another one is read from AWS (a resource policy may allow it).
  const otherAccount = !!arn && !!state.scope.account && arn.account !== state.scope.account;
  if (reference.createdInDocument && !listed)
    return markdown([title, `Created by this document: ${wording.reader} reads it once the stack is deployed.`]);
  if (account.readyList && !listed && !otherAccount) {
    return markdown([
      title,
      `Not found in account ${state.scope.account ?? '(unknown)'}, region ${region ?? '(none)'}, profile ${state.scope.profile}.`,
      ...assumed,
    ]);
  }
  previews.useGateway(account.list.gateway);
  const lookupId = listed?.arn ?? secretId;
  // A listed secret's metadata (rotation included) comes with the list: only its value is fetched.
  const described: Promise<Outcome<SecretSummary>> = listed
    ? Promise.resolve({ ok: true, value: listed })
    : withDeadline(previews.describe(lookupId));
  const [metadata, shape] = await Promise.all([described, withDeadline(previews.shape(lookupId))]);
  // One failure (an endpoint down, access denied) is said once, in the value's line.
  const sameFailure = !metadata.ok && !shape.ok && metadata.failure.message === shape.failure.message;
  const metadataOutcome: Outcome<SecretSummary> = sameFailure && listed ? { ok: true, value: listed } : metadata;
  const lines = sameFailure && !listed ? [] : metadataLines(metadataOutcome, listed);
  const known = metadata.ok ? metadata.value : listed;
  const names = variables(known?.name, shape);
  return markdown([
    title,
    ...lines,
    ...assumed,
    ...valueLines(shape, reference, wording),
    ...(names ? [`Environment variables: ${variableList(names)}`] : []),
    linksLine(known, state.scope.endpoint ? undefined : region),
  ]);
}

/**
 * The secrets a search finds, by name (never a value): all of a prefix's, the first few of a pattern's or tags', each
 * with the variables the reader sets from it when it names them.
 */
async function searchLines(
  search: SecretSearch,
  account: Account,
  variablesOf?: (secret: SecretSummary, index: number) => Promise<string[] | undefined>,
): Promise<string[]> {
  const plain = !search.nameRegexp && !search.tags;
  const title = plain
    ? `**${escape(search.prefix)}\\*** · AWS Secrets Manager prefix search`
    : `**Secrets that ${escape(searchWords(search))}** · AWS Secrets Manager search`;
  if (!account.trusted) return [title, 'Restricted mode: trust this workspace to see which secrets it finds.'];
  if (!account.readyList) return [title, "The account's secret list is not loaded yet."];
  const found = searchMatches(search, account.list.state.secrets);
  if (!found) return [title, `Not previewed: ${escape(search.notPreviewed!)}.`];
  const { scope } = account.list.state;
  const listed = plain ? MAX_LISTED_MATCHES : MAX_LISTED_FOUND;
  const shown = await Promise.all(
    found.slice(0, listed).map(async (secret, index) => {
      const names = await variablesOf?.(secret, index);
      return `- \`${secret.name}\`${names ? ` → ${variableList(names)}` : ''}`;
    }),
  );
  if (found.length > listed) shown.push(`- … and ${found.length - listed} more`);
  return [
    title,
    `${found.length} secret${found.length === 1 ? '' : 's'} found in account ${scope.account ?? '(unknown)'}, region ${scope.region ?? '(none)'}${found.length > 0 ? ':' : '.'}`,
    shown.join('\n'),
  ].filter(Boolean);
}
const MAX_LISTED_MATCHES = 100;
const MAX_LISTED_FOUND = 10;
/** Secrets of a search whose values are read to name their variables. */
const MAX_VALUES_READ = 10;
const MAX_VARIABLES = 20;

function variableList(names: string[]): string {
  const more = names.length > MAX_VARIABLES ? ` and ${names.length - MAX_VARIABLES} more` : '';
  return names.length === 0 ? 'none' : `${names.slice(0, MAX_VARIABLES).map(code).join(', ')}${more}`;
}

function metadataLines(metadata: Outcome<SecretSummary>, listed: SecretSummary | undefined): string[] {
  const known: SecretSummary | undefined = metadata.ok ? metadata.value : listed;
  const lines: string[] = [];
  if (known) {
    lines.push(`\`${known.arn}\``);
    if (known.description) lines.push(escape(known.description));
  }
  if (!metadata.ok) {
    lines.push(`⚠ ${escape(metadata.failure.message)}`);
    return lines;
  }
  const secret = metadata.value;
  const facts = [
    secret.lastChangedDate && `Last changed ${secret.lastChangedDate.slice(0, 10)}`,
    secret.rotationEnabled
      ? `Rotation on${secret.nextRotationDate ? `, next ${secret.nextRotationDate.slice(0, 10)}` : ''}`
      : 'Rotation off',
    secret.deletedDate && `**Scheduled for deletion on ${secret.deletedDate.slice(0, 10)}**`,
  ];
  lines.push(facts.filter(Boolean).join(' · '));
  return lines;
}

function valueLines(shape: Outcome<SecretShape>, reference: SecretReference, wording: DialectWording): string[] {
  if (!shape.ok) return [`Value: not available. ${escape(shape.failure.message)}`];
  const value = shape.value;
  if (value.kind === 'binary') return [`Value: binary, ${value.byteLength} bytes (${wording.binary}).`];
  if (value.kind === 'string') {
    const lines = [`Value: \`${value.masked}\` · ${value.length} character${value.length === 1 ? '' : 's'}`];
    if (reference.jsonPath)
      lines.push(`⚠ ${wording.keyReader} reads ${code(reference.jsonPath.path)}, but this secret is not JSON: ${wording.notJsonShort}.`);
    return lines;
  }
  const rows = value.fields.map(
    (field) => `| \`${escapeCell(field.path)}\` | ${field.type} | ${field.masked ? `\`${field.masked}\`` : ''} |`,
  );
  const lines = [
    `Value: JSON with ${value.fields.length} field${value.fields.length === 1 ? '' : 's'}`,
    ['| key | type | value |', '|---|---|---|', ...rows].join('\n'),
  ];
  if (reference.jsonPath) {
    const selected = value.fields.find((field) => pathNames(reference.jsonPath!.path, field.segments, reference.keySyntax));
    lines.push(
      selected
        ? `${wording.keyReader} selects ${code(keyPathIn(reference.keySyntax, selected.segments))}: ${selected.type}${selected.masked ? ` \`${selected.masked}\`` : ''}`
        : `⚠ ${wording.keyReader} path ${code(reference.jsonPath.path)} is not in this secret: ${wording.missingJsonKeyShort}.`,
    );
  }
  return lines;
}

/** `region` undefined: no console link, as for a custom endpoint, whose secrets the console does not show. */
function linksLine(secret: SecretSummary | undefined, region: string | undefined): string {
  const links: string[] = [];
  const id = secret?.arn;
  if (secret && id) {
    const console = region && consoleUrl(secret, region);
    if (console) links.push(`[Open in AWS console](${console})`);
    links.push(`[Copy ARN](${commandUri(HoverCommands.copyArn, id)})`);
  }
  const target = id ?? secret?.name;
  if (target) {
    links.push(`[Reveal value…](${commandUri(HoverCommands.revealValue, target)})`);
    links.push(`[Copy value…](${commandUri(HoverCommands.copyValue, target)})`);
  }
  return links.join(' · ');
}

function consoleUrl(secret: SecretSummary, region: string): string | undefined {
  const arn = parseSecretArn(secret.arn);
  const secretRegion = arn.region || region;
  const host = { aws: 'console.aws.amazon.com', 'aws-cn': 'console.amazonaws.cn', 'aws-us-gov': 'console.amazonaws-us-gov.com' }[
    arn.partition
  ];
  if (!host || !secretRegion) return undefined;
  return `https://${secretRegion}.${host}/secretsmanager/secret?name=${encodeURIComponent(secret.name)}&region=${secretRegion}`;
}

function commandUri(command: string, argument: string): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify([argument]))}`;
}

/** The outcome, or a timeout failure once the hover has waited long enough. */
function withDeadline<T>(outcome: Promise<Outcome<T>>): Promise<Outcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome<T>>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, failure: slow }), HOVER_WAIT_MS);
  });
  return Promise.race([outcome, timeout]).finally(() => clearTimeout(timer));
}

const slow: AwsFailure = { kind: 'timeout', message: 'AWS did not answer within 3 seconds; hover again in a moment.' };

function contains(span: { start: number; end: number }, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|~]/g, '\\$&');
}

/** A code span: backslash escapes show as typed inside one, so only a backtick needs a longer fence. */
function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function escapeCell(text: string): string {
  return text.replace(/[|`]/g, '\\$&');
}
