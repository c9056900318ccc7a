/**
 * Property: any valid label and description (random unicode with emoji, XML metacharacters, quotes, up to the 255
 * character limits) round-trips through create (generate → deploy to the emulator) → retrieve (`readDeployedApp`)
 * unchanged; invalid ones (control characters, leading or trailing white space, over the limit) are refused with
 * exit 2 and nothing deployed. A small seeded PRNG keeps every run the same; a failure prints its seed and case.
 */
import { expect } from 'chai';
import { Org } from '@salesforce/core';
import AppCreate from '../../src/commands/dropzone/app/create.js';
import { readDeployedApp } from '../../src/org/read-app.js';
import type { EmulatorOrg } from '../helpers/emulator-org.js';
import { APP, counts, operations, runCommand, startOrg, stopOrg } from '../faults/harness.js';

const SEED = 20_251_129;
const VALID_CASES = 30;
const INVALID_CASES = 20;
const MAX = 255;

/** mulberry32: a tiny, good-enough PRNG for test data. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const POOLS: readonly string[][] = [
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'],
  [...'<>&"\'', '&amp;', '<![CDATA[', ']]>', '<!--', '-->', '&#x41;'],
  [' ', ' ', '-', '_', '.', ',', ';', '$(rm -rf /)', '`id`', '\\', '/', '%s', '{0}'],
  ['é', 'ß', 'Ø', 'ñ', '名', '前', 'ü', 'א', 'ب', 'ж', '✓', '€', '\u00a0', '\u200b'],
  ['🚀', '😀', '👩‍💻', '🇫🇷', '🧪', '👍🏽'],
];

function randomText(next: () => number, maxLength: number): string {
  const target = 1 + Math.floor(next() * (next() < 0.2 ? maxLength : 40));
  let text = '';
  for (;;) {
    const pool = POOLS[Math.floor(next() * POOLS.length)];
    const piece = pool[Math.floor(next() * pool.length)];
    if (text.length + piece.length > target) break;
    text += piece;
  }
  // Valid values have no white space at either end and are never blank.
  text = text.replace(/^[\s\u200b]+|[\s\u200b]+$/g, '');
  return text.length > 0 ? text : 'x';
}

type Bad = { readonly why: string; readonly flag: 'label' | 'description'; readonly value: string };

function invalidText(next: () => number, index: number): Bad {
  const flag = index % 2 === 0 ? 'label' : 'description';
  const base = randomText(next, 60);
  const kinds: Array<() => Bad> = [
    () => ({ why: 'a control character', flag, value: `${base.slice(0, 3)}\u0001${base.slice(3)}` }),
    () => ({ why: 'a bell character', flag, value: `${base}\u0007end` }),
    () => ({ why: 'leading white space', flag, value: ` ${base}` }),
    () => ({ why: 'trailing white space', flag, value: `${base}\t` }),
    () => ({ why: 'over the limit', flag, value: `${base}${'y'.repeat(MAX + 1)}` }),
  ];
  return kinds[index % kinds.length]();
}

describe('labels and descriptions round-trip through create and retrieve (seeded property test)', function () {
  this.timeout(120_000);
  let env: EmulatorOrg;
  const next = prng(SEED);

  before(async () => {
    env = await startOrg();
  });
  after(async () => {
    await stopOrg(env);
  });

  for (let index = 0; index < VALID_CASES; index++) {
    const label = randomText(next, MAX);
    const description = randomText(next, MAX);
    it(`valid case ${index + 1} (seed ${SEED}): ${JSON.stringify(label).slice(0, 50)}`, async () => {
      counts.propertyCases += 1;
      const run = await runCommand(env, AppCreate, ['--target-org', env.alias, '--contact-email', 'admin@example.com', '--label', label, '--description', description, '--json']);
      expect(run.exitCode, `${run.error?.message ?? ''} label=${JSON.stringify(label)} description=${JSON.stringify(description)}`).to.equal(0);
      const conn = (await Org.create({ aliasOrUsername: env.alias })).getConnection();
      const deployed = await readDeployedApp(conn, APP);
      const header = deployed!.components.header!;
      expect({ label: header.fields.label, description: header.fields.description }).to.deep.equal({ label, description });
    });
  }

  for (let index = 0; index < INVALID_CASES; index++) {
    const bad = invalidText(next, index);
    it(`invalid case ${index + 1} (seed ${SEED}): --${bad.flag} with ${bad.why}`, async () => {
      counts.propertyCases += 1;
      const run = await runCommand(env, AppCreate, ['--target-org', env.alias, '--contact-email', 'admin@example.com', `--${bad.flag}`, bad.value]);
      expect(run.exitCode, run.error?.message).to.equal(2);
      expect(run.error!.message).to.contain(`--${bad.flag}`);
      expect(operations(env, run.from)).not.to.include('deploy');
    });
  }
});
