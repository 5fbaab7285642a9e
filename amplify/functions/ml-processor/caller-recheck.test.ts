/**
 * The processor confirms the caller before any route runs (caller-recheck.ts): in-process, with
 * the local model servers behind real SDK clients, a directory whose answers the test sets and
 * the key status the test sets. A refused caller never reaches the model.
 */
import { beforeEach, describe, expect, it } from 'vitest';

import {
  apiEvent,
  call,
  callStream,
  useHarness,
} from '../../../tests/support/processor-harness.ts';
import type { Caller } from '../shared/authorizer-context.ts';
import type { DirectoryAccessSource } from '../shared/cached-directory-access.ts';
import type { ApiKeyStatusSource } from '../shared/cached-key-status.ts';
import { createCallerRecheck } from '../shared/caller-recheck.ts';
import type { CurrentAccess } from '../shared/directory-access.ts';

/** A directory whose entries the test sets (federated users only, as deployed). */
class SettableDirectory implements DirectoryAccessSource {
  readonly entries = new Map<string, CurrentAccess>();
  decides(username: string) {
    return username.startsWith('EntraID_');
  }
  async of(username: string): Promise<CurrentAccess> {
    return (
      this.entries.get(username) ?? {
        provisioned: false,
        active: false,
        groups: [],
        directoryGroupCount: 0,
        claims: {},
      }
    );
  }
}

class SettableKeys implements ApiKeyStatusSource {
  readonly revoked = new Set<string>();
  async isLive(keyId: string) {
    return !this.revoked.has(keyId);
  }
}

const directory = new SettableDirectory();
const keys = new SettableKeys();
const harness = useHarness({}, undefined, createCallerRecheck({ directory, keyStatus: keys }));

const ada: Caller = {
  sub: 'sub-ada',
  username: 'EntraID_ada@contoso.example',
  email: '',
  // What the token said when the gateway cached its answer.
  groups: ['MLUsers'],
  claims: {},
};
const active = (groups: CurrentAccess['groups']): CurrentAccess => ({
  provisioned: true,
  active: true,
  groups,
  directoryGroupCount: groups.length,
  claims: {},
});
const converse = () =>
  apiEvent('POST', '/ml/bedrock', {
    caller: ada,
    body: { modelId: 'local.echo', prompt: 'hello' },
  });
const converseStream = (caller: Caller = ada) =>
  apiEvent('POST', '/ml/bedrock/stream', {
    caller,
    body: { modelId: 'local.echo', prompt: 'hello there' },
  });
const upstreamCalls = () =>
  (harness.models.stats.requests['Converse'] ?? 0) +
  (harness.models.stats.requests['ConverseStream'] ?? 0);

beforeEach(() => {
  directory.entries.clear();
  keys.revoked.clear();
});

describe('the processor’s re-check of the caller', () => {
  it('serves a federated caller active in the directory, with the directory’s groups', async () => {
    directory.entries.set(ada.username, active(['MLUsers']));
    expect((await call(harness.processor, converse())).status).toBe(200);
    expect((await callStream(harness.processor, converseStream())).status).toBe(200);
  });

  it('refuses a deactivated caller 403 before the model is called, buffered and streaming', async () => {
    directory.entries.set(ada.username, {
      provisioned: true,
      active: false,
      groups: [],
      directoryGroupCount: 1,
      claims: {},
    });
    const before = upstreamCalls();
    const buffered = await call(harness.processor, converse());
    expect(buffered.status).toBe(403);
    expect(buffered.body.error?.code).toBe('FORBIDDEN');
    const streamed = await callStream(harness.processor, converseStream());
    expect(streamed.status).toBe(403);
    expect(streamed.json).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(upstreamCalls()).toBe(before);
  });

  it('refuses a caller whose directory groups no longer include one the route allows', async () => {
    directory.entries.set(ada.username, active(['ReadOnly']));
    expect((await call(harness.processor, converse())).status).toBe(403);
    // The model list is still theirs to read, with what the directory grants now.
    const listed = await call(harness.processor, apiEvent('GET', '/ml/models', { caller: ada }));
    expect(listed.status).toBe(200);
  });

  it('refuses a revoked key 401, whatever the gateway’s cached answer said', async () => {
    const withKey: Caller = {
      sub: 'sub-ml-user',
      username: 'ml.user',
      email: '',
      groups: ['MLUsers'],
      claims: {},
      apiKey: { keyId: 'k1', models: ['local.echo'] },
    };
    expect((await callStream(harness.processor, converseStream(withKey))).status).toBe(200);
    keys.revoked.add('k1');
    const refused = await callStream(harness.processor, converseStream(withKey));
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });
});
