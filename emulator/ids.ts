import { randomBytes } from 'node:crypto';

const SUFFIX_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Salesforce's case-safe 18-character form of a 15-character id. */
export function to18(id: string): string {
  if (id.length === 18) return id;
  if (id.length !== 15) throw new Error(`not a Salesforce id: ${id}`);
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let flags = 0;
    for (let bit = 0; bit < 5; bit++) {
      const c = id.charAt(block * 5 + bit);
      if (c >= 'A' && c <= 'Z') flags += 1 << bit;
    }
    suffix += SUFFIX_CHARS.charAt(flags);
  }
  return id + suffix;
}

export function to15(id: string): string {
  return id.slice(0, 15);
}

/** Same record whichever form (15 or 18 characters) either side uses. */
export function sameId(a: string, b: string): boolean {
  return to15(a) === to15(b);
}

/** 18-char id: 3-char key prefix, 2-char pod, reserved '0', 9-char base-62 sequence. */
export function makeId(prefix: string, seq: number): string {
  let n = seq;
  let body = '';
  for (let i = 0; i < 9; i++) {
    body = BASE62.charAt(n % 62) + body;
    n = Math.floor(n / 62);
  }
  return to18(`${prefix}Dz0${body}`);
}

export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64').replace(/[+/=]/g, (c) => (c === '+' ? '.' : c === '/' ? '_' : ''));
}

export function randomAlnum(length: number, alphabet = BASE62): string {
  const raw = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet.charAt(raw[i] % alphabet.length);
  return out;
}
