/**
 * Synthesizes amplify/backend.ts offline (no AWS credentials) into cdk.out/.
 *
 *   npm run synth                      # a sandbox named "local"
 *   npm run synth -- --branch main     # what Amplify Hosting builds for the main branch
 *
 * Options: --branch <name> (branch deploy), --app-id <id> (default "mlgateway"), --out <dir>.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

export interface SynthOptions {
  branch?: string;
  /** Sandbox identifier when no branch is given (`ampx sandbox --identifier`); default "local". */
  sandbox?: string;
  appId?: string;
  outDir?: string;
  env?: NodeJS.ProcessEnv;
}

/** The CDK CLI call that synthesizes one backend into `out`. */
function synthCommand({
  branch,
  sandbox = 'local',
  appId = 'mlgateway',
  outDir = 'cdk.out',
  env = {},
}: SynthOptions) {
  const out = path.resolve(root, outDir);
  const context = branch
    ? { namespace: appId, name: branch, type: 'branch' }
    : { namespace: appId, name: sandbox, type: 'sandbox' };
  const args = [
    'synth',
    '--app',
    `${bin('tsx')} amplify/backend.ts`,
    '--output',
    out,
    '--quiet',
    '--no-notices',
    '--no-version-reporting',
    '-c',
    `amplify-backend-namespace=${context.namespace}`,
    '-c',
    `amplify-backend-name=${context.name}`,
    '-c',
    `amplify-backend-type=${context.type}`,
  ];
  const childEnv = {
    ...process.env,
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    // Synth is offline: make sure no ambient credentials or profile are consulted.
    AWS_REGION: process.env['AWS_REGION'] ?? 'us-east-1',
    ...env,
  };
  return { out, args, env: childEnv };
}

/** The error for a failed synth: the settings message alone, or the CLI's whole output. */
function synthFailure(status: number | null, stdout: string, stderr: string): Error {
  return new Error(
    invalidSettingsMessage(stderr) ?? `cdk synth failed (exit ${status}):\n${stdout}\n${stderr}`,
  );
}

/** Runs the CDK CLI on the Amplify backend; throws with the CLI's output when synth fails. */
export function synthBackend(options: SynthOptions = {}): string {
  const { out, args, env } = synthCommand(options);
  const result = spawnSync(bin('cdk'), args, { cwd: root, encoding: 'utf8', env });
  if (result.status !== 0) throw synthFailure(result.status, result.stdout, result.stderr);
  return out;
}

/** `synthBackend` without blocking, so several backends can synthesize side by side. */
export function synthBackendAsync(options: SynthOptions = {}): Promise<string> {
  const { out, args, env } = synthCommand(options);
  return new Promise((resolve, reject) => {
    const child = spawn(bin('cdk'), args, { cwd: root, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) =>
      status === 0 ? resolve(out) : reject(synthFailure(status, stdout, stderr)),
    );
  });
}

/**
 * The settings error the backend threw, without the stack and CLI noise around it: a missing or
 * invalid setting is the developer's to fix, and the message already names it.
 */
export function invalidSettingsMessage(stderr: string): string | undefined {
  const start = stderr.indexOf('InvalidSettingsError: ');
  if (start < 0) return undefined;
  const lines = stderr.slice(start + 'InvalidSettingsError: '.length).split('\n');
  const end = lines.findIndex((line) => /^\s+at /.test(line));
  return lines
    .slice(0, end < 0 ? undefined : end)
    .join('\n')
    .trimEnd();
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { branch: { type: 'string' }, 'app-id': { type: 'string' }, out: { type: 'string' } },
  });
  const started = performance.now();
  try {
    const out = synthBackend({
      branch: values.branch,
      appId: values['app-id'],
      outDir: values.out,
    });
    console.log(
      `Synthesized to ${path.relative(root, out)}/ in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
