/**
 * SCIM deactivation and deletion revoke the user's Cognito sessions: the SCIM function (over
 * dynalite) drives the real Cognito SDK client against a local endpoint that speaks Cognito's
 * JSON protocol and records each AdminUserGlobalSignOut.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { type LocalDynamo, startLocalDynamo } from '../../../local/usage/dynamo.ts';
import { provisionMember, setActive } from '../../../tests/support/directory-people.ts';
import { type ScimHarness, startScimHarness } from '../../../tests/support/scim-harness.ts';
import { SCIM_SCHEMA } from '../../contract/scim.ts';
import { CognitoSessionRevoker } from './session-revocation.ts';

const POOL_ID = 'eu-west-1_Pool0001';

/** A Cognito endpoint: records the calls; answers each with the next scripted outcome. */
interface CognitoStub {
  readonly calls: { target: string; body: Record<string, unknown> }[];
  /** `ok`, `not-found` (UserNotFoundException) or `fail` (a 500) for the next calls. */
  answer: 'ok' | 'not-found' | 'fail';
  readonly endpoint: string;
  close(): Promise<void>;
}

async function startCognitoStub(): Promise<CognitoStub> {
  const stub = { calls: [] as CognitoStub['calls'], answer: 'ok' as CognitoStub['answer'] };
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      stub.calls.push({
        target: String(request.headers['x-amz-target']),
        body: JSON.parse(text) as Record<string, unknown>,
      });
      const fail = (status: number, type: string) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify({ __type: type, message: 'stub' }));
      };
      if (stub.answer === 'not-found') return fail(400, 'UserNotFoundException');
      if (stub.answer === 'fail') return fail(500, 'InternalErrorException');
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(stub, {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

let dynamo: LocalDynamo;
let cognito: CognitoStub;
let scim: ScimHarness;

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  cognito = await startCognitoStub();
  const client = new CognitoIdentityProviderClient({
    endpoint: cognito.endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  scim = await startScimHarness(dynamo, {
    sessions: new CognitoSessionRevoker({ userPoolId: POOL_ID, client }),
  });
});
afterAll(async () => {
  await cognito?.close();
  await dynamo?.stop();
});
beforeEach(() => {
  cognito.calls.length = 0;
  cognito.answer = 'ok';
});

const signOuts = () =>
  cognito.calls.filter((call) => call.target.endsWith('.AdminUserGlobalSignOut'));

describe('SCIM deprovisioning signs the user out of Cognito', () => {
  it('on deactivation (Entra’s PATCH active "False"), for the federated user name in this pool', async () => {
    const id = await provisionMember(scim.send, 'olga@contoso.example');
    expect(signOuts()).toEqual([]);
    await setActive(scim.send, id, false);
    expect(signOuts().map((call) => call.body)).toEqual([
      { UserPoolId: POOL_ID, Username: 'EntraID_olga@contoso.example' },
    ]);
  });

  it('not on reactivation or an attribute change of an active user', async () => {
    const id = await provisionMember(scim.send, 'pia@contoso.example');
    await setActive(scim.send, id, true);
    const renamed = await scim.call('PATCH', `Users/${id}`, {
      body: {
        schemas: [SCIM_SCHEMA.patchOp],
        Operations: [{ op: 'Replace', path: 'displayName', value: 'Pia E.' }],
      },
    });
    expect(renamed.status).toBe(200);
    expect(signOuts()).toEqual([]);
  });

  it('on a PUT that leaves the user inactive, and on deletion', async () => {
    const id = await provisionMember(scim.send, 'quinn@contoso.example');
    const put = await scim.call('PUT', `Users/${id}`, {
      body: { schemas: [SCIM_SCHEMA.user], userName: 'quinn@contoso.example', active: false },
    });
    expect(put.status).toBe(200);
    const deleted = await scim.call('DELETE', `Users/${id}`);
    expect(deleted.status).toBe(204);
    expect(signOuts().map((call) => call.body['Username'])).toEqual([
      'EntraID_quinn@contoso.example',
      'EntraID_quinn@contoso.example',
    ]);
  });

  it('treats a user who never signed in (UserNotFoundException) as signed out', async () => {
    const id = await provisionMember(scim.send, 'rosa@contoso.example');
    cognito.answer = 'not-found';
    const deleted = await scim.call('DELETE', `Users/${id}`);
    expect(deleted.status).toBe(204);
    expect(signOuts()).toHaveLength(1);
  });

  it('answers 500 when Cognito fails (Entra retries), logging the error name and no user name', async () => {
    const id = await provisionMember(scim.send, 'sven@contoso.example');
    cognito.answer = 'fail';
    const before = scim.logLines.length;
    const answer = await scim.call('PATCH', `Users/${id}`, {
      body: {
        schemas: [SCIM_SCHEMA.patchOp],
        Operations: [{ op: 'Replace', path: 'active', value: false }],
      },
    });
    expect(answer.status).toBe(500);
    const logged = scim.logLines.slice(before).join('\n');
    expect(logged).toContain('SIGN_OUT_FAILED');
    expect(logged).not.toContain('sven');
    // The retry signs out again once Cognito answers.
    cognito.answer = 'ok';
    const retried = await scim.call('PATCH', `Users/${id}`, {
      body: {
        schemas: [SCIM_SCHEMA.patchOp],
        Operations: [{ op: 'Replace', path: 'active', value: false }],
      },
    });
    expect(retried.status).toBe(200);
    expect(signOuts().at(-1)?.body['Username']).toBe('EntraID_sven@contoso.example');
  });
});
