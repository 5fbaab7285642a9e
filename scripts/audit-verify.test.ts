/**
 * `npm run audit:verify` as an operator runs it, against records the trail stored on the local
 * servers: exit 0 on intact chains; exit 1 naming the chain and place after one changed byte, a
 * removed record or a swapped pair.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

import { linkKey } from '../amplify/audit/chain.ts';
import {
  AUDIT_BUCKET,
  modelCallEvent,
  singleChainPolicy,
  useAuditHarness,
} from '../tests/support/audit-harness.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const NODE = path.join(ROOT, 'node_modules/.bin/node');
const audit = useAuditHarness();

let nextDay = 1;
/** Five records in one chain of a fresh day. */
async function storedDay() {
  const { trail } = audit.trail(singleChainPolicy(30));
  const at = new Date(Date.UTC(2032, 2, nextDay++, 9));
  let chain = '';
  for (let i = 0; i < 5; i++) chain = (await trail.append(modelCallEvent({ at }))).chain;
  return { day: at.toISOString().slice(0, 10), chain };
}

async function verify(day: string): Promise<{ code: number; out: string }> {
  const args = [
    path.join(ROOT, 'scripts/audit-verify.ts'),
    '--bucket',
    AUDIT_BUCKET,
    '--table',
    audit.dynamo.tableNames.audit,
    '--s3-endpoint',
    audit.models.s3Url,
    '--dynamodb-endpoint',
    audit.dynamo.endpoint,
    '--from',
    day,
    '--to',
    day,
  ];
  try {
    const { stdout } = await run(NODE, args, { cwd: ROOT });
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, out: failed.stdout };
  }
}

const uri = (key: string) => `s3://${AUDIT_BUCKET}/${key}`;

// Each case starts the script in its own Node process.
describe('npm run audit:verify', { timeout: 60_000 }, () => {
  it('passes intact chains, then fails on one changed byte, naming the record', async () => {
    const { day, chain } = await storedDay();
    expect(await verify(day)).toEqual({
      code: 0,
      out: `${day}: 5 records in 1 chains, verified\n`,
    });
    const stored = audit.models.store.get(uri(linkKey(chain, 4)))!;
    const body = Buffer.from(stored.body);
    const at = body.indexOf('"latencyMs":12') + '"latencyMs":1'.length;
    body[at] = '3'.charCodeAt(0);
    audit.models.store.put(uri(linkKey(chain, 4)), body, stored.contentType);
    const { code, out } = await verify(day);
    expect(code).toBe(1);
    expect(out).toContain(`changed: ${chain} #4`);
  });

  it('fails on a removed record', async () => {
    const { day, chain } = await storedDay();
    audit.models.store.objects.delete(uri(linkKey(chain, 3)));
    const { code, out } = await verify(day);
    expect(code).toBe(1);
    expect(out).toContain(`missing: ${chain} #3`);
  });

  it('fails on a swapped pair', async () => {
    const { day, chain } = await storedDay();
    const first = audit.models.store.get(uri(linkKey(chain, 1)))!;
    const second = audit.models.store.get(uri(linkKey(chain, 2)))!;
    audit.models.store.put(uri(linkKey(chain, 1)), second.body, second.contentType);
    audit.models.store.put(uri(linkKey(chain, 2)), first.body, first.contentType);
    const { code, out } = await verify(day);
    expect(code).toBe(1);
    expect(out).toContain(`misplaced: ${chain} #1`);
    expect(out).toContain(`broken-link: ${chain} #2`);
  });
});
