import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { APP_LOCALES } from '../contract/locales.ts';

const amplifyYml = readFileSync(path.resolve(import.meta.dirname, '../../amplify.yml'), 'utf8');
const published = /baseDirectory: (\S+)/.exec(amplifyYml)?.[1];

/** The frontend build commands, in order. */
const frontendCommands = (): string[] => {
  const frontend = amplifyYml.slice(amplifyYml.indexOf('\nfrontend:'));
  const build = frontend.slice(frontend.indexOf('build:'), frontend.indexOf('artifacts:'));
  return [...build.matchAll(/^\s+- (.+)$/gm)].map((match) => match[1]!);
};

describe('amplify.yml', () => {
  it('publishes the Angular build folder', () => {
    expect(published).toBe('dist/ml-gateway/browser');
  });

  it("narrows the CSP to the branch's hosts after the build, in the published index.html", () => {
    const commands = frontendCommands();
    const build = commands.indexOf('npm run build');
    const csp = commands.findIndex((command) =>
      command.endsWith(
        `scripts/hosting/environment-csp.ts amplify_outputs.json ${published}/index.html`,
      ),
    );
    expect(build).toBeGreaterThanOrEqual(0);
    expect(csp).toBeGreaterThan(build);
  });

  it.each(APP_LOCALES.map((locale) => [locale.id, locale] as const))(
    "narrows the CSP in the %s build's index.html too",
    (_id, locale) => {
      const page = `${published}/${locale.subPath === '' ? '' : `${locale.subPath}/`}index.html`;
      const commands = frontendCommands();
      const csp = commands.findIndex((command) =>
        command.endsWith(`scripts/hosting/environment-csp.ts amplify_outputs.json ${page}`),
      );
      expect(csp).toBeGreaterThan(commands.indexOf('npm run build'));
    },
  );

  it("publishes the branch's amplify_outputs.json, which the app reads at start", () => {
    expect(frontendCommands()).toContain(
      `cp amplify_outputs.json ${published}/amplify_outputs.json`,
    );
  });

  it('deploys the backend of the branch being built before the frontend', () => {
    expect(
      amplifyYml.indexOf('npx ampx pipeline-deploy --branch $AWS_BRANCH --app-id $AWS_APP_ID'),
    ).toBeGreaterThan(-1);
    expect(amplifyYml.indexOf('\nbackend:')).toBeLessThan(amplifyYml.indexOf('\nfrontend:'));
  });

  it('leaves headers to customHttp.yml (customHeaders in amplify.yml are deprecated)', () => {
    expect(amplifyYml).not.toMatch(/^\s*customHeaders:/m);
  });
});
