/**
 * Test support: people provisioned, deactivated and deleted over SCIM in Entra's request
 * shapes, through any sender (the SCIM function in-process, or the local stack over HTTP), so
 * access tests read a directory SCIM really wrote.
 */
import { SCIM_SCHEMA } from '../../amplify/contract/scim.ts';
import type { ScimSend } from '../../local/scim/replay.ts';

/** A group the tests' mapping grants `MLUsers` by object id. */
export const ML_USERS_GROUP_OBJECT_ID = '0b9e4c52-6a7d-4a3e-9f1a-5c2d8e7f6a01';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- SCIM JSON read freely
type Json = any;

async function expectStatus(
  send: ScimSend,
  what: string,
  statuses: readonly number[],
  ...request: Parameters<ScimSend>
): Promise<Json> {
  const answer = await send(...request);
  if (!statuses.includes(answer.status))
    throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Creates a user and puts them in the group with that object id (created when missing). */
export async function provisionMember(
  send: ScimSend,
  userName: string,
  groupObjectId: string = ML_USERS_GROUP_OBJECT_ID,
): Promise<string> {
  const user = await expectStatus(send, 'create user', [201], 'POST', 'Users', {
    schemas: [SCIM_SCHEMA.user],
    userName,
    externalId: userName.split('@')[0],
    active: true,
  });
  const id = user.id as string;
  const found = await expectStatus(
    send,
    'find group',
    [200],
    'GET',
    `Groups?filter=externalId eq "${groupObjectId}"&excludedAttributes=members`,
    undefined,
  );
  let groupId = found.Resources[0]?.id as string | undefined;
  if (!groupId) {
    const created = await expectStatus(send, 'create group', [201], 'POST', 'Groups', {
      schemas: [SCIM_SCHEMA.group],
      displayName: `Group ${groupObjectId}`,
      externalId: groupObjectId,
    });
    groupId = created.id as string;
  }
  await expectStatus(send, 'add member', [200, 204], 'PATCH', `Groups/${groupId}`, {
    schemas: [SCIM_SCHEMA.patchOp],
    Operations: [{ op: 'Add', path: 'members', value: [{ value: id }] }],
  });
  return id;
}

/** Entra's soft delete and its undoing (its non-standard form: `Replace` with "False"/"True"). */
export async function setActive(send: ScimSend, id: string, active: boolean): Promise<void> {
  await expectStatus(send, 'patch active', [200, 204], 'PATCH', `Users/${id}`, {
    schemas: [SCIM_SCHEMA.patchOp],
    Operations: [{ op: 'Replace', path: 'active', value: active ? 'True' : 'False' }],
  });
}
