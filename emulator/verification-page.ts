import { Ctx } from './context.js';
import { HttpRequest, HttpResponse } from './http/types.js';
import { decideDeviceCode } from './oauth.js';

/**
 * The device flow's verification page (`verification_uri`, /setup/connect), as a person uses it: enter the user code
 * shown by the device, then Approve or Deny. Salesforce asks the person to log in first; the emulator approves as the
 * fixture's running user unless the form names another username.
 */
export function handleVerificationPage(ctx: Ctx, req: HttpRequest): HttpResponse {
  if (req.method === 'GET') return page(200, form(req.query.get('user_code') ?? ''));
  const fields = new URLSearchParams(req.body.toString('utf8'));
  const userCode = fields.get('user_code') ?? '';
  const decision = fields.get('decision');
  const username = fields.get('username') || undefined;
  if (decision !== 'approve' && decision !== 'deny') return page(400, `<p>Choose Approve or Deny.</p>${form(userCode)}`);
  try {
    decideDeviceCode(ctx, userCode, decision === 'approve', username);
  } catch (error) {
    return page(400, `<p role="alert">${escape((error as Error).message)}.</p>${form(userCode)}`);
  }
  const done = decision === 'approve' ? 'approved: the device can now finish its login' : 'denied: the device is told access_denied';
  return page(200, `<p role="status">Code ${escape(userCode)} ${done}. You can close this page.</p>`);
}

function form(userCode: string): string {
  return (
    '<form method="post" action="/setup/connect">' +
    `<label>Code <input name="user_code" value="${escape(userCode)}" autocomplete="off" required></label> ` +
    '<label>Username (optional) <input name="username"></label> ' +
    '<button name="decision" value="approve">Approve</button> <button name="decision" value="deny">Deny</button>' +
    '</form>'
  );
}

function page(status: number, content: string): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html><head><title>Connect Your Device</title></head><body><h1>Connect Your Device</h1>${content}<p><small>Emulated org</small></p></body></html>`,
  };
}

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
