import { describe, expect, it } from 'vitest';

import { callerRecheckFromEnv, directoryAccessFromEnv } from './access-from-env.ts';
import { CachedDirectoryAccess } from './cached-directory-access.ts';

describe('directoryAccessFromEnv', () => {
  it('is off unless DIRECTORY_ACCESS=on', () => {
    expect(directoryAccessFromEnv({})).toBeUndefined();
    expect(directoryAccessFromEnv({ DIRECTORY_ACCESS: 'off' })).toBeUndefined();
  });

  it('reads the directory table when on', () => {
    const directory = directoryAccessFromEnv({
      DIRECTORY_ACCESS: 'on',
      DIRECTORY_TABLE_NAME: 'directory',
    });
    expect(directory).toBeInstanceOf(CachedDirectoryAccess);
    expect(directory!.decides('EntraID_ada@contoso.example')).toBe(true);
    expect(directory!.decides('entraid_ada@contoso.example')).toBe(true);
    expect(directory!.decides('admin')).toBe(false);
  });

  it.each([
    [{ DIRECTORY_ACCESS: 'yes' }, 'DIRECTORY_ACCESS must be on or off'],
    [{ DIRECTORY_ACCESS: 'on' }, 'DIRECTORY_ACCESS=on needs DIRECTORY_TABLE_NAME'],
    [
      { DIRECTORY_ACCESS: 'on', DIRECTORY_TABLE_NAME: 't', DIRECTORY_ACCESS_CACHE_SECONDS: '61' },
      'DIRECTORY_ACCESS_CACHE_SECONDS must be a whole number from 0 to 60',
    ],
    [
      { DIRECTORY_ACCESS: 'on', DIRECTORY_TABLE_NAME: 't', DIRECTORY_ACCESS_CACHE_SECONDS: '1.5' },
      'DIRECTORY_ACCESS_CACHE_SECONDS must be a whole number from 0 to 60',
    ],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => directoryAccessFromEnv(env)).toThrow(message);
  });
});

describe('callerRecheckFromEnv', () => {
  it('is undefined with neither the directory nor a key table', () => {
    expect(callerRecheckFromEnv({})).toBeUndefined();
  });

  it('re-checks keys where the key table is set, with a cache of at most 60 s', () => {
    expect(callerRecheckFromEnv({ API_KEY_TABLE_NAME: 'keys' })).toBeDefined();
    expect(() =>
      callerRecheckFromEnv({ API_KEY_TABLE_NAME: 'keys', API_KEYS_STATUS_CACHE_SECONDS: '300' }),
    ).toThrow('API_KEYS_STATUS_CACHE_SECONDS must be a whole number from 0 to 60');
  });
});
