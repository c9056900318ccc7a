import { Messages } from '@salesforce/core/messages';
import { AppComponents, fieldOf, splitList } from '../metadata/components.js';
import { evaluate } from '../requirements/engine.js';
import { Finding } from '../requirements/findings.js';
import { CALLBACK_URLS } from '../spec/app-spec.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-dropzone', 'dropzone.app.verify-login');

/** The steps of the login smoke test that talk to the login host. */
export type FailedStep = 'device-authorization' | 'user-approval' | 'refresh';

/** Where the smoke test stopped and what the login host answered (`code` is the OAuth `error`). */
export type LoginFailure = { readonly step: FailedStep; readonly code: string; readonly description?: string };

/** The answer had an access token but no refresh token: the refresh step had nothing to refresh. */
export const NO_REFRESH_TOKEN = 'no_refresh_token';

export type DiagnosisCause =
  | 'secret-required-for-refresh'
  | 'pkce-required'
  | 'refresh-policy'
  | 'refresh-rotation'
  | 'user-not-pre-authorized'
  | 'scope-missing'
  | 'device-flow-off'
  | 'app-disabled'
  | 'user-denied'
  | 'code-expired'
  | 'timed-out'
  | 'device-flow-refused'
  | 'secret-required-for-device-poll'
  | 'refresh-rejected'
  | 'login-host-unreachable';

export type Diagnosis = {
  readonly cause: DiagnosisCause;
  /** `error` explains the failure; `warning` is a setting that lets the test pass but will hurt the connector later. */
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly action: string;
  /** The requirements-table row behind it (docs/requirements.md), when a setting is the cause. */
  readonly requirement?: string;
  /** The setting's value in the org. */
  readonly found?: string;
};

/** Requirement rows and the cause each one stands for. */
const ROW_CAUSES: Readonly<Record<string, DiagnosisCause>> = {
  'refresh-secret-off': 'secret-required-for-refresh',
  'pkce-off': 'pkce-required',
  'refresh-token-until-revoked': 'refresh-policy',
  'refresh-token-rotation-off': 'refresh-rotation',
  'pre-authorized-profiles': 'user-not-pre-authorized',
  'pre-authorized-permission-sets': 'user-not-pre-authorized',
  'oauth-scopes': 'scope-missing',
  'device-flow': 'device-flow-off',
  'app-policies-enabled': 'app-disabled',
  'oauth-plugin-enabled': 'app-disabled',
};

const REFRESH_ROWS = ['refresh-secret-off', 'pkce-off', 'refresh-token-until-revoked'];
const DEVICE_FLOW_ROWS = ['device-flow', 'app-policies-enabled', 'oauth-plugin-enabled'];
/** Settings that let a fresh refresh succeed but cut the connector off later. */
const ADVISORY_ROWS = ['refresh-token-until-revoked', 'refresh-token-rotation-off'];

type Suspects = {
  /** Rows whose failure would explain the symptom, most likely first. */
  readonly rows: readonly string[];
  /** What to report when no suspect row fails (or the app could not be read). */
  readonly fallback: DiagnosisCause;
  /** The login host's answer names the cause itself: report the fallback even when no row fails. */
  readonly certain?: boolean;
};

const SECRET_WORDING = /secret/i;

/** Which settings could produce this answer at this step. */
export function suspectsOf(failure: LoginFailure): Suspects {
  const { step, code } = failure;
  if (code === 'network_error') return { rows: [], fallback: 'login-host-unreachable', certain: true };
  if (code === 'invalid_app_access') {
    return { rows: ['pre-authorized-profiles', 'pre-authorized-permission-sets', 'app-policies-enabled', 'oauth-plugin-enabled'], fallback: 'user-not-pre-authorized', certain: true };
  }
  if (code === 'invalid_scope' || code === NO_REFRESH_TOKEN) return { rows: ['oauth-scopes'], fallback: 'scope-missing', certain: true };
  if (step === 'device-authorization') return { rows: DEVICE_FLOW_ROWS, fallback: 'device-flow-refused' };
  if (step === 'user-approval') {
    if (code === 'access_denied') return { rows: [], fallback: 'user-denied', certain: true };
    if (code === 'timeout') return { rows: [], fallback: 'timed-out', certain: true };
    if (code === 'expired_token') return { rows: [], fallback: 'code-expired', certain: true };
    if (code === 'invalid_grant') return { rows: ['pkce-off', ...DEVICE_FLOW_ROWS], fallback: 'code-expired' };
    // Some orgs want the client secret on the device-flow poll of an app whose secret is not optional.
    if (code === 'invalid_client' && SECRET_WORDING.test(failure.description ?? '')) {
      return { rows: [], fallback: 'secret-required-for-device-poll', certain: true };
    }
    return { rows: DEVICE_FLOW_ROWS, fallback: 'device-flow-refused' };
  }
  const namesSecret = code === 'invalid_client' || code === 'invalid_client_credentials' || SECRET_WORDING.test(failure.description ?? '');
  if (namesSecret) return { rows: ['refresh-secret-off'], fallback: 'secret-required-for-refresh', certain: true };
  return { rows: REFRESH_ROWS, fallback: 'refresh-rejected' };
}

const text = (key: string, tokens: readonly string[] = []): string => messages.getMessage(key, [...tokens]);

/** The refresh policy with its validity, e.g. `SpecificLifetime (1 Hours)`. */
function refreshPolicyFound(app: AppComponents, finding: Finding): string {
  const period = fieldOf(app.oauthPolicy, 'refreshTokenValidityPeriod');
  const unit = fieldOf(app.oauthPolicy, 'refreshTokenValidityUnit');
  return period !== undefined ? `${finding.found} (${String(period)} ${String(unit ?? '')})`.replace(/ \)$/, ')') : finding.found;
}

function fromFinding(finding: Finding, app: AppComponents, severity: Diagnosis['severity']): Diagnosis {
  const cause = ROW_CAUSES[finding.id];
  const found = finding.id === 'refresh-token-until-revoked' ? refreshPolicyFound(app, finding) : finding.found;
  return {
    cause,
    severity,
    message: text(`diagnosis.${cause}.setting`, [found]),
    action: finding.action,
    requirement: finding.id,
    found,
  };
}

function preAuthorizedOf(app: AppComponents | undefined): string {
  const names = [
    ...splitList(fieldOf(app?.oauthPolicy, 'commaSeparatedProfile')),
    ...splitList(fieldOf(app?.oauthPolicy, 'commaSeparatedPermissionSet')),
  ];
  return names.length > 0 ? names.join(', ') : text('diagnosis.none');
}

function fallbackDiagnosis(cause: DiagnosisCause, failure: LoginFailure, app: AppComponents | undefined): Diagnosis {
  const answer = failure.description ? `${failure.code}: ${failure.description}` : failure.code;
  const tokens = cause === 'user-not-pre-authorized' ? [answer, preAuthorizedOf(app)] : [answer];
  return {
    cause,
    severity: 'error',
    message: text(`diagnosis.${cause}.answer`, tokens),
    action: text(`diagnosis.${cause}.action`, [app ? '' : text('diagnosis.app-unread')]).trim(),
    ...(cause === 'user-not-pre-authorized' ? { found: preAuthorizedOf(app) } : {}),
  };
}

function findingsOf(app: AppComponents): Map<string, Finding> {
  const context = { callbackUrl: CALLBACK_URLS.production, profiles: [], permissionSets: [] };
  return new Map(evaluate(app, context).map((finding) => [finding.id, finding]));
}

/**
 * Explains a failed smoke test from the login host's answer and the app's settings as deployed: the suspect rows of
 * the requirements table that fail, most likely first. When none fails (or the app could not be read), the answer
 * alone is explained. Without a failure, returns the warnings of settings that will cut the connector off later.
 */
export function diagnose(failure: LoginFailure | undefined, app: AppComponents | undefined): Diagnosis[] {
  const findings = app ? findingsOf(app) : new Map<string, Finding>();
  const failing = (ids: readonly string[]): Finding[] =>
    ids.map((id) => findings.get(id)).filter((finding): finding is Finding => finding !== undefined && finding.status !== 'pass');
  if (!failure) return app ? failing(ADVISORY_ROWS).map((finding) => fromFinding(finding, app, 'warning')) : [];

  const suspects = suspectsOf(failure);
  const explained = app ? failing(suspects.rows).map((finding) => fromFinding(finding, app, 'error')) : [];
  // A failing row that names the answer's own cause says it more precisely (the setting, its value, the fix).
  if (explained.some((diagnosis) => diagnosis.cause === suspects.fallback)) return explained;
  const diagnoses = suspects.certain || explained.length === 0 ? [fallbackDiagnosis(suspects.fallback, failure, app), ...explained] : explained;
  return diagnoses;
}
