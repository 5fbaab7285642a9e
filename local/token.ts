/**
 * `npm run token -- <username>`: prints an access token for a seeded user of the running local
 * stack (`npm start` in another terminal), for curl:
 *
 *   curl -H "Authorization: Bearer $(npm run -s token -- mluser)" http://127.0.0.1:3100/v1/ml/models
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { STACK_FILE } from './config.ts';
import { passwordSignIn, SEEDED_USERS } from './identity/pool.ts';

interface StackRecord {
  readonly pid: number;
  readonly cognitoEndpoint: string;
  readonly userPoolClientId: string;
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const username = process.argv[2];
const names = SEEDED_USERS.map((user) => user.username).join(', ');
if (!username) fail(`Usage: npm run token -- <username>   (one of: ${names})`);
const user = SEEDED_USERS.find((candidate) => candidate.username === username);
if (!user) fail(`No seeded user "${username}". Seeded users: ${names}`);
const file = path.resolve(import.meta.dirname, '..', '.local', STACK_FILE);
const record = existsSync(file)
  ? (JSON.parse(readFileSync(file, 'utf8')) as StackRecord)
  : undefined;
if (!record || !isRunning(record.pid))
  fail('The local stack is not running: start it with `npm start`.');
const token = await passwordSignIn(
  record.cognitoEndpoint,
  record.userPoolClientId,
  user.username,
  user.password,
).catch((error: unknown) =>
  fail(`Sign-in failed: ${error instanceof Error ? error.message : String(error)}`),
);
console.log(token);
