import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { ROUTES } from '../../amplify/contract/routes.ts';
import { createClients } from '../../amplify/functions/ml-processor/clients.ts';
import { loadConfig } from '../../amplify/functions/ml-processor/config.ts';
import { createProcessor } from '../../amplify/functions/ml-processor/processor.ts';
import { loadSettings } from '../../amplify/settings/index.ts';
import { ALL_ROUTES } from '../../tests/support/all-routes.ts';
import { startTestAuthorizer, type TestAuthorizer } from '../../tests/support/cognito-tokens.ts';
import { LOCAL_CATALOG } from '../models/local-catalog.ts';
import { type ApiEmulator, startApiEmulator } from './server.ts';

const CACHE_TTL_SECONDS = 300;

let authorizer: TestAuthorizer;
let api: ApiEmulator;
const seen: APIGatewayProxyEvent[] = [];

beforeAll(async () => {
  // Only Date is faked: the test moves the clock past the token's exp, sockets run as usual.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now());
  authorizer = await startTestAuthorizer();
  const config = loadConfig({
    MODEL_CATALOG: JSON.stringify(LOCAL_CATALOG),
    ALLOWED_ORIGINS: 'http://localhost:4200',
  });
  const processor = createProcessor({ config, routes: ALL_ROUTES, clients: createClients(config) });
  const settings = loadSettings({}, { environment: 'sandbox' });
  api = await startApiEmulator({
    port: 0,
    settings: { ...settings, authorizerCacheTtlSeconds: CACHE_TTL_SECONDS },
    routes: ROUTES,
    authorizer: (event) => authorizer.authorize(event),
    targets: {
      bedrock: {
        buffered: (event) => {
          seen.push(event);
          return processor.handle(event);
        },
      },
    },
    api: { region: 'eu-west-1', accountId: '123456789012', apiId: 'local', stage: 'test' },
  });
});
afterAll(async () => {
  await api?.stop();
  await authorizer?.close();
  vi.useRealTimers();
});

describe('the API emulator with a cached Allow', () => {
  it('passes exp to the function, and the function refuses the token once it has expired', async () => {
    const exp = Math.floor(Date.now() / 1000) + 60;
    const token = authorizer.issuer.accessToken({ exp });
    const models = () =>
      fetch(new URL('ml/models', api.url), { headers: { authorization: `Bearer ${token}` } });

    const fresh = await models();
    expect(fresh.status).toBe(200);
    // API Gateway hands the context to a proxy integration as strings.
    expect(seen.at(-1)?.requestContext.authorizer?.['exp']).toBe(String(exp));
    expect(seen.at(-1)?.requestContext.authorizer?.['groups']).toBe('["MLUsers"]');

    // Two minutes later the token has expired, but the cached decision (5 min) still allows it.
    vi.setSystemTime(exp * 1000 + 60_000);
    const stale = await models();
    expect(api.stats.authorizerInvocations).toBe(1);
    expect(stale.status).toBe(401);
    expect(await stale.json()).toMatchObject({
      success: false,
      error: { code: 'UNAUTHORIZED', message: 'The access token has expired; sign in again' },
    });
  });
});
