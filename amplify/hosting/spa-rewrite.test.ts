import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { appIndexFor, isAppRoute, SPA_REWRITE_RULE, SPA_REWRITE_RULES } from './spa-rewrite.ts';

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

  it.each([
    ['/de', 'de/index.html'],
    ['/de/', 'de/index.html'],
    ['/de/chat/123', 'de/index.html'],
    ['/de/keys', 'de/index.html'],
    ['/design', 'index.html'],
    ['/chat', 'index.html'],
  ])("serves %s its language's build: %s", (route, index) =>
    expect(appIndexFor(route)).toBe(index),
  );

  it.each(['/de/main-ABC123.js', '/de/styles-XYZ.css', '/de/favicon.svg'])(
    "serves the German build's file %s as it is",
    (file) => expect(appIndexFor(file)).toBeUndefined(),
  );

  it('lists the translations before the catch-all (Amplify applies the first rule that matches)', () => {
    expect(SPA_REWRITE_RULES.map((rule) => rule.target)).toEqual(['/de/index.html', '/index.html']);
  });

  it('answers 200 with /index.html (a rewrite, not a redirect)', () => {
    expect(SPA_REWRITE_RULE).toMatchObject({ target: '/index.html', status: '200' });
    expect(SPA_REWRITE_RULE.source).toMatch(/^<\/.*\/>$/);
  });

  it('is documented in docs/deploy.md exactly as Amplify must be given it', () => {
    const deployDoc = readFileSync(
      path.resolve(import.meta.dirname, '../../docs/deploy.md'),
      'utf8',
    );
    for (const rule of SPA_REWRITE_RULES) {
      expect(deployDoc).toContain(`Source address: \`${rule.source}\``);
      expect(deployDoc).toContain(`Target address: \`${rule.target}\``);
    }
    expect(deployDoc).toContain(`--custom-rules '${JSON.stringify(SPA_REWRITE_RULES)}'`);
  });
});
