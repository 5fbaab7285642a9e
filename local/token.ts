/**
 * `npm run token -- <username>`: prints an access token for a seeded user of the running local
 * stack (`npm start` in another terminal), for curl:
 *
 *   curl -H "Authorization: Bearer $(npm run -s token -- mluser)" http://127.0.0.1:3100/v1/ml/models
 */
import { stateDirFromEnv } from './config.ts';
import { passwordSignIn, SEEDED_USERS } from './identity/pool.ts';
import { readRunningStack } from './stack-record.ts';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const username = process.argv[2];
const names = SEEDED_USERS.map((user) => user.username).join(', ');
if (!username) fail(`Usage: npm run token -- <username>   (one of: ${names})`);
const user = SEEDED_USERS.find((candidate) => candidate.username === username);
if (!user) fail(`No seeded user "${username}". Seeded users: ${names}`);
const record = readRunningStack(stateDirFromEnv());
if (!record) fail('The local stack is not running: start it with `npm start`.');
const token = await passwordSignIn(
  record.cognitoEndpoint,
  record.userPoolClientId,
  user.username,
  user.password,
).catch((error: unknown) =>
  fail(`Sign-in failed: ${error instanceof Error ? error.message : String(error)}`),
);
console.log(token);
