import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../emulator/index.js';

/** Every secret the emulator holds: consumer secrets, and every access and refresh token it ever issued. */
export function secretsOf(emulator: Emulator): string[] {
  const { data } = emulator.org;
  const secrets = [
    emulator.accessToken,
    emulator.refreshToken,
    ...emulator.org.consumers.map((consumer) => consumer.secret),
    ...data.accessTokens.map((token) => token.token),
    ...data.refreshTokens.map((token) => token.token),
  ];
  // Short values could match by chance; every real secret here is long.
  return [...new Set(secrets.filter((secret) => typeof secret === 'string' && secret.length >= 16))];
}

/** The files under `root` (recursively), with their text. */
export function filesUnder(root: string): Array<{ file: string; text: string }> {
  if (!existsSync(root)) return [];
  const stat = statSync(root);
  if (stat.isFile()) return [{ file: root, text: readFileSync(root, 'utf8') }];
  if (!stat.isDirectory()) return [];
  return readdirSync(root).flatMap((name) => filesUnder(path.join(root, name)));
}

/** The sf log files (`~/.sf/sf-*.log`) under a HOME. */
export function sfLogFiles(home: string): Array<{ file: string; text: string }> {
  const dir = path.join(home, '.sf');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^sf-.*\.log$/.test(name))
    .map((name) => ({ file: path.join(dir, name), text: readFileSync(path.join(dir, name), 'utf8') }));
}

export type Leak = { secret: string; where: string };

/**
 * Where any of `secrets` appears in `places` (name → text). A secret is reported by its first 6 characters only,
 * so that a failing test does not print it in full either.
 */
export function findLeaks(secrets: readonly string[], places: ReadonlyArray<{ where: string; text: string }>): Leak[] {
  const leaks: Leak[] = [];
  for (const { where, text } of places) {
    for (const secret of secrets) {
      if (text.includes(secret)) leaks.push({ secret: `${secret.slice(0, 6)}…`, where });
    }
  }
  return leaks;
}
