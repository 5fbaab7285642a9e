/**
 * The chat's code highlighter stays out of the first visit's JavaScript (issue 15: initial JS
 * at most 110 KB gzip): highlight.js is a chunk of its own, loaded on the first code block.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { beforeAll, describe, expect, it } from 'vitest';

import { ensureAppBuild } from '../../local/app/build.ts';
import { REPO_ROOT } from '../../local/stack.ts';
import { initialJsFiles } from '../support/initial-js.ts';

/** The production build can take minutes on a busy machine. */
const BUILD_TIMEOUT_MS = 600_000;
/** Issue 15's budget for the JavaScript of a first visit, gzip bytes. */
const INITIAL_JS_BUDGET_BYTES = 110 * 1024;
/** Text only highlight.js's core carries. */
const HIGHLIGHTER_MARK = 'registerLanguage';

let dist: string;
beforeAll(async () => {
  dist = await ensureAppBuild(REPO_ROOT, 'auto');
}, BUILD_TIMEOUT_MS);

const read = (file: string) => readFileSync(path.join(dist, file), 'utf8');

const initialFiles = () => initialJsFiles(dist);

describe('the chat in the production bundle', () => {
  it('loads highlight.js lazily: in a chunk of its own, not in the initial files', () => {
    const initial = initialFiles();
    expect(initial.length).toBeGreaterThan(0);
    expect(initial.filter((file) => read(file).includes(HIGHLIGHTER_MARK))).toEqual([]);
    const lazy = readdirSync(dist).filter(
      (file) => file.endsWith('.js') && read(file).includes(HIGHLIGHTER_MARK),
    );
    expect(lazy.length).toBeGreaterThan(0);
  });

  it('keeps the initial JavaScript within 110 KB gzip', () => {
    const bytes = initialFiles().reduce(
      (sum, file) => sum + gzipSync(readFileSync(path.join(dist, file))).length,
      0,
    );
    expect(bytes).toBeLessThanOrEqual(INITIAL_JS_BUDGET_BYTES);
  });
});
