import { KIND_LAYOUT } from '../metadata/kinds.js';
import { Finding } from '../requirements/findings.js';
import { statusLabel } from './text.js';

/** One line of the human table; the same order and values as the findings in the JSON result. */
export type ReportRow = {
  readonly status: string;
  readonly id: string;
  readonly step: string;
  /** The component as admins know it (`Global OAuth settings`), or `Org` for org facts. */
  readonly component: string;
  /** `<component API name>.<field>` (the type's name when the component is missing); empty for org rows. */
  readonly field: string;
  readonly expected: string;
  readonly found: string;
  readonly action: string;
};

export function componentLabel(finding: Finding): string {
  return finding.component === 'Org' ? 'Org' : KIND_LAYOUT[finding.component].shortName;
}

function fieldLabel(finding: Finding): string {
  if (!finding.field) return '';
  return `${finding.componentName ?? finding.component}.${finding.field}`;
}

export function toRows(findings: readonly Finding[]): ReportRow[] {
  return findings.map((finding) => ({
    status: statusLabel(finding.status),
    id: finding.id,
    step: finding.step,
    component: componentLabel(finding),
    field: fieldLabel(finding),
    expected: finding.expected,
    found: finding.found,
    action: finding.action,
  }));
}
