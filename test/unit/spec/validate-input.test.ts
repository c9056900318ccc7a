import { expect } from 'chai';
import { CALLBACK_URLS } from '../../../src/spec/app-spec.js';
import { specFromFlags } from '../../../src/spec/from-flags.js';
import {
  InputError,
  SpecInput,
  buildAppSpec,
  checkAccessNames,
  checkApiName,
  checkApiVersion,
  checkCallbackUrl,
  checkEmail,
  checkSessionTimeout,
  checkText,
} from '../../../src/spec/validate-input.js';

function inputError(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(InputError);
    return error as InputError;
  }
  throw new Error('no InputError thrown');
}

const valid: SpecInput = {
  name: 'SendSafely_Dropzone_Connector',
  label: 'SendSafely Dropzone Connector',
  contactEmail: 'admin@example.com',
  orgType: 'production',
  profiles: ['System Administrator'],
  permissionSets: [],
  apiVersion: '66.0',
};

describe('input validation', () => {
  describe('API name (developer-name rules)', () => {
    it('accepts letters, digits and single inner underscores up to 40 characters', () => {
      for (const name of ['A', 'Dropzone', 'SendSafely_Dropzone_Connector', 'a1_b2_c3', 'X'.repeat(40)]) {
        expect(() => checkApiName(name), name).not.to.throw();
      }
    });

    const refused: Array<[string, string]> = [
      ['', 'name-length'],
      ['X'.repeat(41), 'name-length'],
      ['1bad', 'name-start'],
      ['_bad', 'name-start'],
      ['bad-name', 'name-chars'],
      ['bad name', 'name-chars'],
      ['bäd', 'name-chars'],
      ['bad__name', 'name-double-underscore'],
      ['bad_', 'name-trailing-underscore'],
      ['1bad__name_', 'name-start'],
    ];
    for (const [name, rule] of refused) {
      it(`refuses "${name.length > 20 ? `${name.slice(0, 10)}… (${name.length})` : name}" with ${rule}`, () => {
        const error = inputError(() => checkApiName(name));
        expect(error.flag).to.equal('name');
        expect(error.rule).to.equal(rule);
      });
    }
  });

  describe('contact email', () => {
    it('accepts ordinary addresses', () => {
      for (const email of ['admin@example.com', 'first.last+tag@sub.example.co.uk', "o'brien@example.org", 'a@b-c.io']) {
        expect(checkEmail(email), email).to.equal(email);
      }
    });

    it('refuses malformed ones', () => {
      for (const email of ['nope', 'a@b', '@example.com', 'a@@example.com', 'a b@example.com', '.a@example.com', 'a..b@example.com', 'a@-x.com', `${'a'.repeat(75)}@ex.com`, 'a@example.com,b@example.com']) {
        const error = inputError(() => checkEmail(email));
        expect(error.flag).to.equal('contact-email');
        expect(error.rule).to.equal('email');
        expect(error.args).to.deep.equal([email]);
      }
    });
  });

  describe('callback URL', () => {
    it('accepts https anywhere and http on localhost only', () => {
      for (const url of ['https://login.salesforce.com/services/oauth2/success', 'https://example.com/cb?x=1', 'http://localhost:1717/OauthRedirect', 'http://127.0.0.1/cb', 'http://[::1]:8080/cb']) {
        expect(checkCallbackUrl(url), url).to.equal(url);
      }
    });

    it('refuses other schemes and http elsewhere', () => {
      for (const url of ['ftp://x', 'http://example.com/cb', 'javascript:alert(1)', 'file:///etc/passwd']) {
        const error = inputError(() => checkCallbackUrl(url));
        expect(error.flag).to.equal('callback-url');
        expect(error.rule, url).to.equal('callback-scheme');
      }
    });

    it('refuses what is not a URL at all', () => {
      for (const url of ['not a url', 'login.salesforce.com', 'https://exa mple.com']) {
        expect(inputError(() => checkCallbackUrl(url)).rule, url).to.equal('callback-invalid');
      }
    });
  });

  describe('session timeout', () => {
    it('accepts the values Setup offers', () => {
      for (const minutes of [15, 30, 60, 120, 240, 480, 720, 1440]) expect(checkSessionTimeout(minutes)).to.equal(minutes);
    });

    it('refuses anything else, listing what is allowed', () => {
      for (const minutes of [0, 7, 45, -15, 2880]) {
        const error = inputError(() => checkSessionTimeout(minutes));
        expect(error.flag).to.equal('session-timeout');
        expect(error.args).to.deep.equal([String(minutes), '15, 30, 60, 120, 240, 480, 720, 1440']);
      }
    });
  });

  describe('API version', () => {
    it('accepts the NN.0 form', () => {
      for (const version of ['58.0', '66.0', '100.0']) expect(checkApiVersion(version)).to.equal(version);
    });
    it('refuses other forms', () => {
      for (const version of ['66', 'v66.0', '66.1', '6.0', 'latest']) {
        expect(inputError(() => checkApiVersion(version)).rule, version).to.equal('api-version-format');
      }
    });
  });

  describe('free text (label, description)', () => {
    it('accepts markup characters, unicode and emoji', () => {
      expect(checkText('label', 'R&D <Ops> "Dropzone" 🚀', 255)).to.equal('R&D <Ops> "Dropzone" 🚀');
    });

    it('refuses empty, too long, padded and control-character values', () => {
      expect(inputError(() => checkText('label', '   ', 255)).rule).to.equal('text-empty');
      expect(inputError(() => checkText('label', 'x'.repeat(256), 255)).args).to.deep.equal(['256', '255']);
      expect(inputError(() => checkText('label', ' padded', 255)).rule).to.equal('text-whitespace');
      for (const control of ['\u0000', '\u0007', '\u001B', '\u000B', '\uFFFE']) {
        expect(inputError(() => checkText('description', `a${control}b`, 255)).rule).to.equal('text-control');
      }
    });

    it('allows an empty description but not an empty label', () => {
      expect(checkText('description', '', 255, true)).to.equal('');
      expect(() => buildAppSpec({ ...valid, label: '' })).to.throw(InputError);
      expect(buildAppSpec({ ...valid, description: '' })).not.to.have.property('description');
    });
  });

  describe('profile and permission-set names', () => {
    it('keeps names in order, dropping case-insensitive duplicates', () => {
      expect(checkAccessNames('profile', ['System Administrator', 'Support Agent', 'system administrator'])).to.deep.equal([
        'System Administrator',
        'Support Agent',
      ]);
    });

    it('refuses a name with a comma, which would split it', () => {
      const error = inputError(() => checkAccessNames('profile', ['Sales, Europe']));
      expect(error).to.include({ flag: 'profile', rule: 'list-comma' });
      expect(inputError(() => checkAccessNames('permission-set', ['A,B'])).flag).to.equal('permission-set');
    });

    it('refuses a spec that pre-authorizes nobody', () => {
      expect(inputError(() => buildAppSpec({ ...valid, profiles: [], permissionSets: [] })).rule).to.equal('no-access');
      expect(buildAppSpec({ ...valid, profiles: [], permissionSets: ['Dropzone_Users'] }).permissionSets).to.deep.equal([
        'Dropzone_Users',
      ]);
    });
  });

  describe('buildAppSpec', () => {
    it('picks the callback from the org type unless one is given', () => {
      expect(buildAppSpec(valid).callbackUrl).to.equal(CALLBACK_URLS.production);
      expect(buildAppSpec({ ...valid, orgType: 'sandbox' }).callbackUrl).to.equal('https://test.salesforce.com/services/oauth2/success');
      expect(buildAppSpec({ ...valid, orgType: 'sandbox', callbackUrl: 'https://example.com/cb' }).callbackUrl).to.equal(
        'https://example.com/cb'
      );
    });

    it('leaves optional values out rather than undefined', () => {
      const spec = buildAppSpec(valid);
      expect(Object.keys(spec)).not.to.include.members(['description', 'sessionTimeoutMinutes']);
      expect(buildAppSpec({ ...valid, sessionTimeoutMinutes: 120 }).sessionTimeoutMinutes).to.equal(120);
    });
  });

  describe('specFromFlags', () => {
    const flags = { name: 'Dropzone', label: 'Dropzone', 'contact-email': 'admin@example.com' };

    it('applies the defaults: production, System Administrator, 66.0', () => {
      expect(specFromFlags(flags)).to.deep.equal({
        name: 'Dropzone',
        label: 'Dropzone',
        contactEmail: 'admin@example.com',
        orgType: 'production',
        callbackUrl: CALLBACK_URLS.production,
        profiles: ['System Administrator'],
        permissionSets: [],
        apiVersion: '66.0',
      });
    });

    it('lets the org decide the org type and default profiles when the flags are absent', () => {
      const spec = specFromFlags(flags, { orgType: 'sandbox', defaultProfiles: ['Systeembeheerder'] });
      expect(spec.callbackUrl).to.equal(CALLBACK_URLS.sandbox);
      expect(spec.profiles).to.deep.equal(['Systeembeheerder']);
      expect(specFromFlags({ ...flags, 'org-type': 'production' }, { orgType: 'sandbox' }).orgType).to.equal('production');
    });

    it('turns a bad flag into an exit-code-2 error naming the flag and the problem', () => {
      try {
        specFromFlags({ ...flags, 'contact-email': 'nope' });
        expect.fail('no error');
      } catch (error) {
        const sfError = error as { name: string; message: string; exitCode: number; actions?: string[] };
        expect(sfError.name).to.equal('InvalidFlagValueError');
        expect(sfError.exitCode).to.equal(2);
        expect(sfError.message).to.equal('Invalid value for --contact-email: "nope" is not a valid email address.');
        expect(sfError.actions).to.deep.equal(['Run the command with --help to see what the flag allows.']);
      }
    });
  });
});
