import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What `npm start` records about the running stack, for `npm run token` and a second start. */
export interface StackRecord {
  readonly pid: number;
  readonly cognitoEndpoint: string;
  readonly userPoolClientId: string;
  readonly apiUrl: string;
  /** The local DynamoDB endpoint (`npm run reconcile -- --local`). */
  readonly dynamoEndpoint?: string;
  /** The local S3 endpoint holding the audit records (`npm run audit:verify -- --local`). */
  readonly auditS3Endpoint?: string;
  /** The SCIM Tenant URL and this run's local bearer secret (`npm run scim`). */
  readonly scim?: { readonly url: string; readonly secret: string };
}

/** The record's file under the state folder (`.local/stack.json`). */
const FILE = 'stack.json';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The record of a stack whose process is still alive, or undefined. */
export function readRunningStack(stateDir: string): StackRecord | undefined {
  const file = path.join(stateDir, FILE);
  if (!existsSync(file)) return undefined;
  const record = JSON.parse(readFileSync(file, 'utf8')) as StackRecord;
  return isRunning(record.pid) ? record : undefined;
}

/** Records the running stack; returns a function that removes the record. */
export function writeStackRecord(stateDir: string, record: StackRecord): () => void {
  const file = path.join(stateDir, FILE);
  writeFileSync(file, JSON.stringify(record));
  return () => rmSync(file, { force: true });
}
