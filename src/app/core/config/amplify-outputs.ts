/** Where the app reads its configuration at start (written by Amplify, the sandbox or local mode). */
export const AMPLIFY_OUTPUTS_PATH = '/amplify_outputs.json';

/** `amplify_outputs.json` is present but unusable; the message says what to fix. */
export class InvalidOutputsError extends Error {
  override readonly name = 'InvalidOutputsError';
}

/** The parts of `amplify_outputs.json` the app depends on; everything else passes through. */
export interface AmplifyOutputs {
  readonly version: string;
  readonly auth: {
    readonly aws_region: string;
    readonly user_pool_id: string;
    readonly user_pool_client_id: string;
    readonly oauth: {
      readonly domain: string;
      readonly scopes: string[];
      readonly redirect_sign_in_uri: string[];
      readonly redirect_sign_out_uri: string[];
      readonly response_type: 'code';
      readonly [key: string]: unknown;
    };
    readonly [key: string]: unknown;
  };
  readonly custom: {
    readonly mlGateway: {
      readonly apiUrl: string;
      readonly region: string;
      readonly userPoolEndpoint?: string;
    };
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/**
 * A field check: returns what is wrong with `value`, or undefined. Hand-written rather than a
 * schema library: this check runs before the first render, and a library would be the largest
 * part of the first visit's JavaScript after the framework (issue 15's 110 KB budget).
 */
type Check = (value: unknown) => string | undefined;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text: Check = (value) =>
  typeof value !== 'string' ? 'expected a string' : value === '' ? 'must not be empty' : undefined;

const anyText: Check = (value) => (typeof value === 'string' ? undefined : 'expected a string');

const httpUrl: Check = (value) => {
  if (typeof value !== 'string') return 'expected a URL';
  try {
    return /^https?:$/.test(new URL(value).protocol) ? undefined : 'expected an http(s) URL';
  } catch {
    return 'invalid URL';
  }
};

const list =
  (item: Check, { nonEmpty }: { nonEmpty: boolean }): Check =>
  (value) => {
    if (!Array.isArray(value)) return 'expected an array';
    if (nonEmpty && value.length === 0) return 'must not be empty';
    const bad = value.map(item).findIndex((problem) => problem !== undefined);
    return bad < 0 ? undefined : `item ${bad}: ${item(value[bad])}`;
  };

/** A nested object's fields; `optional` fields may be absent. */
interface Fields {
  readonly [name: string]: Check | Fields | { readonly optional: Check };
}

/** Every problem of `value` against `fields`, as `path: message`. */
function problemsOf(value: unknown, fields: Fields, path: string): string[] {
  if (!isRecord(value)) return [`${path || '(root)'}: expected an object`];
  return Object.entries(fields).flatMap(([name, check]) => {
    const at = path ? `${path}.${name}` : name;
    if ('optional' in check) {
      const problem =
        value[name] === undefined ? undefined : (check.optional as Check)(value[name]);
      return problem ? [`${at}: ${problem}`] : [];
    }
    if (typeof check !== 'function') return problemsOf(value[name], check as Fields, at);
    const problem = value[name] === undefined ? 'required' : check(value[name]);
    return problem ? [`${at}: ${problem}`] : [];
  });
}

const OUTPUTS_FIELDS: Fields = {
  version: anyText,
  auth: {
    aws_region: text,
    user_pool_id: text,
    user_pool_client_id: text,
    oauth: {
      domain: text,
      scopes: list(anyText, { nonEmpty: false }),
      redirect_sign_in_uri: list(httpUrl, { nonEmpty: true }),
      redirect_sign_out_uri: list(httpUrl, { nonEmpty: true }),
      response_type: (value) => (value === 'code' ? undefined : 'expected "code"'),
    },
  },
  custom: {
    mlGateway: { apiUrl: httpUrl, region: text, userPoolEndpoint: { optional: httpUrl } },
  },
};

/** The gateway settings of `custom.mlGateway`, with `apiUrl` normalized to end without `/`. */
export interface GatewaySettings {
  readonly apiUrl: string;
  readonly region: string;
  readonly userPoolEndpoint?: string;
}

/**
 * Validates parsed `amplify_outputs.json` content.
 *
 * @throws InvalidOutputsError listing each missing or invalid field by its JSON path.
 */
export function parseAmplifyOutputs(raw: unknown): AmplifyOutputs {
  const problems = problemsOf(raw, OUTPUTS_FIELDS, '');
  if (problems.length === 0) return raw as AmplifyOutputs;
  throw new InvalidOutputsError(`amplify_outputs.json is not usable:\n${problems.join('\n')}`);
}

/** The gateway settings from validated outputs. */
export function gatewaySettings(outputs: AmplifyOutputs): GatewaySettings {
  const { apiUrl, region, userPoolEndpoint } = outputs.custom.mlGateway;
  return { apiUrl: apiUrl.replace(/\/+$/, ''), region, userPoolEndpoint };
}
