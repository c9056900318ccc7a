import { KIND_LAYOUT } from '../metadata/kinds.js';
import { COMPONENT_REQUIREMENTS, ExpectationContext, ORG_REQUIREMENTS } from './table.js';
import { actionOf, sourceOf, stepOf } from './text.js';
import { describeExpected } from './values.js';

/** The context the docs describe: a production org, the default profile, a placeholder for what the admin chooses. */
const DOC_CONTEXT: ExpectationContext = {
  callbackUrl: 'https://login.salesforce.com/services/oauth2/success (sandbox: https://test.salesforce.com/services/oauth2/success)',
  contactEmail: 'admin@example.com',
  profiles: ['--profile (default: System Administrator)'],
  permissionSets: ['--permission-set'],
  sessionTimeoutMinutes: undefined,
};

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const ACTION_PLACEHOLDERS: Record<string, string[]> = {
  'callback-url': ['the URL for the org type'],
  'pre-authorized-profiles': ['of the authorizing user'],
  'pre-authorized-permission-sets': ['you name'],
  'session-timeout': ['the chosen number of'],
  'authorizing-user-pre-authorized': ['the user', 'System Administrator'],
  'authorizing-user-can-log-in': ['The user', 'named in the row'],
  'authorizing-user-api-enabled': ['the user', 'named in the row'],
  'authorizing-user-edits-cases': ['the user', 'named in the row'],
  'authorizing-user-login-hours': ['<the profile named in the row>', 'the user'],
  'authorizing-user-case-sharing': ['the user'],
  'eca-permissions': ['ExternalClientAppDeveloper, ExternalClientAppAdmin and ViewClientSecret'],
};

/** docs/requirements.md, printed from the requirements table; a test fails when the committed file differs. */
export function renderRequirementsDoc(): string {
  const lines = [
    '# Dropzone Connector requirements',
    '',
    '<!-- Generated from src/requirements/table.ts by `npm run docs`. Do not edit by hand. -->',
    '',
    'What the SendSafely Dropzone Connector guide demands of the External Client App, and what the plugin writes',
    '(`generate`, `create`) and checks (`validate`). *required* rows fail validation, *recommended* rows warn,',
    '*default* rows are written by the generator (so a redeploy never falls back to an unsafe default) but not checked.',
    '',
    '| Id | Guide step | Component | Field | Expected | Severity | Action when unmet |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of COMPONENT_REQUIREMENTS) {
    const expected = describeExpected(row.rule, DOC_CONTEXT) ?? `the value of --session-timeout, when given`;
    lines.push(
      `| \`${row.id}\` | ${cell(stepOf(row.id))} | ${KIND_LAYOUT[row.component].shortName} (\`${row.component}\`) | \`${row.field}\` | ${cell(expected)} | ${row.severity} | ${cell(actionOf(row.id, ACTION_PLACEHOLDERS[row.id] ?? []))} |`
    );
  }
  lines.push(
    '',
    '## Checked in org mode only',
    '',
    '`validate --target-org` checks every row below; `create` adds the `authorizing-user-*` rows about what the user may do',
    'to its Verify stage. The user is `--authorizing-user`, by default the target org\'s user. Why these rows, what the',
    'vendor documents and what is not checked: docs/authorizing-user.md.',
    '',
    '| Id | What | Severity | Action when unmet | Source |',
    '| --- | --- | --- | --- | --- |'
  );
  for (const row of ORG_REQUIREMENTS) {
    lines.push(
      `| \`${row.id}\` | ${cell(stepOf(row.id))} | ${row.severity} | ${cell(actionOf(row.id, ACTION_PLACEHOLDERS[row.id] ?? []))} | ${cell(sourceOf(row.id) ?? '')} |`
    );
  }
  return `${lines.join('\n')}\n`;
}
