/**
 * How every function of the app is bundled (esbuild, `esm-function.ts`), shared with the bundle
 * tests and `npm run bench -- processor`, so all of them measure the same bundle. No CDK
 * import: the benchmark and the tests use these with esbuild directly.
 */
import path from 'node:path';

import type { BuildOptions } from 'esbuild';

/**
 * esbuild's package entry fields, ES modules first. esbuild's default for `platform: node` is
 * `main,module`, which takes every AWS SDK client's CommonJS build whole (every command of the
 * service, the browser user-agent parser, each credential provider); their ES-module builds
 * let esbuild keep only what the processor calls (esbuild API, "Main fields": "the default
 * main fields depend on the current platform setting ... main,module for node"; CDK
 * `BundlingOptions.mainFields`, docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_lambda_nodejs.BundlingOptions.html).
 */
const ESM_FIRST_MAIN_FIELDS: readonly string[] = ['module', 'main'];

/**
 * Gives the ES-module bundle a CommonJS `require` for the packages that still call it (the same
 * shim Amplify's `defineFunction` injects).
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __processorCreateRequire } from 'node:module'; const require = __processorCreateRequire(import.meta.url);";

/** Where the bundles take the Node built-ins below from (`process.getBuiltinModule`). */
const BUILTINS_DIR = path.join(import.meta.dirname, 'node-builtins');

/**
 * Node built-ins the bundles take through `process.getBuiltinModule` (node-builtins/), not as
 * ES modules. Importing a built-in as an ES module builds a facade that reads every export
 * once, getters included: `node:http`'s `WebSocket`, `CloseEvent` and `MessageEvent` getters
 * load undici, Node's fetch implementation, which nothing here uses (in a fresh Node 24 process
 * `import('node:http')` took about 27 ms on the benchmark machine, `getBuiltinModule` about 3;
 * BENCHMARKS.md); `node:process`'s open stdin, stdout and stderr.
 * `getBuiltinModule` returns the module object, whose getters run only when read (Node.js
 * API, "process.getBuiltinModule(id)", since 22.3: nodejs.org/api/process.html). Both
 * spellings of each name are mapped; a dynamic `import()` of one gets it as `default`, which
 * the SDK's HTTP handler reads (`node_http.default ?? node_http`).
 */
export const BUILTIN_ALIASES: Readonly<Record<string, string>> = Object.fromEntries(
  ['http', 'process'].flatMap((name) => {
    const shim = path.join(BUILTINS_DIR, `${name}.cjs`);
    return [
      [name, shim],
      [`node:${name}`, shim],
    ];
  }),
);

/**
 * The esbuild options of these bundles, for `esm-function.ts` (which adds the output folder and
 * source maps) and for the tests and the benchmark that build them with esbuild itself: ESM,
 * minified, AWS SDK inside, and split. With code splitting, what the code imports dynamically
 * is a chunk of its own that a cold start does not parse: the audit's S3 and KMS clients
 * (audit/aws-sdk.ts), and in the SDK the credential providers a Lambda function never uses
 * (its role's credentials are in its environment), SSO tokens and event-stream decoding. A
 * dynamic `import()` is a split point; splitting needs the `esm` format and `outdir` (esbuild
 * API, "Splitting", esbuild.github.io/api/#splitting).
 * The entry is `index.mjs` (handler `index.handler`); chunks are in `chunks/`.
 */
export const ESM_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  mainFields: [...ESM_FIRST_MAIN_FIELDS],
  alias: { ...BUILTIN_ALIASES },
  banner: { js: ESM_REQUIRE_BANNER },
  splitting: true,
  entryNames: 'index',
  chunkNames: 'chunks/[name]-[hash]',
  // Lambda loads `.mjs` files as ES modules without a package.json saying so (Lambda Developer
  // Guide, "Designating a function handler as an ES module",
  // docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html#designate-es-module).
  // The chunks are `.mjs` too, imported by relative paths from `index.mjs`.
  outExtension: { '.js': '.mjs' },
} satisfies BuildOptions;
