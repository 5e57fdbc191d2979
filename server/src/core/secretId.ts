/** The offline checks of a literal secret id, shared by every dialect. */
import { checkSecretIdLength, checkSecretName } from '../../../shared/names';
import { parseSecretArn } from './arn';
import { Problem, shiftSpan } from './model';
import { changeToFixes } from './similar';

/** Problems of a literal secret id (a name, or an ARN) starting at `start` in the text. */
export function idProblems(id: string, start: number): Problem[] {
  // A name's own rules already cap it at 512 characters; an ARN is capped as any secret id.
  const issues = id.startsWith('arn:') ? [...parseSecretArn(id).issues, checkSecretIdLength(id)] : checkSecretName(id);
  return issues
    .filter((issue) => issue !== undefined)
    .map((issue) => {
      const span = shiftSpan(issue, start);
      return { span, severity: issue.severity, code: issue.code, message: issue.message, fixes: issue.suggestions && changeToFixes(span, issue.suggestions) };
    });
}
