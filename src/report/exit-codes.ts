import { FindingSummary } from '../requirements/findings.js';

/**
 * Exit codes of `sf dropzone app validate`, consistent with the plugin's other commands (1 error, 2 bad input):
 * 0 compliant (warnings allowed); 1 the check could not run (org unreachable, app missing, unreadable files, a failed
 * --fix deploy, any unexpected error); 2 bad input (a flag's value, a profile, permission set or user the org lacks,
 * several apps and no --name), nothing checked; 3 checked and not compliant; 130 stopped by SIGINT or SIGTERM. A distinct code for non-compliance keeps
 * a crash from reading as "the org drifted" in a pipeline.
 */
export const VALIDATE_EXIT = { compliant: 0, error: 1, badInput: 2, nonCompliant: 3, interrupted: 130 } as const;

/** Exit codes of create besides 0, 1, 2 and 130: --wait ran out while the deploy runs; the org stopped answering. */
export const CREATE_EXIT = { deadline: 69, outcomeUnknown: 75 } as const;

export function exitCodeOf(summary: Pick<FindingSummary, 'compliant'>): number {
  return summary.compliant ? VALIDATE_EXIT.compliant : VALIDATE_EXIT.nonCompliant;
}
