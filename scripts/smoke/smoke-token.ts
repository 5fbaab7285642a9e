/**
 * Where `npm run smoke` gets its access token: `--token` / `SMOKE_TOKEN`, or, for local mode,
 * a sign-in of the seeded user through the local Cognito (as `npm run token` does).
 */
import { stateDirFromEnv } from '../../local/config.ts';
import { passwordSignIn, SEEDED_USERS } from '../../local/identity/pool.ts';
import { readRunningStack } from '../../local/stack-record.ts';

/** Thrown when no token can be had; the message says how to get one. */
export class SmokeTokenError extends Error {
  override readonly name = 'SmokeTokenError';
}

/**
 * The `cognito:groups` claim of an access token, read without verifying it (the API verifies;
 * the smoke test only needs to know which routes should answer 403). Empty when unreadable.
 */
export function tokenGroups(token: string): string[] {
  try {
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
    const groups = payload['cognito:groups'];
    return Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [];
  } catch {
    return [];
  }
}

/** The token to call the API with. */
export async function smokeToken(options: {
  readonly token?: string;
  readonly user?: string;
  readonly env?: NodeJS.ProcessEnv;
}): Promise<string> {
  const env = options.env ?? process.env;
  const given = options.token ?? env['SMOKE_TOKEN'];
  if (given) return given;
  if (!options.user)
    throw new SmokeTokenError(
      'No token: pass --token <access token> or set SMOKE_TOKEN (a deployed API), or --user <name> with local mode running.',
    );
  const user = SEEDED_USERS.find((candidate) => candidate.username === options.user);
  const record = readRunningStack(stateDirFromEnv(env));
  if (!user || !record)
    throw new SmokeTokenError(
      `No token for "${options.user}": ` +
        (record
          ? `local mode seeds only ${SEEDED_USERS.map((u) => u.username).join(', ')}.`
          : 'local mode is not running (`npm start`).') +
        ' For a deployed API pass --token <access token> or set SMOKE_TOKEN (docs/deploy.md).',
    );
  try {
    return await passwordSignIn(
      record.cognitoEndpoint,
      record.userPoolClientId,
      user.username,
      user.password,
    );
  } catch (error) {
    throw new SmokeTokenError(
      `Sign-in of ${user.username} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
