import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';

import { refusalOf } from '../../../tests/support/processor-harness.ts';
import type { CatalogEntry } from '../../catalog.ts';
import { type Caller, encodeCaller } from '../shared/authorizer-context.ts';
import { callerOf, resolveEntry } from './access.ts';

const finance: Caller = {
  sub: 'sub-fin',
  username: 'fin',
  email: '',
  groups: ['MLUsers'],
  claims: { department: 'finance' },
};

const catalog: readonly CatalogEntry[] = [
  {
    provider: 'bedrock',
    id: 'shared-model',
    label: 'Shared',
    modelId: 'amazon.nova-lite-v1:0',
    groups: ['MLUsers'],
    limits: { maxInputChars: 10, maxOutputTokens: 10 },
  },
  {
    provider: 'sagemaker',
    id: 'finance-only',
    label: 'Finance',
    endpointName: 'finance-only',
    contentType: 'text/csv',
    mode: 'sync',
    groups: ['MLUsers'],
    claims: { department: ['finance'] },
    limits: { maxInputBytes: 10 },
  },
];

describe('callerOf', () => {
  const eventWith = (authorizer: unknown) =>
    ({ requestContext: { authorizer } }) as unknown as APIGatewayProxyEvent;

  it('reads the caller the authorizer passed on', () => {
    expect(callerOf(eventWith({ ...encodeCaller(finance, 4_102_444_800) }))).toEqual(finance);
  });

  it('answers 401 when there is no caller, or one without a sub', () => {
    const unauthorized = {
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'No authenticated caller',
      field: undefined,
    };
    expect(refusalOf(() => callerOf(eventWith(undefined)))).toEqual(unauthorized);
    expect(
      refusalOf(() => callerOf(eventWith({ ...encodeCaller(finance, 4_102_444_800), sub: '' }))),
    ).toEqual(unauthorized);
    expect(refusalOf(() => callerOf({} as APIGatewayProxyEvent))).toEqual(unauthorized);
  });
});

describe('resolveEntry', () => {
  it('returns the entry the caller may use', () => {
    expect(resolveEntry(catalog, 'bedrock', 'shared-model', finance, 'modelId')).toBe(catalog[0]);
    expect(resolveEntry(catalog, 'sagemaker', 'finance-only', finance, 'modelName')).toBe(
      catalog[1],
    );
  });

  it('answers 404 for an id that is not in the catalog for that provider', () => {
    expect(
      refusalOf(() => resolveEntry(catalog, 'bedrock', 'finance-only', finance, 'modelId')),
    ).toEqual({
      status: 404,
      code: 'MODEL_NOT_FOUND',
      message: 'No bedrock model "finance-only" in the catalog',
      field: 'modelId',
    });
  });

  it('answers 403 when the groups or the claims do not allow it', () => {
    const research = { ...finance, claims: { department: 'research' } };
    expect(
      refusalOf(() => resolveEntry(catalog, 'sagemaker', 'finance-only', research, 'modelName')),
    ).toEqual({
      status: 403,
      code: 'MODEL_NOT_ALLOWED',
      message: 'You may not use the model "finance-only"',
      field: 'modelName',
    });
    const readOnly = { ...finance, groups: ['ReadOnly'] };
    expect(
      refusalOf(() => resolveEntry(catalog, 'bedrock', 'shared-model', readOnly, 'modelId')),
    ).toMatchObject({ status: 403, code: 'MODEL_NOT_ALLOWED' });
  });
});
