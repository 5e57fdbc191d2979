/**
 * "Store New Secret…" and "Move value to AWS Secrets Manager…": multi-step inputs with Back, a masked
 * summary, creation through the server, and a reference written into the YAML. A failed creation
 * keeps the person's input for a retry, and leaves the file untouched.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient, RequestType } from 'vscode-languageclient/node';
import { parse as parseYaml } from 'yaml';
import { checkSecretName } from '../../shared/names';
import {
  AddJsonKeyRequest,
  CanAddJsonKeyRequest,
  CreateSecretParams,
  CreateSecretRequest,
  CreateSecretResult,
  FindSecretRequest,
  FoundSecret,
  ReferenceTextRequest,
  ValuePlacement,
  ValuePlacementRequest,
} from '../../shared/protocol';
import { Answer, input, pick, runSteps, Step, StepResult } from './multiStepInput';

const TITLE = 'Store New Secret';
const MASK = '••••••••';

type ValueKind = 'plain' | 'pairs' | 'json';

interface Draft {
  name: string;
  valueKind: ValueKind;
  plain: string;
  pairs: [string, string][];
  json: string;
  description: string;
  tags: string;
  /** The account's secret of that name, chosen at step 1 instead of creating one. */
  existing?: FoundSecret;
}

/** Where a new reference goes when the cursor is not where a value can start. */
interface NewLine {
  choice: 'newLine' | 'clipboard';
  key: string;
}

/** Where the move action found the literal, with the key and profile around it. */
export interface MoveTarget {
  uri: string;
  range: vscode.Range;
  key: string;
  profile?: string;
}

/**
 * Where a value was stored: a secret of its own, or a key of an existing secret's JSON value; or, `reused`,
 * the existing secret the person chose to reference, with nothing stored.
 */
type Stored = FoundSecret & { jsonKey?: string; reused?: boolean };

/** What a taken name offers besides another name: a button, and what it does (undefined when that failed). */
interface ExistingSecretChoice {
  label: string;
  take(): Promise<Stored | undefined>;
}

export class SecretStore {
  /** `where` describes the account, region, profile and endpoint a new secret goes to, when known. */
  constructor(
    private readonly client: LanguageClient,
    private readonly where: () => string | undefined,
  ) {}

  /**
   * The command: asks for everything, creates, then writes a reference in a YAML editor: at the cursor where a
   * value can start there, else (as chosen before creating) on a new line below or on the clipboard. From the
   * quick fix on a missing secret (`uri` and `range` of its id), the reference is in the file already: only a
   * name changed in the wizard is written into it.
   */
  async storeNewSecret(prefill?: { name?: string; uri?: string; range?: vscode.Range }): Promise<void> {
    const draft: Draft = { name: prefill?.name ?? '', valueKind: 'plain', plain: '', pairs: [], json: '', description: '', tags: '' };
    const editor = prefill?.uri ? undefined : vscode.window.activeTextEditor;
    const position = editor?.document.languageId === 'yaml' ? editor.selection.active : undefined;
    const placement = editor && position ? await this.placement(editor.document.uri, position) : undefined;
    const newLine: NewLine = { choice: 'newLine', key: '' };
    const total = placement === 'newLine' ? 7 : 6;
    // Once an existing secret is chosen, only where its reference goes is left to ask.
    const unlessExisting =
      (step: Step): Step =>
      () =>
        draft.existing ? Promise.resolve('skip') : step();
    const steps: Step[] = [
      () => this.newNameStep(draft, total),
      unlessExisting(() => valueKindStep(draft, 2, total)),
      unlessExisting(() => valueStep(draft, 3, total)),
      unlessExisting(() => descriptionStep(draft, 4, total)),
      unlessExisting(() => tagsStep(draft, 5, total)),
      ...(placement === 'newLine' ? [() => newLineStep(draft, newLine, 6, total)] : []),
      unlessExisting(() => summaryStep(draft, [...summaryOf(draft), ...placementSummary(placement, newLine)], this.where(), total, total)),
    ];
    const referenceExisting = async (name: string): Promise<ExistingSecretChoice[]> => [
      { label: 'Reference Existing Secret', take: async () => ({ ...((await this.find(name)) ?? { name, arn: name }), reused: true }) },
    ];
    const created = await this.createWithRetries(draft, steps, () => secretValue(draft), referenceExisting);
    if (!created) return;
    let written = '';
    if (prefill?.uri && prefill.range) {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(prefill.uri));
      const range = rangeOf(prefill.range);
      if (created.name !== prefill.name && document.getText(range) === prefill.name) {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(document.uri, range, idToInsert(created));
        await vscode.workspace.applyEdit(edit);
      }
    } else if (editor && position && placement) {
      written = await this.writeReference(editor, position, placement, newLine, created);
    }
    const done = created.reused
      ? `Referenced the existing secret '${created.name}' (${created.arn}); no secret was created${secretValue(draft) ? ' and the value you typed was not stored' : ''}`
      : `Created secret '${created.name}' (${created.arn})`;
    void vscode.window.showInformationMessage(`${done}${written}.`);
  }

  /** Writes the new secret's reference as planned; returns the end of the message that says where it went. */
  private async writeReference(
    editor: vscode.TextEditor,
    position: vscode.Position,
    placement: ValuePlacement,
    newLine: NewLine,
    created: FoundSecret,
  ): Promise<string> {
    const { document } = editor;
    const onNewLine = placement === 'newLine';
    const reference = await this.referenceText(
      document.uri,
      onNewLine ? new vscode.Position(position.line, 0) : position,
      idToInsert(created),
    );
    if (!reference) return '; this file has no reference form to write, so nothing was inserted';
    if (onNewLine && newLine.choice === 'clipboard') {
      await vscode.env.clipboard.writeText(reference);
      return `; its reference is on the clipboard: ${reference}`;
    }
    if (!onNewLine) {
      await editor.edit((edit) => edit.insert(position, placement === 'afterSpace' ? ` ${reference}` : reference));
      return '; its reference was inserted';
    }
    const line = document.lineAt(position.line);
    // Below a key that opens a mapping, the new key goes inside it.
    const indent = /^\s*/.exec(line.text)![0] + (/:\s*$/.test(line.text) ? '  ' : '');
    await editor.edit((edit) => edit.insert(line.range.end, `\n${indent}${newLine.key}: ${reference}`));
    return `; added '${newLine.key}: …' on line ${position.line + 2}`;
  }

  /**
   * The code action: the value comes from the file; once it is stored, the literal becomes a reference,
   * as one undoable edit. A taken name offers to add the value as a key of that secret's JSON value.
   */
  async moveToSecretsManager(target: MoveTarget): Promise<void> {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
    const range = rangeOf(target.range);
    const literal = document.getText(range);
    const value = String(parseYaml(literal) ?? '');
    const draft: Draft = {
      name: suggestedName(document.uri, target),
      valueKind: 'plain',
      plain: value,
      pairs: [],
      json: '',
      description: '',
      tags: '',
    };
    const steps: Step[] = [
      () => this.nameStep(draft, 1, 3),
      () => descriptionStep(draft, 2, 3),
      () => summaryStep(draft, [`Value from ${target.key}: ${MASK} (${value.length} characters)`], this.where(), 3, 3),
    ];
    const addAsKey = (name: string) => this.addAsKeyChoices(name, target.key, value, document.uri, range.start);
    const stored = await this.createWithRetries(draft, steps, () => value, addAsKey);
    if (!stored) return;
    const where = stored.jsonKey === undefined ? `secret '${stored.name}'` : `JSON key '${stored.jsonKey}' of secret '${stored.name}'`;
    const done = stored.jsonKey === undefined ? `Created ${where}` : `Stored the value of ${target.key} as ${where}`;
    if (document.getText(range) !== literal) {
      void vscode.window.showWarningMessage(`${done}, but ${target.key} changed meanwhile, so the file was left as it is.`);
      return;
    }
    const reference = await this.referenceFor(document.uri, range.start, stored, stored.jsonKey);
    if (!reference) {
      void vscode.window.showWarningMessage(`${done}; this file has no reference form to write, so ${target.key} was left as it is.`);
      return;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, range, reference);
    await vscode.workspace.applyEdit(edit);
    void vscode.window.showInformationMessage(`Moved ${target.key} to ${where}.`);
  }

  /**
   * "Add as JSON Key" for a taken name, offered only when the file can reference that key and the
   * secret holds a JSON object without it.
   */
  private async addAsKeyChoices(
    name: string,
    key: string,
    value: string,
    uri: vscode.Uri,
    position: vscode.Position,
  ): Promise<ExistingSecretChoice[]> {
    // Known by its ARN when the list has it: a reader that names a key by the ARN alone (ECS) can then reference it.
    const existing = (await this.find(name)) ?? { name, arn: name };
    if (!(await this.referenceFor(uri, position, existing, key))) return [];
    const check = await this.client.sendRequest(CanAddJsonKeyRequest, { secretId: name, key });
    if (!check.ok) return [];
    const token = randomUUID();
    const take = async (): Promise<Stored | undefined> => {
      const result = await this.withProgress(`Adding JSON key '${key}' to secret '${name}'…`, AddJsonKeyRequest, {
        secretId: name,
        key,
        value,
        clientRequestToken: token,
      });
      if (result.ok) return { name: result.name, arn: result.arn, jsonKey: key };
      void vscode.window.showErrorMessage(
        `Could not add JSON key '${key}' to secret '${name}': ${result.message} ${key} stays in the file.`,
      );
      return undefined;
    };
    return [{ label: `Add as JSON Key '${key}'`, take }];
  }

  /**
   * Runs the steps and creates; on failure says why and offers to edit and retry with the input kept,
   * and for a taken name what `existing` offers.
   */
  private async createWithRetries(
    draft: Draft,
    steps: Step[],
    value: () => string,
    existing: (name: string) => Promise<ExistingSecretChoice[]>,
  ): Promise<Stored | undefined> {
    let token = randomUUID();
    let submitted: string | undefined;
    let start = 0;
    for (;;) {
      if (!(await runSteps(steps, start))) return undefined;
      if (draft.existing) return { ...draft.existing, reused: true };
      const request = {
        name: draft.name,
        value: value(),
        description: draft.description || undefined,
        tags: parseTags(draft.tags) ?? undefined,
      };
      // A retry of the same input reuses the token, so AWS never creates the secret twice; changed input is a new request.
      const fingerprint = JSON.stringify(request);
      if (submitted !== undefined && submitted !== fingerprint) token = randomUUID();
      submitted = fingerprint;
      const params: CreateSecretParams = { ...request, clientRequestToken: token };
      const result: CreateSecretResult = await this.withProgress(`Creating secret '${draft.name}'…`, CreateSecretRequest, params);
      if (result.ok) return result;
      const choices = result.kind === 'exists' ? await existing(draft.name) : [];
      const choice = await vscode.window.showErrorMessage(
        `Could not create secret '${draft.name}': ${result.message}`,
        ...choices.map((offered) => offered.label),
        ...(result.kind === 'exists' ? ['Change Name'] : ['Edit and Retry']),
      );
      if (!choice) return undefined;
      const chosen = choices.find((offered) => offered.label === choice);
      if (chosen) {
        const taken = await chosen.take();
        if (taken) return taken;
      }
      start = choice === 'Edit and Retry' ? steps.length - 1 : 0;
    }
  }

  private async withProgress<P, R>(title: string, request: RequestType<P, R, void>, params: P): Promise<R> {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, () =>
      this.client.sendRequest(request, params),
    );
  }

  private nameStep(draft: Draft, step: number, total: number): Promise<StepResult> {
    return ask(
      input({
        title: TITLE,
        step,
        totalSteps: total,
        value: draft.name,
        prompt: 'Secret name: letters, digits and / _ + = . @ -, e.g. prod/postgres/password',
        validate: (name) => this.validateName(name),
      }),
      (name) => (draft.name = name),
    );
  }

  /** Step 1 of Store New Secret: a name the account already has offers that secret instead of a creation bound to fail. */
  private async newNameStep(draft: Draft, total: number): Promise<StepResult> {
    for (;;) {
      draft.existing = undefined;
      const named = await this.nameStep(draft, 1, total);
      if (named !== 'next') return named;
      const existing = await this.find(draft.name);
      if (!existing) return 'next';
      type Row = vscode.QuickPickItem & { reuse: boolean };
      const rows: Row[] = [
        { label: `$(references) Reference the existing secret '${existing.name}'`, description: existing.arn, reuse: true },
        { label: '$(edit) Choose another name', reuse: false },
      ];
      const answer = await pick({
        title: TITLE,
        step: 1,
        totalSteps: total,
        items: rows,
        placeholder: `A secret named '${draft.name}' already exists`,
      });
      if (answer.action === 'cancel') return 'cancel';
      if (answer.action === 'next' && answer.value.reuse) {
        draft.existing = existing;
        return 'next';
      }
    }
  }

  /** The server's own name rules, then whether the loaded list already has such a secret. */
  private async validateName(name: string): Promise<vscode.InputBoxValidationMessage | undefined> {
    const issues = checkSecretName(name);
    const error = issues.find((issue) => issue.severity === 'error');
    if (error) return { message: error.message, severity: vscode.InputBoxValidationSeverity.Error };
    const existing = await this.find(name);
    if (existing)
      return { message: `A secret named '${name}' already exists (${existing.arn}).`, severity: vscode.InputBoxValidationSeverity.Warning };
    const warning = issues[0];
    return warning && { message: warning.message, severity: vscode.InputBoxValidationSeverity.Warning };
  }

  private placement(uri: vscode.Uri, position: vscode.Position): Promise<ValuePlacement> {
    return this.client.sendRequest(ValuePlacementRequest, {
      uri: uri.toString(),
      position: { line: position.line, character: position.character },
    });
  }

  /** A reference to the secret (or a key of its JSON value) in the document's own dialect, written by the server. */
  private referenceText(uri: vscode.Uri, position: vscode.Position, secretId: string, jsonKey?: string): Promise<string | null> {
    return this.client.sendRequest(ReferenceTextRequest, {
      uri: uri.toString(),
      position: { line: position.line, character: position.character },
      secretId,
      jsonKey,
    });
  }

  /** The reference by the name or ARN, as the person prefers; else by the ARN, which some readers need (ECS's `:key::`). */
  private async referenceFor(uri: vscode.Uri, position: vscode.Position, secret: FoundSecret, jsonKey?: string): Promise<string | null> {
    const preferred = idToInsert(secret);
    const reference = await this.referenceText(uri, position, preferred, jsonKey);
    return reference ?? (preferred === secret.arn ? null : this.referenceText(uri, position, secret.arn, jsonKey));
  }

  private find(id: string): Promise<FoundSecret | null> {
    return this.client.sendRequest(FindSecretRequest, { id });
  }
}

/** A range that came through a command's arguments as plain JSON. */
function rangeOf(range: vscode.Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

function idToInsert(secret: FoundSecret): string {
  return vscode.workspace.getConfiguration('awsSecretRefs').get('completion.insert') === 'arn' ? secret.arn : secret.name;
}

/** Applies an answer to the draft and turns it into what the steps do next. */
async function ask<T>(answer: Promise<Answer<T>>, apply: (value: T) => void): Promise<StepResult> {
  const result = await answer;
  if (result.action === 'next') apply(result.value);
  return result.action;
}

function valueKindStep(draft: Draft, step: number, total: number): Promise<StepResult> {
  const kinds: (vscode.QuickPickItem & { valueKind: ValueKind })[] = [
    { label: 'Plain text', description: 'a password, token or key', valueKind: 'plain' },
    { label: 'Key/value pairs', description: 'built one by one, stored as JSON', valueKind: 'pairs' },
    { label: 'JSON', description: 'pasted', valueKind: 'json' },
  ];
  const chosen = kinds.find((kind) => kind.valueKind === draft.valueKind);
  return ask(
    pick({ title: TITLE, step, totalSteps: total, items: kinds, active: chosen, placeholder: 'What kind of value?' }),
    (item) => (draft.valueKind = item.valueKind),
  );
}

function valueStep(draft: Draft, step: number, total: number): Promise<StepResult> {
  if (draft.valueKind === 'pairs') return pairsStep(draft, step, total);
  if (draft.valueKind === 'json') {
    return ask(
      input({
        title: TITLE,
        step,
        totalSteps: total,
        value: draft.json,
        password: true,
        prompt: `JSON value of '${draft.name}' (hidden; the eye shows it)`,
        validate: validateJson,
      }),
      (json) => (draft.json = json),
    );
  }
  return ask(
    input({
      title: TITLE,
      step,
      totalSteps: total,
      value: draft.plain,
      password: true,
      prompt: `Value of secret '${draft.name}' (hidden as you type)`,
      validate: (value) =>
        value === '' ? { message: 'The value is empty.', severity: vscode.InputBoxValidationSeverity.Error } : undefined,
    }),
    (value) => (draft.plain = value),
  );
}

async function pairsStep(draft: Draft, step: number, total: number): Promise<StepResult> {
  for (;;) {
    type Item = vscode.QuickPickItem & { action: 'add' | 'done' | 'remove'; key?: string };
    const items: Item[] = [
      { label: '$(add) Add a key', action: 'add' },
      ...(draft.pairs.length
        ? [
            {
              label: '$(check) Done',
              description: `${draft.pairs.length} key${draft.pairs.length === 1 ? '' : 's'}`,
              action: 'done' as const,
            },
          ]
        : []),
      ...draft.pairs.map(([key]): Item => ({ label: key, description: `${MASK} · select to remove`, action: 'remove', key })),
    ];
    const answer = await pick({ title: TITLE, step, totalSteps: total, items, placeholder: 'Key/value pairs of the JSON secret' });
    if (answer.action !== 'next') return answer.action;
    if (answer.value.action === 'done') return 'next';
    if (answer.value.action === 'remove') {
      draft.pairs = draft.pairs.filter(([key]) => key !== answer.value.key);
      continue;
    }
    const key = await input({
      title: TITLE,
      step,
      totalSteps: total,
      prompt: 'Key',
      validate: (value) =>
        value.trim() === ''
          ? { message: 'The key is empty.', severity: vscode.InputBoxValidationSeverity.Error }
          : draft.pairs.some(([known]) => known === value)
            ? { message: `'${value}' is already a key.`, severity: vscode.InputBoxValidationSeverity.Error }
            : undefined,
    });
    if (key.action !== 'next') continue;
    const value = await input({
      title: TITLE,
      step,
      totalSteps: total,
      prompt: `Value of '${key.value}' (hidden as you type)`,
      password: true,
      validate: (text) =>
        text === ''
          ? { message: `'${key.value}' will be stored with an empty value.`, severity: vscode.InputBoxValidationSeverity.Warning }
          : undefined,
    });
    if (value.action === 'next') draft.pairs.push([key.value, value.value]);
  }
}

function descriptionStep(draft: Draft, step: number, total: number): Promise<StepResult> {
  return ask(
    input({ title: TITLE, step, totalSteps: total, value: draft.description, prompt: 'Description (optional)' }),
    (value) => (draft.description = value.trim()),
  );
}

function tagsStep(draft: Draft, step: number, total: number): Promise<StepResult> {
  return ask(
    input({
      title: TITLE,
      step,
      totalSteps: total,
      value: draft.tags,
      prompt: 'Tags (optional): key=value, separated by commas',
      placeholder: 'team=data, env=prod',
      validate: (text) =>
        parseTags(text) === null
          ? { message: 'Write tags as key=value, separated by commas.', severity: vscode.InputBoxValidationSeverity.Error }
          : undefined,
    }),
    (tags) => (draft.tags = tags),
  );
}

/** The last page: what will be created and where, with the value masked, one line each. */
async function summaryStep(
  draft: Draft,
  valueLines: string[],
  where: string | undefined,
  step: number,
  total: number,
): Promise<StepResult> {
  const details = [
    `Name: ${draft.name}`,
    ...valueLines,
    ...(draft.description ? [`Description: ${draft.description}`] : []),
    ...(draft.tags ? [`Tags: ${draft.tags}`] : []),
    `In: ${where ?? 'the account of the configured profile and region'}`,
  ];
  type Row = vscode.QuickPickItem & { action: 'create' | 'back' | 'none' };
  const items: Row[] = [
    { label: `$(cloud-upload) Create secret '${draft.name}'`, action: 'create' },
    { label: '$(arrow-left) Back', action: 'back' },
    { label: 'What will be created', kind: vscode.QuickPickItemKind.Separator, action: 'none' },
    ...details.map((line): Row => ({ label: line, action: 'none' })),
  ];
  for (;;) {
    const answer = await pick({ title: TITLE, step, totalSteps: total, items, placeholder: 'Check and create' });
    if (answer.action !== 'next') return answer.action;
    if (answer.value.action !== 'none') return answer.value.action === 'create' ? 'next' : 'back';
  }
}

/** Asked when the cursor is where no value can start: a new `KEY: reference` line below it, or the clipboard. */
async function newLineStep(draft: Draft, newLine: NewLine, step: number, total: number): Promise<StepResult> {
  type Row = vscode.QuickPickItem & { choice: NewLine['choice'] };
  const rows: Row[] = [
    { label: '$(add) Add a line below the cursor: KEY: reference', choice: 'newLine' },
    { label: '$(copy) Copy the reference to the clipboard', choice: 'clipboard' },
  ];
  for (;;) {
    const answer = await pick({
      title: TITLE,
      step,
      totalSteps: total,
      items: rows,
      active: rows.find((row) => row.choice === newLine.choice),
      placeholder: 'A reference here would break the YAML: where should it go?',
    });
    if (answer.action !== 'next') return answer.action;
    newLine.choice = answer.value.choice;
    if (newLine.choice === 'clipboard') return 'next';
    const key = await input({
      title: TITLE,
      step,
      totalSteps: total,
      value: newLine.key || keyFromName(draft.name),
      prompt: 'Key of the new line',
      validate: (text) =>
        /^[A-Za-z_][\w.-]*$/.test(text)
          ? undefined
          : {
              message: 'A key of letters, digits, _ . and -, starting with a letter or _.',
              severity: vscode.InputBoxValidationSeverity.Error,
            },
    });
    if (key.action === 'cancel') return 'cancel';
    if (key.action === 'next') {
      newLine.key = key.value;
      return 'next';
    }
  }
}

function placementSummary(placement: ValuePlacement | undefined, newLine: NewLine): string[] {
  if (placement !== 'newLine') return [];
  return [
    newLine.choice === 'clipboard' ? 'Reference: copied to the clipboard' : `Reference: on a new line '${newLine.key}: …' below the cursor`,
  ];
}

/** `prod/postgres/password` → `PASSWORD`: the name's last part as a YAML key. */
function keyFromName(name: string): string {
  const last = name.split('/').filter(Boolean).pop() ?? '';
  const key = last.replace(/[^A-Za-z0-9_]+/g, '_').toUpperCase();
  return /^[A-Z_]/.test(key) ? key : `SECRET_${key}`;
}

function summaryOf(draft: Draft): string[] {
  if (draft.valueKind === 'pairs') return [`Value: JSON with keys ${draft.pairs.map(([key]) => key).join(', ')} (values ${MASK})`];
  if (draft.valueKind === 'json') return [`Value: JSON, ${draft.json.length} characters (${MASK})`];
  return [`Value: ${MASK} (${draft.plain.length} characters)`];
}

function secretValue(draft: Draft): string {
  if (draft.valueKind === 'pairs') return JSON.stringify(Object.fromEntries(draft.pairs));
  return draft.valueKind === 'json' ? draft.json : draft.plain;
}

function validateJson(text: string): vscode.InputBoxValidationMessage | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return { message: `Not valid JSON: ${(error as Error).message}`, severity: vscode.InputBoxValidationSeverity.Error };
  }
}

/** `a=b, c=d` as tags; undefined when empty, null when malformed. */
function parseTags(text: string): Record<string, string> | undefined | null {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 0) return undefined;
  const pairs = parts.map((part) => /^([^=]+)=(.*)$/.exec(part));
  if (pairs.some((pair) => !pair)) return null;
  return Object.fromEntries(pairs.map((pair) => [pair![1].trim(), pair![2].trim()]));
}

/** `<project folder>/<profile>/<key>` (a top-level key has no profile) in the characters secret names allow. */
function suggestedName(uri: vscode.Uri, target: MoveTarget): string {
  const project = path.basename(path.dirname(uri.fsPath));
  return [project, ...(target.profile ? [target.profile] : []), target.key.toLowerCase()]
    .map((part) => part.replace(/[^A-Za-z0-9/_+=.@-]/g, '-'))
    .join('/');
}
