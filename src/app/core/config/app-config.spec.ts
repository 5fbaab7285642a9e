import { TestBed } from '@angular/core/testing';

import { validOutputs } from '../../../testing/fixtures';
import { AppConfig } from './app-config';
import { FETCH } from './fetch';

function loadWith(fetchFn: () => Promise<Response>) {
  TestBed.configureTestingModule({ providers: [{ provide: FETCH, useValue: fetchFn }] });
  const config = TestBed.inject(AppConfig);
  return config.load().then(() => config.state());
}

describe('AppConfig', () => {
  it('validates the outputs and exposes the gateway settings', async () => {
    const state = await loadWith(async () =>
      Response.json(validOutputs({ userPoolEndpoint: 'http://127.0.0.1:9229' })),
    );
    expect(state).toMatchObject({
      status: 'ready',
      gateway: {
        apiUrl: 'http://127.0.0.1:3000',
        region: 'us-east-1',
        userPoolEndpoint: 'http://127.0.0.1:9229',
      },
    });
  });

  it('reports a missing file', async () => {
    const state = await loadWith(async () => new Response('Not found', { status: 404 }));
    expect(state).toEqual({
      status: 'invalid',
      problem: '/amplify_outputs.json was not found (HTTP 404)',
    });
  });

  it('reports a file that is not JSON (e.g. the SPA fallback page)', async () => {
    const state = await loadWith(async () => new Response('<!doctype html>', { status: 200 }));
    expect(state).toMatchObject({
      status: 'invalid',
      problem: expect.stringContaining('not valid JSON'),
    });
  });

  it('reports invalid content by field', async () => {
    const state = await loadWith(async () => Response.json({ version: '1.4', auth: {} }));
    expect(state).toMatchObject({
      status: 'invalid',
      problem: expect.stringContaining('auth.user_pool_id'),
    });
  });

  it('reports a network failure', async () => {
    const state = await loadWith(async () => {
      throw new TypeError('fetch failed');
    });
    expect(state).toMatchObject({
      status: 'invalid',
      problem: expect.stringContaining('network error'),
    });
  });
});
