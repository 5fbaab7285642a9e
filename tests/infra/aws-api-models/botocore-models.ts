/**
 * AWS's machine-readable API models, as botocore ships them: `botocore/data/<service>/<version>/
 * service-2.json` (gzipped in pip wheels, plain in Debian's python3-botocore). Each shape carries
 * the constraints the service enforces on a request: `pattern`, `min`, `max`, `enum`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/** One shape of a service model (the subset the validator reads). */
export interface ApiShape {
  type: string;
  members?: Record<string, { shape: string; locationName?: string }>;
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
}

/** A service model: its operations (input shape names) and shapes. */
export interface ServiceModel {
  service: string;
  version: string;
  operations: Record<string, { input?: { shape: string } }>;
  shapes: Record<string, ApiShape>;
}

/** Environment variable that points at a botocore `data` folder, overriding the search. */
export const MODELS_DIR_VARIABLE = 'AWS_API_MODELS_DIR';

/** Debian's and Ubuntu's python3-botocore install the models here. */
const DISTRIBUTION_MODEL_DIRS = ['/usr/lib/python3/dist-packages/botocore/data'];

export class ApiModelsMissingError extends Error {
  constructor(searched: string[]) {
    super(
      [
        "AWS's API models (botocore's data/<service>/<version>/service-2.json) were not found.",
        `Searched: ${searched.join(', ') || '(nothing)'}.`,
        'Get them with one of:',
        '  pip install botocore            (any python3; the image of this project has it)',
        '  apt-get install python3-botocore (Debian/Ubuntu)',
        `or set ${MODELS_DIR_VARIABLE} to a botocore "data" folder.`,
      ].join('\n'),
    );
    this.name = 'ApiModelsMissingError';
  }
}

/** The data folder of the botocore that `python3` imports, if any. */
function pythonBotocoreDataDir(): string | undefined {
  const result = spawnSync(
    'python3',
    ['-c', 'import botocore, os; print(os.path.join(os.path.dirname(botocore.__file__), "data"))'],
    { encoding: 'utf8', timeout: 30_000 },
  );
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Finds a botocore `data` folder: the override, python3's botocore, then the distribution's. */
export function locateModelsDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[MODELS_DIR_VARIABLE];
  const candidates = override
    ? [override]
    : [pythonBotocoreDataDir(), ...DISTRIBUTION_MODEL_DIRS].filter((d): d is string => !!d);
  const found = candidates.find((dir) => existsSync(path.join(dir, 'wafv2')));
  if (!found) throw new ApiModelsMissingError(candidates);
  return found;
}

/** Loads service models by botocore name (`wafv2`, `cognito-idp`), the newest version of each. */
export class BotocoreModels {
  private readonly cache = new Map<string, ServiceModel>();

  readonly dataDir: string;

  constructor(dataDir: string = locateModelsDir()) {
    this.dataDir = dataDir;
  }

  service(name: string): ServiceModel {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const serviceDir = path.join(this.dataDir, name);
    if (!existsSync(serviceDir))
      throw new Error(`No AWS API model for "${name}" in ${this.dataDir}`);
    // Version folders are dates; the newest API version is the one CloudFormation calls.
    const version = readdirSync(serviceDir)
      .filter((entry) => /^\d{4}-\d{2}-\d{2}$/.test(entry))
      .sort()
      .at(-1);
    if (!version) throw new Error(`No API version folder in ${serviceDir}`);
    const plain = path.join(serviceDir, version, 'service-2.json');
    const text = existsSync(plain)
      ? readFileSync(plain, 'utf8')
      : gunzipSync(readFileSync(`${plain}.gz`)).toString('utf8');
    const json = JSON.parse(text) as Omit<ServiceModel, 'service' | 'version'>;
    const model = { service: name, version, operations: json.operations, shapes: json.shapes };
    this.cache.set(name, model);
    return model;
  }
}
