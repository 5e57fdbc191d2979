/**
 * `--aws`: the extension's account checks, against listings of the account's secrets (names and ARNs,
 * never values). Names are looked up in the region their file names for them (an External Secrets store),
 * else the configured one. An ARN is looked up in the region it names, in a listing of that region: where
 * the editor says such a reference was not checked, CI checks it.
 */
import { AwsSettings, resolveAwsSettings, SecretList, SecretListScope } from '../aws';
import { parseSecretArn } from '../core/arn';
import { SecretReference } from '../core/model';
import { accountProblems } from '../features/accountChecks';
import { NO_FACTS } from '../features/secretPreviews';
import { CheckedFile } from './report';

/**
 * Adds the account checks' problems to the files. Resolves to why they could not be checked: a listing that
 * cannot be loaded, or a region that holds no secret at all (the editor says so on its status item; here a wrong
 * region would otherwise pass unnoticed).
 */
export async function checkSecretsExist(files: CheckedFile[], settings: AwsSettings): Promise<string | undefined> {
  const { region: configuredRegion } = await resolveAwsSettings(settings);
  /** The region each reference is looked up in. Undefined when none is configured: that listing fails with advice. */
  const regions = new Map<SecretReference, string | undefined>();
  for (const reference of files.flatMap((file) => file.references)) {
    const { secretId } = reference;
    if (secretId === undefined && !reference.prefixSearch) continue;
    if (secretId === undefined || !secretId.startsWith('arn:')) regions.set(reference, reference.region ?? configuredRegion);
    else {
      const arn = parseSecretArn(secretId);
      // An ARN with an error of its own is reported already, and names no region to look in.
      if (!arn.issues.some((issue) => issue.severity === 'error')) regions.set(reference, arn.region);
    }
  }
  const lists = new Map<string | undefined, SecretList>();
  try {
    for (const region of new Set(regions.values())) {
      const list = await SecretList.create({ ...settings, region });
      lists.set(region, list);
      const { failure, secrets, scope } = await list.load();
      if (failure) return failure.message;
      if (secrets.length === 0) return noSecretIn(scope, [...regions.values()].filter((other) => other === region).length);
    }
    for (const file of files) {
      for (const [region, list] of lists) {
        const references = file.references.filter((reference) => regions.has(reference) && regions.get(reference) === region);
        if (references.length === 0) continue;
        // No JSON keys nor versions: learning them takes values and metadata calls the command line does not make.
        // concat: spreading a huge list into push() overflows the stack.
        file.problems = file.problems.concat(
          accountProblems({ references, problems: file.problems, dialects: file.dialects }, list, list.state, NO_FACTS, true),
        );
      }
      file.problems.sort((a, b) => a.span.start - b.span.start);
    }
    return undefined;
  } finally {
    for (const list of lists.values()) list.dispose();
  }
}

function noSecretIn({ region, endpoint, account }: SecretListScope, references: number): string {
  const where = `region ${region}${endpoint ? ` at ${endpoint}` : ''}${account ? ` (account ${account})` : ''}`;
  const checked = references === 1 ? 'the reference to look up there was' : `the ${references} references to look up there were`;
  return `There is no secret at all in ${where}, so ${checked} not checked. Is the region right? Give it with --region.`;
}
