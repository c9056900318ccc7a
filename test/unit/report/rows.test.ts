import { expect } from 'chai';
import { exitCodeOf, VALIDATE_EXIT } from '../../../src/report/exit-codes.js';
import { toRows } from '../../../src/report/rows.js';
import { summaryLine } from '../../../src/report/text.js';
import { summarize } from '../../../src/requirements/findings.js';
import { sampleFindings } from './fixtures.js';

describe('report rows and summary', () => {
  it('makes one row per finding, in order, with status, step, expected, found and action', () => {
    const rows = toRows(sampleFindings);
    expect(rows.map((row) => row.id)).to.deep.equal(sampleFindings.map((finding) => finding.id));
    expect(rows[1]).to.deep.equal({
      status: 'fail',
      id: 'pkce-off',
      step: 'Step 1 · PKCE not required',
      component: 'Global OAuth settings',
      field: 'Dropzone_glbloauth.isPkceRequired',
      expected: 'false',
      found: 'true',
      action: 'Uncheck "Require Proof Key for Code Exchange (PKCE)".',
    });
  });

  it('names the type when the component is missing, and leaves the field empty for org rows', () => {
    const rows = toRows(sampleFindings);
    expect(rows[2].field).to.equal('ExtlClntAppGlobalOauthSettings.callbackUrl');
    expect(rows[3]).to.include({ component: 'Org', field: '', status: 'warn' });
  });


  it('prints the summary line', () => {
    expect(summaryLine(summarize(sampleFindings))).to.equal('1 passed, 2 failed, 1 warning — not compliant');
    expect(summaryLine({ passed: 12, failed: 0, warnings: 2, compliant: true })).to.equal('12 passed, 0 failed, 2 warnings — compliant');
  });

  it('maps compliance to exit codes: 0 compliant (warnings allowed), 3 not compliant', () => {
    expect(exitCodeOf({ compliant: true })).to.equal(0);
    expect(exitCodeOf(summarize(sampleFindings))).to.equal(3);
    expect(VALIDATE_EXIT).to.deep.equal({ compliant: 0, error: 1, badInput: 2, nonCompliant: 3, interrupted: 130 });
  });
});
