import { readFileSync } from 'node:fs';
import path from 'node:path';

/** `import"./x.js"` and `from"./x.js"` of a built ES module. */
const STATIC_IMPORT = /(?:\bfrom|\bimport)\s*["']\.\/([\w.-]+\.js)["']/g;
/** `import("./x.js")` and `import(\`./x.js\`)`. */
const DYNAMIC_IMPORT = /\bimport\(\s*["'`]\.\/([\w.-]+\.js)["'`]\s*\)/g;

/**
 * The JavaScript files a first visit downloads from a build folder: the scripts of `index.html`,
 * the app that the loader among them imports as soon as the shell is painted (the dynamic
 * imports of those scripts themselves, src/main.ts), and the static-import closure of all of
 * them. The dynamic imports further down are the lazy routes and libraries, which are not.
 */
export function initialJsFiles(dist: string): string[] {
  const read = (file: string) => readFileSync(path.join(dist, file), 'utf8');
  const entries = [...read('index.html').matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map(
    (match) => match[1]!,
  );
  const queue = [
    ...entries,
    ...entries.flatMap((file) => [...read(file).matchAll(DYNAMIC_IMPORT)].map((m) => m[1]!)),
  ];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const match of read(file).matchAll(STATIC_IMPORT)) queue.push(match[1]!);
  }
  return [...seen];
}
