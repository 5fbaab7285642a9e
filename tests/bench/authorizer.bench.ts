/**
 * Authorizer benchmark: `npm run bench -- authorizer`.
 *
 * In one run, on the same Cognito-shaped RS256 tokens (real 2048-bit key):
 * - the TypeScript authorizer handler (Bearer parse, aws-jwt-verify, groups, policy, context),
 * - a bare node:crypto RS256 verify of the same tokens (the floor),
 * - the guide's Python handler with PyJWT (tests/bench/reference, /usr/bin/python3 or BENCH_PYTHON).
 * Reports warm throughput with p50/p99, cold start (new process to first decision, JWKS handed
 * over, no fetch) and what a cold start loads of the authorizer's bundle as deployed
 * (functions/shared/esm-function.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { createTokenAuthorizer } from '../../amplify/functions/api-authorizer/authorizer.ts';
import { loadAuthorizerConfig } from '../../amplify/functions/api-authorizer/config.ts';
import { createAccessTokenVerifier } from '../../amplify/functions/api-authorizer/verifier.ts';
import {
  createSigningKey,
  TEST_CLIENT_ID,
  TEST_POOL_ID,
  TestTokenIssuer,
} from '../support/cognito-tokens.ts';
import { bundleFunction, coldStartOutputs, kibOf } from '../support/function-bundles.ts';
import { BENCH_PYTHON as PYTHON } from './support/prerequisites.ts';

// Warm figures: ROUNDS slices per contender, interleaved, so load drift on a shared machine
// hits all three alike; each figure is the median over the rounds.
const ROUNDS = 7;
const SLICE_SECONDS = 0.6;
const COLD_RUNS = 15;
const TOKENS = 1000;
const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abc123def4/prod/POST/ml/bedrock';
// Where the tokens claim to come from; nothing listens there (the JWKS is handed over).
const ORIGIN = 'http://127.0.0.1:9';
const TARGETS = { vsPython: 1.2, ofBareVerify: 0.45, coldVsPython: 5, bundleBytes: 60 * 1024 };

interface WarmStats {
  count: number;
  elapsedNs: number;
  p50Ns: number;
  p99Ns: number;
}

const key = createSigningKey('bench-key');
const issuer = new TestTokenIssuer(ORIGIN, key);
const tokens = Array.from({ length: TOKENS }, (_, i) =>
  issuer.accessToken({ sub: `user-${i}`, username: `entraid_user${i}@example.com` }),
);
const jwks = { keys: [key.jwk] };
const env = {
  USER_POOL_ID: TEST_POOL_ID,
  USER_POOL_CLIENT_ID: TEST_CLIENT_ID,
  JWT_ISSUER: issuer.issuer,
  JWKS_URI: `${ORIGIN}/${TEST_POOL_ID}/.well-known/jwks.json`,
};

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Runs `decide` over the tokens for WARM_SECONDS after a warm-up; per-call latencies. */
async function measureWarm(decide: (token: string) => unknown): Promise<WarmStats> {
  for (let i = 0; i < 2000; i++) await decide(tokens[i % TOKENS]!);
  const latencies: number[] = [];
  const deadline = performance.now() + SLICE_SECONDS * 1000;
  const started = performance.now();
  let count = 0;
  while (performance.now() < deadline) {
    const before = performance.now();
    await decide(tokens[count % TOKENS]!);
    latencies.push(performance.now() - before);
    count++;
  }
  const elapsedNs = (performance.now() - started) * 1e6;
  latencies.sort((a, b) => a - b);
  return {
    count,
    elapsedNs,
    p50Ns: latencies[Math.floor(count / 2)]! * 1e6,
    p99Ns: latencies[Math.floor(count * 0.99)]! * 1e6,
  };
}

/** Median over rounds of throughput, p50 and p99, each taken separately. */
function medianStats(all: WarmStats[]): WarmStats {
  const pick = (value: (stats: WarmStats) => number) => median(all.map(value));
  return {
    count: pick(perSecond),
    elapsedNs: 1e9,
    p50Ns: pick((stats) => stats.p50Ns),
    p99Ns: pick((stats) => stats.p99Ns),
  };
}

function handlerDecider() {
  const verifier = createAccessTokenVerifier(loadAuthorizerConfig(env));
  verifier.cacheJwks(jwks);
  const silent = { warn: () => undefined, error: () => undefined };
  const handler = createTokenAuthorizer({ verifier, log: silent });
  return async (token: string) => {
    const result = await handler({ authorizationToken: `Bearer ${token}`, methodArn: METHOD_ARN });
    if (result.policyDocument.Statement[0]?.Effect !== 'Allow')
      throw new Error('denied a valid token');
  };
}

function bareVerifyDecider() {
  const publicKey = createPublicKey({ key: key.jwk, format: 'jwk' });
  return (token: string) => {
    const dot = token.lastIndexOf('.');
    const ok = verify(
      'RSA-SHA256',
      Buffer.from(token.slice(0, dot)),
      publicKey,
      Buffer.from(token.slice(dot + 1), 'base64url'),
    );
    if (!ok) throw new Error('bare verify failed');
  };
}

function runPython(mode: 'warm' | 'cold', inputFile: string) {
  return spawnSync(
    PYTHON,
    [path.join(import.meta.dirname, 'reference/run_authorizer.py'), mode, inputFile],
    {
      env: {
        ...process.env,
        ISSUER: issuer.issuer,
        CLIENT_ID: TEST_CLIENT_ID,
        JWKS_URL: env.JWKS_URI,
      },
      encoding: 'utf8',
    },
  );
}

/** Milliseconds from spawning the command to its first "decided" line. */
function timeToFirstDecision(command: string, args: string[], extraEnv: Record<string, string>) {
  return new Promise<number>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      env: { ...process.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('decided\n')) resolve(performance.now() - started);
    });
    // 'close', not 'exit': exit can fire before the child's stdout has been read.
    child.on('close', (code) => {
      if (!output.includes('decided\n'))
        reject(new Error(`${command} exited ${code} without a decision`));
    });
  });
}

const perSecond = (stats: WarmStats) => stats.count / (stats.elapsedNs / 1e9);
const micros = (ns: number) => `${(ns / 1000).toFixed(1)} µs`;

const work = mkdtempSync(path.join(tmpdir(), 'authorizer-bench-'));
try {
  const inputFile = path.join(work, 'input.json');
  writeFileSync(
    inputFile,
    JSON.stringify({ jwks, tokens, methodArn: METHOD_ARN, warmSeconds: SLICE_SECONDS }),
  );

  // Bundles as the deploy builds them (functions/shared/esm-function.ts): the Lambda entry, and
  // the cold-start entry (same modules, JWKS handed over). The size is what a cold start loads.
  const deployed = await bundleFunction(
    'amplify/functions/api-authorizer/handler.ts',
    path.join(work, 'authorizer'),
  );
  await bundleFunction(
    'tests/bench/support/authorizer-cold-start.ts',
    path.join(work, 'cold-start'),
  );
  const coldBundle = path.join(work, 'cold-start', 'index.mjs');
  const bundleBytes = kibOf(deployed, coldStartOutputs(deployed)) * 1024;

  const decideWithHandler = handlerDecider();
  const decideWithBareVerify = bareVerifyDecider();
  const rounds = { handler: [] as WarmStats[], bare: [] as WarmStats[], python: [] as WarmStats[] };
  for (let round = 0; round < ROUNDS; round++) {
    rounds.handler.push(await measureWarm(decideWithHandler));
    rounds.bare.push(await measureWarm(decideWithBareVerify));
    const python = runPython('warm', inputFile);
    if (python.status !== 0) throw new Error(`Python reference failed: ${python.stderr}`);
    rounds.python.push(JSON.parse(python.stdout) as WarmStats);
  }
  const handler = medianStats(rounds.handler);
  const bare = medianStats(rounds.bare);
  const pythonStats = medianStats(rounds.python);

  const nodeCold: number[] = [];
  const pythonCold: number[] = [];
  const nodeEmpty: number[] = [];
  const pythonEmpty: number[] = [];
  const coldInput = JSON.stringify({ jwks, token: tokens[0], methodArn: METHOD_ARN });
  for (let run = 0; run < COLD_RUNS; run++) {
    nodeEmpty.push(
      await timeToFirstDecision(process.execPath, ['-e', 'console.log("decided")'], {}),
    );
    pythonEmpty.push(await timeToFirstDecision(PYTHON, ['-c', 'print("decided")'], {}));
    nodeCold.push(
      await timeToFirstDecision(process.execPath, [coldBundle], {
        ...env,
        BENCH_INPUT: coldInput,
        POWERTOOLS_LOG_LEVEL: 'WARN',
      }),
    );
    pythonCold.push(
      await timeToFirstDecision(
        PYTHON,
        [path.join(import.meta.dirname, 'reference/run_authorizer.py'), 'cold', inputFile],
        {
          ISSUER: issuer.issuer,
          CLIENT_ID: TEST_CLIENT_ID,
          JWKS_URL: env.JWKS_URI,
        },
      ),
    );
  }

  const rows = [
    ['TS handler (whole)', handler],
    ['bare node:crypto RS256 verify', bare],
    ['Python handler (PyJWT)', pythonStats],
  ] as const;
  console.log(
    `Warm (median of ${ROUNDS} interleaved ${SLICE_SECONDS} s slices, ${TOKENS} distinct RS256 2048-bit tokens):`,
  );
  for (const [name, stats] of rows) {
    console.log(
      `  ${name.padEnd(32)} ${Math.round(perSecond(stats)).toLocaleString('en-US').padStart(8)} /s   p50 ${micros(stats.p50Ns).padStart(9)}   p99 ${micros(stats.p99Ns).padStart(9)}`,
    );
  }
  const vsPython = perSecond(handler) / perSecond(pythonStats);
  const ofBare = perSecond(handler) / perSecond(bare);
  const coldNode = median(nodeCold);
  const coldPython = median(pythonCold);
  const coldRatio = coldPython / coldNode;
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log(`Cold start (spawn → first decision, median of ${COLD_RUNS}):`);
  console.log(`  TS handler (bundled)   ${coldNode.toFixed(1)} ms`);
  console.log(`  Python handler         ${coldPython.toFixed(1)} ms`);
  console.log(
    `  (empty node ${median(nodeEmpty).toFixed(1)} ms, empty python ${median(pythonEmpty).toFixed(1)} ms)`,
  );
  console.log(
    `  above the runtime's own start: TS ${(coldNode - median(nodeEmpty)).toFixed(1)} ms, Python ${(coldPython - median(pythonEmpty)).toFixed(1)} ms`,
  );
  console.log(
    `Bundle (as deployed: esbuild, minified, ESM, split; what a cold start loads): ${(bundleBytes / 1024).toFixed(1)} KB`,
  );
  console.log('Ratios vs targets:');
  console.log(
    `  handler / Python warm     ${vsPython.toFixed(2)}x (target ≥ ${TARGETS.vsPython}x) ${verdict(vsPython >= TARGETS.vsPython)}`,
  );
  console.log(
    `  handler / bare verify     ${(ofBare * 100).toFixed(0)}% (target ≥ ${TARGETS.ofBareVerify * 100}%) ${verdict(ofBare >= TARGETS.ofBareVerify)}`,
  );
  console.log(
    `  Python / handler cold     ${coldRatio.toFixed(1)}x faster (target ≥ ${TARGETS.coldVsPython}x) ${verdict(coldRatio >= TARGETS.coldVsPython)}`,
  );
  console.log(
    `  bundle                    ${(bundleBytes / 1024).toFixed(1)} KB (target < 60 KB) ${verdict(bundleBytes < TARGETS.bundleBytes)}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
