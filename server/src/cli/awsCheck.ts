/**
 * `--aws`: every secret that a reference names literally must exist. Names are looked up in the
 * configured region, ARNs in their own region, each in one listing of that region's secrets (names and
 * ARNs only, never values). A secret the listing lacks is asked for once more by DescribeSecret before it
 * is reported: listings are eventually consistent, and an ARN may name another account.
 */
import { AwsFailure, AwsFailureError, AwsSettings, resolveAwsSettings, SecretList, SecretSummary, toAwsFailure } from '../aws';
import { parseSecretArn } from '../core/arn';
import { Problem, SecretReference, Span } from '../core/model';
import { didYouMean, quote } from '../core/similar';
import { CheckedFile } from './report';

interface Target {
  id: string;
  /** Undefined when no region is configured: that listing fails with advice on setting one. */
  region?: string;
  uses: { file: CheckedFile; reference: SecretReference }[];
}

/** Adds a problem for each reference to a secret that is missing; resolves to the failure when AWS cannot answer. */
export async function checkSecretsExist(files: CheckedFile[], settings: AwsSettings): Promise<AwsFailure | undefined> {
  const { region: configuredRegion } = await resolveAwsSettings(settings);
  const targets = new Map<string, Target>();
  for (const file of files) {
    for (const reference of file.references) {
      const id = reference.secretId;
      // An id with a static error is already reported, and AWS would only add noise.
      if (!id || hasError(file.problems, reference.idSpan!)) continue;
      const region = id.startsWith('arn:') ? parseSecretArn(id).region : configuredRegion;
      const key = `${region} ${id}`;
      if (!targets.has(key)) targets.set(key, { id, region, uses: [] });
      targets.get(key)!.uses.push({ file, reference });
    }
  }

  const lists = new Map<string | undefined, SecretList>();
  try {
    for (const target of targets.values()) {
      if (lists.has(target.region)) continue;
      const list = await SecretList.create({ ...settings, region: target.region });
      lists.set(target.region, list);
      const { failure } = await list.load();
      if (failure) return failure;
    }
    for (const target of targets.values()) {
      const problem = await verdict(lists.get(target.region)!, target.id);
      if (!problem) continue;
      for (const { file, reference } of target.uses) {
        const severity = problem.code === 'secret-unchecked' ? 'information' : reference.kind === 'call' ? 'error' : 'warning';
        file.problems.push({ span: reference.idSpan!, severity, ...problem });
      }
    }
    for (const file of files) file.problems.sort((a, b) => a.span.start - b.span.start);
    return undefined;
  } catch (error) {
    if (error instanceof AwsFailureError) return error.failure;
    throw error;
  } finally {
    for (const list of lists.values()) list.dispose();
  }
}

/** The problem with the secret `id`, if any; throws an AwsFailureError when AWS cannot answer. */
async function verdict(list: SecretList, id: string): Promise<Pick<Problem, 'code' | 'message'> | undefined> {
  const subject = id.startsWith('arn:') ? `The secret of this ARN` : `Secret ${quote(id)}`;
  let secret: SecretSummary | undefined = list.find(id);
  if (!secret) {
    try {
      secret = await list.gateway.describeSecret(id);
    } catch (error) {
      const failure = toAwsFailure(error, { scope: list.gateway.scope, secretId: id });
      if (failure.kind === 'access-denied') {
        return { code: 'secret-unchecked', message: `Whether this secret exists cannot be checked: ${failure.message}` };
      }
      if (failure.kind !== 'not-found') throw new AwsFailureError(failure);
      return { code: 'secret-not-found', message: `${subject} does not exist in ${searched(list)}.${didYouMean(list.closeNames(id))}` };
    }
  }
  if (!secret.deletedDate) return undefined;
  return {
    code: 'secret-scheduled-for-deletion',
    message:
      `${subject} is scheduled for deletion on ${secret.deletedDate.slice(0, 10)} in ${searched(list)}, so it cannot be read. ` +
      `Restore it with \`aws secretsmanager restore-secret --secret-id ${secret.name}\`, or refer to another secret.`,
  };
}

/** E.g. `region us-east-1 of account 123456789012 (searched with profile dev)`. */
function searched(list: SecretList): string {
  const { scope } = list.gateway;
  const { account } = list.state.scope;
  const credentials = scope.environmentKeys ? 'environment credentials' : `profile ${scope.profile}`;
  const endpoint = scope.endpoint ? ` at ${scope.endpoint}` : '';
  return `region ${scope.region}${account ? ` of account ${account}` : ''} (searched with ${credentials}${endpoint})`;
}

function hasError(problems: Problem[], span: Span): boolean {
  return problems.some((problem) => problem.severity === 'error' && problem.span.start <= span.end && problem.span.end >= span.start);
}
