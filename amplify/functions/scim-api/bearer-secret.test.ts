import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';

import {
  isAcceptedBearer,
  parseTokenHashes,
  SecretsManagerTokenHashes,
  sha256Hex,
} from './bearer-secret.ts';
import { loadScimConfig } from './config.ts';

const SECRET = 's'.repeat(43);
const digest = (secret: string) => Buffer.from(sha256Hex(secret), 'hex');

/** A Secrets Manager client that answers `values` in turn and counts the calls. */
function fakeSecrets(...values: string[]) {
  const calls: unknown[] = [];
  const client = {
    send: (command: { input: unknown }) => {
      calls.push(command.input);
      return Promise.resolve({ SecretString: values[Math.min(calls.length, values.length) - 1] });
    },
  } as unknown as SecretsManagerClient;
  return { client, calls };
}

describe('the stored digests', () => {
  it('reads {"sha256": [...]} and nothing else: anything malformed accepts no secret', () => {
    expect(parseTokenHashes(JSON.stringify({ sha256: [sha256Hex(SECRET)] }))).toEqual([
      digest(SECRET),
    ]);
    for (const stored of [
      '',
      'not json',
      '[]',
      JSON.stringify({ sha256: ['abc'] }),
      JSON.stringify({ sha256: sha256Hex(SECRET) }),
      JSON.stringify({ sha256: [], placeholder: 'x' }),
    ])
      expect(parseTokenHashes(stored), stored).toEqual([]);
  });

  it('are read from Secrets Manager once per cache period, then again (a rotation applies within it)', async () => {
    let now = 0;
    const next = 'n'.repeat(43);
    const { client, calls } = fakeSecrets(
      JSON.stringify({ sha256: [sha256Hex(SECRET)] }),
      JSON.stringify({ sha256: [sha256Hex(next)] }),
    );
    const source = new SecretsManagerTokenHashes(client, 'arn:secret', 300_000, () => now);
    expect(await source.hashes()).toEqual([digest(SECRET)]);
    now = 299_999;
    expect(await source.hashes()).toEqual([digest(SECRET)]);
    expect(calls).toEqual([{ SecretId: 'arn:secret' }]);
    now = 300_000;
    expect(await source.hashes()).toEqual([digest(next)]);
    expect(calls).toHaveLength(2);
  });
});

describe('isAcceptedBearer', () => {
  it('accepts `Bearer <secret>` for any stored digest, whatever the scheme’s case', () => {
    const hashes = [digest('o'.repeat(43)), digest(SECRET)];
    expect(isAcceptedBearer(`Bearer ${SECRET}`, hashes)).toBe(true);
    expect(isAcceptedBearer(`bearer ${SECRET}`, hashes)).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['another secret', `Bearer ${'x'.repeat(43)}`],
    ['a secret shorter than 43 characters', `Bearer ${SECRET.slice(1)}`],
    ['a header longer than 1024 characters', `Bearer ${SECRET}${' '.repeat(1000)}`],
    ['two tokens', `Bearer ${SECRET} ${SECRET}`],
  ])('refuses %s', (_name, header) => {
    expect(isAcceptedBearer(header, [digest(SECRET)])).toBe(false);
  });

  it('refuses everything when no digest is stored', () => {
    expect(isAcceptedBearer(`Bearer ${SECRET}`, [])).toBe(false);
  });
});

describe('loadScimConfig', () => {
  const table = { DIRECTORY_TABLE_NAME: 'directory' };
  it('takes the secret ARN (AWS) or fixed digests (local mode), never both, never neither', () => {
    expect(loadScimConfig({ ...table, SCIM_TOKEN_SECRET_ARN: 'arn:s' }).tokens).toEqual({
      kind: 'secret',
      secretId: 'arn:s',
      cacheSeconds: 300,
    });
    expect(loadScimConfig({ ...table, SCIM_TOKEN_SHA256: sha256Hex(SECRET) }).tokens).toEqual({
      kind: 'static',
      sha256: [sha256Hex(SECRET)],
    });
    expect(() => loadScimConfig(table)).toThrow(/exactly one of/);
    expect(() =>
      loadScimConfig({
        ...table,
        SCIM_TOKEN_SECRET_ARN: 'arn:s',
        SCIM_TOKEN_SHA256: sha256Hex(SECRET),
      }),
    ).toThrow(/exactly one of/);
    expect(() => loadScimConfig({ SCIM_TOKEN_SECRET_ARN: 'arn:s' })).toThrow(
      /DIRECTORY_TABLE_NAME/,
    );
    expect(() => loadScimConfig({ ...table, SCIM_TOKEN_SHA256: 'abc' })).toThrow(
      /SCIM_TOKEN_SHA256/,
    );
  });
});
