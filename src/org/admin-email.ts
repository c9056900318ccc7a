import type { Connection } from '@salesforce/core';
import { sfCommand } from '../util/command-line.js';
import { soqlString } from './connection.js';

/**
 * An email address a printed `create` command can carry as --contact-email: the running user's Email, or their
 * username when the org will not say (Salesforce usernames have the form of an email address).
 */
export async function runningUserEmail(conn: Connection): Promise<string> {
  const username = conn.getUsername() ?? '';
  try {
    const result = await conn.query<{ Email?: unknown }>(`SELECT Email FROM User WHERE Username = ${soqlString(username)}`);
    const email = result.records[0]?.Email;
    return typeof email === 'string' && email !== '' ? email : username;
  } catch {
    return username;
  }
}

/** The printed `create` command that deploys app `name` to this org, runnable as printed. */
export function createCommand(conn: Connection, name: string, contactEmail: string): string {
  return sfCommand(['dropzone', 'app', 'create'], ['--name', name, '--target-org', conn.getUsername() ?? '', '--contact-email', contactEmail]);
}
