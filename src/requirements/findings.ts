import { ComponentKind } from '../metadata/kinds.js';
import { Severity } from './table.js';

export type FindingStatus = 'pass' | 'fail' | 'warn';

/** One requirement checked against one app: what was expected, what was found, and what to do about it. */
export type Finding = {
  readonly id: string;
  readonly step: string;
  readonly severity: Exclude<Severity, 'default'>;
  readonly status: FindingStatus;
  /** The component type the row is about, or `Org` for org facts. */
  readonly component: ComponentKind | 'Org';
  /** The component's API name as found (or as it would be named), when the row is about a component. */
  readonly componentName?: string;
  readonly field?: string;
  readonly expected: string;
  readonly found: string;
  /** Empty when the row passes. */
  readonly action: string;
};

export type FindingSummary = { readonly passed: number; readonly failed: number; readonly warnings: number; readonly compliant: boolean };

export function summarize(findings: readonly Finding[]): FindingSummary {
  const count = (status: FindingStatus): number => findings.filter((finding) => finding.status === status).length;
  return { passed: count('pass'), failed: count('fail'), warnings: count('warn'), compliant: count('fail') === 0 };
}
