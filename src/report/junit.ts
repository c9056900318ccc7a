import { XMLBuilder } from 'fast-xml-parser';
import { Finding, summarize } from '../requirements/findings.js';
import { componentLabel } from './rows.js';
import { reportText } from './text.js';

/**
 * JUnit XML for CI systems: one <testsuite> per validation, one <testcase> per requirement.
 *
 * - `classname` is the component type (`ExtlClntAppGlobalOauthSettings`, or `Org`): Jenkins and GitLab group test
 *   cases by class, so a report reads per component. `name` is `<id>: <guide step>`, unique and stable.
 * - fail → `<failure message="Expected …, found …." type="<id>">` with the details as text: every reporter marks it red
 *   and shows the message in its summary.
 * - warn → `<skipped message="…">`. JUnit has no warning state. A passing test case with the warning only in
 *   `<system-out>` is invisible in Jenkins' and GitLab's summaries and in GitHub reporters (dorny/test-reporter,
 *   mikepenz/action-junit-report) unless someone opens the case. `skipped` is counted and listed separately by all of
 *   them (Jenkins' yellow "skipped", GitLab's "skipped" count, a ⚠/skip icon on GitHub) and none of them fails or
 *   marks the build unstable for it, which matches "compliant with warnings" (exit code 0).
 * - Passing and warning cases carry `<system-out>` with guide step, component, expected, found and action, so the
 *   detail view explains them too; a failure carries the same text as its body (not twice).
 */
// XML 1.0 cannot carry these characters at all, escaped or not.
// eslint-disable-next-line no-control-regex
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  processEntities: true,
});

const clean = (text: string): string => text.replace(XML_ILLEGAL, '');
/** Attribute values lose their line breaks to XML normalization anyway: keep them on one line on purpose. */
const oneLine = (text: string): string => clean(text).replace(/\s+/g, ' ').trim();

export type JunitOptions = {
  /** The app's API name. */
  readonly appName: string;
  /** Where the app was read: an org's username or a folder. */
  readonly source: string;
  /** ISO time stamp of the run; omitted when not given, so output stays reproducible in tests. */
  readonly timestamp?: string;
};

export function classNameOf(finding: Finding): string {
  return finding.component;
}

export function testCaseName(finding: Finding): string {
  return `${finding.id}: ${finding.step}`;
}

function details(finding: Finding): string {
  const component = finding.field
    ? `${componentLabel(finding)} (${finding.componentName ?? finding.component}.${finding.field})`
    : componentLabel(finding);
  return clean(
    reportText('junit.details', [finding.step, component, finding.expected, finding.found, finding.action || '-'])
  );
}

function testCase(finding: Finding): Record<string, unknown> {
  const message = oneLine(reportText('junit.failure', [finding.expected, finding.found]));
  const outcome =
    finding.status === 'fail'
      ? { failure: { '@_message': message, '@_type': finding.id, '#text': details(finding) } }
      : finding.status === 'warn'
        ? { skipped: { '@_message': oneLine(`${message} ${finding.action}`) } }
        : {};
  return {
    '@_classname': oneLine(classNameOf(finding)),
    '@_name': oneLine(testCaseName(finding)),
    '@_time': '0',
    ...outcome,
    ...(finding.status === 'fail' ? {} : { 'system-out': details(finding) }),
  };
}

export function toJunitXml(findings: readonly Finding[], options: JunitOptions): string {
  const summary = summarize(findings);
  const suite = {
    '@_name': oneLine(reportText('junit.suite', [options.appName, options.source])),
    '@_tests': String(findings.length),
    '@_failures': String(summary.failed),
    '@_errors': '0',
    '@_skipped': String(summary.warnings),
    '@_time': '0',
    ...(options.timestamp ? { '@_timestamp': options.timestamp } : {}),
    testcase: findings.map(testCase),
  };
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      '@_name': 'sf dropzone app validate',
      '@_tests': String(findings.length),
      '@_failures': String(summary.failed),
      '@_errors': '0',
      '@_skipped': String(summary.warnings),
      testsuite: suite,
    },
  };
  return `${builder.build(document).trim()}\n`;
}
