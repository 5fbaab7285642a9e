import * as z from 'zod/mini';

/** Where the app reads its configuration at start (written by Amplify, the sandbox or local mode). */
export const AMPLIFY_OUTPUTS_PATH = '/amplify_outputs.json';

/** `amplify_outputs.json` is present but unusable; the message says what to fix. */
export class InvalidOutputsError extends Error {
  override readonly name = 'InvalidOutputsError';
}

const url = z.url({ protocol: /^https?$/ });

/** The parts of `amplify_outputs.json` the app depends on; everything else passes through. */
const outputsSchema = z.looseObject({
  version: z.string(),
  auth: z.looseObject({
    aws_region: z.string().check(z.minLength(1)),
    user_pool_id: z.string().check(z.minLength(1)),
    user_pool_client_id: z.string().check(z.minLength(1)),
    oauth: z.looseObject({
      domain: z.string().check(z.minLength(1)),
      scopes: z.array(z.string()),
      redirect_sign_in_uri: z.array(url).check(z.minLength(1)),
      redirect_sign_out_uri: z.array(url).check(z.minLength(1)),
      response_type: z.literal('code'),
    }),
  }),
  custom: z.looseObject({
    mlGateway: z.object({
      apiUrl: url,
      region: z.string().check(z.minLength(1)),
      userPoolEndpoint: z.optional(url),
    }),
  }),
});

/** The validated outputs. */
export type AmplifyOutputs = z.infer<typeof outputsSchema>;

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
  const result = z.safeParse(outputsSchema, raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
  throw new InvalidOutputsError(`amplify_outputs.json is not usable:\n${problems.join('\n')}`);
}

/** The gateway settings from validated outputs. */
export function gatewaySettings(outputs: AmplifyOutputs): GatewaySettings {
  const { apiUrl, region, userPoolEndpoint } = outputs.custom.mlGateway;
  return { apiUrl: apiUrl.replace(/\/+$/, ''), region, userPoolEndpoint };
}
