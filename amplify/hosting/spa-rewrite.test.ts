import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { isAppRoute, SPA_REWRITE_RULE } from './spa-rewrite.ts';

describe('the SPA rewrite', () => {
  it.each(['/', '/chat', '/chat/123', '/inference/my-endpoint', '/models/anthropic.claude-v2.1'])(
    'serves the app for the route %s',
    (route) => expect(isAppRoute(route)).toBe(true),
  );

  it.each([
    '/main-ABC123.js',
    '/styles-XYZ.css',
    '/amplify_outputs.json',
    '/favicon.svg',
    '/favicon.ico',
    '/chunk-1.js.map',
    '/assets/logo.png',
  ])('serves the file %s as it is', (file) => expect(isAppRoute(file)).toBe(false));

  it('answers 200 with /index.html (a rewrite, not a redirect)', () => {
    expect(SPA_REWRITE_RULE).toMatchObject({ target: '/index.html', status: '200' });
    expect(SPA_REWRITE_RULE.source).toMatch(/^<\/.*\/>$/);
  });

  it('is documented in docs/deploy.md exactly as Amplify must be given it', () => {
    const deployDoc = readFileSync(
      path.resolve(import.meta.dirname, '../../docs/deploy.md'),
      'utf8',
    );
    expect(deployDoc).toContain(`Source address: \`${SPA_REWRITE_RULE.source}\``);
    expect(deployDoc).toContain(`--custom-rules '${JSON.stringify([SPA_REWRITE_RULE])}'`);
  });
});
