import { Messages } from '@salesforce/core/messages';
import { FindingStatus, FindingSummary } from '../requirements/findings.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-dropzone', 'report');

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
