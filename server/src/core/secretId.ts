/** The offline checks of a literal secret id, shared by every dialect. */
import { checkSecretIdLength, checkSecretName } from '../../../shared/names';
import { parseSecretArn, ParsedSecretArn } from './arn';
import { Problem, shiftSpan } from './model';
import { changeToFixes } from './similar';

/** The version stages Secrets Manager itself attaches. */
export const AWS_STAGES = ['AWSCURRENT', 'AWSPREVIOUS', 'AWSPENDING'];

/** Problems of a literal secret id (a name, or an ARN, parsed already or not) starting at `start` in the text. */
export function idProblems(
  id: string,
  start: number,
  arn: ParsedSecretArn | undefined = id.startsWith('arn:') ? parseSecretArn(id) : undefined,
): Problem[] {
  // A name's own rules already cap it at 512 characters; an ARN is capped as any secret id.
  const issues = arn ? [...arn.issues, checkSecretIdLength(id)] : checkSecretName(id);
  return issues
    .filter((issue) => issue !== undefined)
    .map((issue) => {
      const span = shiftSpan(issue, start);
      return {
        span,
        severity: issue.severity,
        code: issue.code,
        message: issue.message,
        fixes: issue.suggestions && changeToFixes(span, issue.suggestions),
      };
    });
}

/**
 * Problems of a secret id that a tool passes whole to GetSecretValue: a name that only ends like an
 * ARN's random suffix is still found by that name, so that is advice (information), not a warning.
 */
export function wholeIdProblems(id: string, start: number): Problem[] {
  return idProblems(id, start).map((problem) =>
    problem.code === 'secret-name-suffix' ? { ...problem, severity: 'information' } : problem,
  );
}
