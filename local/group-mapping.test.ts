/**
 * The group-mapping routes in local mode, over HTTP through the API emulator (the real token
 * authorizer, the gateway's body model, the usage API on dynalite): an Administrator's token
 * reads and replaces the table, a stale edit gets 409, a malformed body 400, and a member's token
 * or an Administrator's own API key is refused.
 */
import { describe, expect, it, vi } from 'vitest';

import { useHeadlessStack } from '../tests/support/local-stack.ts';

const headless = useHeadlessStack();

const call = (method: string, path: string, credential: string, body?: unknown) =>
  fetch(new URL(path, headless.stack.apiUrl), {
    method,
    headers: {
      origin: headless.stack.appUrl,
      authorization: `Bearer ${credential}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

describe('the group mapping in local mode', () => {
  it('is read and replaced by an Administrator, and refused to a member and to any API key', async () => {
    const admin = await headless.stack.signIn('admin');
    const member = await headless.stack.signIn('mluser');
    // The authorizer loads the JWKS at init; on a busy machine that may back off a moment.
    await vi.waitFor(
      async () => expect((await call('GET', 'admin/group-mapping', admin)).status).toBe(200),
      { timeout: 20_000, interval: 500 },
    );
    const read = (await (await call('GET', 'admin/group-mapping', admin)).json()) as {
      data: { version: number; entries: unknown[] };
    };
    expect(read.data.version).toBe(0);
    const entries = [
      ...read.data.entries,
      {
        source: 'groupDisplayName',
        value: 'Finance Analysts',
        group: 'ReadOnly',
        costCentre: 'CC-9',
      },
    ];
    const saved = await call('PUT', 'admin/group-mapping', admin, { version: 0, entries });
    expect(saved.status).toBe(200);
    const stale = await call('PUT', 'admin/group-mapping', admin, { version: 0, entries: [] });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe(
      'MAPPING_VERSION_CONFLICT',
    );
    // A version that is not a whole number is refused (the gateway's model, then the function's).
    expect(
      (await call('PUT', 'admin/group-mapping', admin, { version: 'one', entries })).status,
    ).toBe(400);

    expect((await call('GET', 'admin/group-mapping', member)).status).toBe(403);
    expect(
      (await call('PUT', 'admin/group-mapping', member, { version: 1, entries: [] })).status,
    ).toBe(403);
    const key = (await (
      await call('POST', 'keys', admin, { name: 'admin key', models: ['local.echo'] })
    ).json()) as { data: { secret: string } };
    expect((await call('GET', 'admin/group-mapping', key.data.secret)).status).toBe(403);
    expect(
      (await call('PUT', 'admin/group-mapping', key.data.secret, { version: 1, entries: [] }))
        .status,
    ).toBe(403);
    const after = (await (await call('GET', 'admin/group-mapping', admin)).json()) as {
      data: { version: number; entries: unknown[] };
    };
    expect(after.data).toMatchObject({ version: 1, entries });
  });
});
