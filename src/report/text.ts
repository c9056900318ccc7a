import { loadMessages } from '../cli/messages.js';
import { FindingStatus, FindingSummary } from '../requirements/findings.js';

// The lean loader: generate prints through this module and must not load @salesforce/core's logger.
const messages = loadMessages('report');

export function reportText(key: string, tokens: ReadonlyArray<string | number> = []): string {
  return messages.getMessage(key, [...tokens]);
}

export function statusLabel(status: FindingStatus): string {
  return reportText(`status.${status}`);
}

/** `12 passed, 1 failed, 2 warnings — not compliant` */
export function summaryLine(summary: FindingSummary): string {
  return reportText('summary.line', [
    summary.passed,
    summary.failed,
    summary.warnings,
    reportText(summary.warnings === 1 ? 'summary.warning' : 'summary.warnings'),
    reportText(summary.compliant ? 'summary.compliant' : 'summary.not-compliant'),
  ]);
}
