/**
 * The extension's own messages between client and server, beside standard LSP, as typed request and
 * notification types, and the command ids both sides name. Shared by both sides.
 */
import { NotificationType, NotificationType0, RequestType, RequestType0 } from 'vscode-languageserver-protocol';

/** Server to client: the secret list's state, for the status bar and progress. */
export const SecretListStateNotification = new NotificationType<SecretListStateParams>('awsSecretRefs/secretListState');
export interface SecretListStateParams {
  status: 'unknown' | 'loading' | 'ready' | 'error' | 'untrusted';
  count: number;
  profile: string;
  region?: string;
  endpoint?: string;
  account?: string;
  /** Where the credentials come from, as every message names it: `profile dev` or `environment credentials`. */
  credentials: string;
  /** Credentials, region and endpoint in one line. */
  scopeLabel: string;
  /** What went wrong and what to do, when status is `error`. */
  failure?: { kind: string; message: string };
  /** When the list in use loaded (ms since the epoch). With status `error`, that list is stale: its reload failed. */
  loadedAt?: number;
}

/** Client to server: reload the secret list now. Answers with the new state. */
export const RefreshSecretListRequest = new RequestType0<SecretListStateParams, void>('awsSecretRefs/refreshSecretList');

/** Client to server: the profiles and regions to offer in the pickers. */
export const ProfileChoicesRequest = new RequestType0<ProfileChoices, void>('awsSecretRefs/profileChoices');
export interface ProfileChoices {
  profiles: { name: string; region?: string }[];
  currentProfile: string;
  currentRegion?: string;
  /** Regions of the current partition. */
  regions: string[];
}

/** Client to server: the person trusted the workspace, so AWS may be called now. */
export const WorkspaceTrustedNotification = new NotificationType0('awsSecretRefs/workspaceTrusted');

/** What the client passes when starting the server. */
export interface InitializationOptions {
  workspaceTrusted: boolean;
}

/**
 * Client to server: the whole value of a secret, for a reveal or copy the person has confirmed.
 * The only message that ever carries a plaintext value.
 */
export const RevealValueRequest = new RequestType<RevealValueParams, RevealValueResult, void>('awsSecretRefs/revealValue');
export interface RevealValueParams {
  secretId: string;
  /** The person confirmed in a dialog; without it the server refuses. */
  confirmed: boolean;
}
export type RevealValueResult =
  { ok: true; kind: 'string'; text: string } | { ok: true; kind: 'binary'; byteLength: number } | { ok: false; message: string };

/** Client commands that the server's hovers link to. */
export const HoverCommands = {
  copyArn: 'awsSecretRefs.copyArn',
  revealValue: 'awsSecretRefs.revealValue',
  copyValue: 'awsSecretRefs.copyValue',
} as const;

export const STORE_NEW_SECRET_COMMAND = 'awsSecretRefs.storeNewSecret';
export const MOVE_TO_SECRETS_MANAGER_COMMAND = 'awsSecretRefs.moveToSecretsManager';

/**
 * Client to server: the text of a reference to `secretId` to insert at `position` of a document, in
 * that document's own dialect; null when no dialect of the document writes references.
 */
export interface ReferenceTextParams {
  uri: string;
  position: { line: number; character: number };
  secretId: string;
  /** A key of the secret's JSON value to reference instead of the whole value (null when no dialect can). */
  jsonKey?: string;
}
/** Client to server: the secret id of the reference at (or on the line of) a position, in any dialect. */
export const SecretAtRequest = new RequestType<{ uri: string; position: { line: number; character: number } }, string | null, void>(
  'awsSecretRefs/secretAt',
);

export const ReferenceTextRequest = new RequestType<ReferenceTextParams, string | null, void>('awsSecretRefs/referenceText');

/**
 * Client to server: whether a whole reference can be written at a position and keep the YAML valid: there
 * ('here'), after a space ('afterSpace', right after `key:`), or only on a new line ('newLine').
 */
export type ValuePlacement = 'here' | 'afterSpace' | 'newLine';
export const ValuePlacementRequest = new RequestType<{ uri: string; position: { line: number; character: number } }, ValuePlacement, void>(
  'awsSecretRefs/valuePlacement',
);

/** Client to server: create a secret. The value travels from the person's input to AWS only. */
export const CreateSecretRequest = new RequestType<CreateSecretParams, CreateSecretResult, void>('awsSecretRefs/createSecret');
export interface CreateSecretParams {
  name: string;
  value: string;
  description?: string;
  tags?: Record<string, string>;
  /** The same token for a retry of the same input, so that it never creates twice. */
  clientRequestToken: string;
}
export type CreateSecretResult = { ok: true; name: string; arn: string } | { ok: false; kind: string; message: string };

/**
 * Client to server: whether `key` can be added to the JSON object an existing secret holds, asked before
 * offering to. The server reads the value to tell; no value travels.
 */
export const CanAddJsonKeyRequest = new RequestType<{ secretId: string; key: string }, CanAddJsonKeyResult, void>(
  'awsSecretRefs/canAddJsonKey',
);
export type CanAddJsonKeyResult = { ok: true } | { ok: false; kind: string; message: string };

/**
 * Client to server: adds `key` with the string `value` to the JSON object an existing secret holds, as
 * its new current version, every other key kept. Refused when the value is not a JSON object or already
 * has the key. The value travels from the document to AWS only.
 */
export const AddJsonKeyRequest = new RequestType<AddJsonKeyParams, CreateSecretResult, void>('awsSecretRefs/addJsonKey');
export interface AddJsonKeyParams {
  secretId: string;
  key: string;
  value: string;
  /** The same token for a retry of the same input, so that it never stores twice. */
  clientRequestToken: string;
}

/** Client to server: the listed secret with this name or ARN, if the list knows one. */
export const FindSecretRequest = new RequestType<{ id: string }, FoundSecret | null, void>('awsSecretRefs/findSecret');
export interface FoundSecret {
  name: string;
  arn: string;
}
