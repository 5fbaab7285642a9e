/**
 * `npm run scim -- <fixture.json> [...]`: replays Entra-style provisioning cycles against the
 * SCIM endpoint of the running local stack (`npm start` in another terminal), one line per
 * request, and exits 1 at the first unexpected status.
 *
 *   npm run scim -- tests/fixtures/scim/initial-cycle.json tests/fixtures/scim/incremental-cycle.json
 *
 * Against another endpoint: SCIM_URL=<tenant url> SCIM_SECRET=<secret> npm run scim -- <fixture>.
 */
import { readFileSync } from 'node:fs';

import { stateDirFromEnv } from './config.ts';
import { httpScimSender, replayScimFixture, type ScimFixture } from './scim/replay.ts';
import { readRunningStack } from './stack-record.ts';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const files = process.argv.slice(2);
if (files.length === 0) fail('Usage: npm run scim -- <fixture.json> [more fixtures...]');
const record = readRunningStack(stateDirFromEnv());
const url = process.env['SCIM_URL'] ?? record?.scim?.url;
const secret = process.env['SCIM_SECRET'] ?? record?.scim?.secret;
if (!url || !secret)
  fail(
    'The local stack is not running (start it with `npm start`), and SCIM_URL/SCIM_SECRET are not set.',
  );

const send = httpScimSender(url, secret);
// Values captured in one fixture (ids) are there for the next.
const variables = new Map<string, string>();
for (const file of files) {
  let fixture: ScimFixture;
  try {
    fixture = JSON.parse(readFileSync(file, 'utf8')) as ScimFixture;
  } catch (error) {
    fail(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  console.log(`${file}: ${fixture.cycles.map((cycle) => cycle.name).join(', ')}`);
  const { steps, failed } = await replayScimFixture(fixture, send, { variables });
  for (const step of steps) {
    const mark = step.status === step.expectStatus ? 'ok  ' : 'FAIL';
    const expected = step.status === step.expectStatus ? '' : ` (expected ${step.expectStatus})`;
    console.log(`  ${mark} ${step.status}${expected} ${step.method} ${step.path}  ${step.name}`);
    if (step.status !== step.expectStatus) console.log(`       ${JSON.stringify(step.body)}`);
  }
  if (failed > 0) process.exit(1);
}
