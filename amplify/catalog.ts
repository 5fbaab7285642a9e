/**
 * The model catalog: the one source of which models exist and who may use them.
 *
 * It drives the ML processor's IAM statements (least privilege: only these ARNs), the
 * processor's allow-list, the model list the app shows, and the local model servers.
 * Each entry names the Cognito groups that may use it (RBAC) and, optionally, claim rules
 * (ABAC: every listed claim must hold one of the listed values).
 */
export const GROUPS = ['Administrators', 'MLUsers', 'ReadOnly'] as const;
export type Group = (typeof GROUPS)[number];

/** Claim rules: claim name (as found in the access token / authorizer context) to allowed values. */
export type ClaimRules = Readonly<Record<string, readonly string[]>>;

interface CatalogEntryBase {
  /** The id clients send (`modelId` for Bedrock, `modelName` for SageMaker). */
  readonly id: string;
  /** Human label for the model picker. */
  readonly label: string;
  readonly groups: readonly Group[];
  readonly claims?: ClaimRules;
  /** Served by the local model servers in local mode and tests; never deployed to AWS. */
  readonly local?: boolean;
}

export interface BedrockModel extends CatalogEntryBase {
  readonly provider: 'bedrock';
  /**
   * What Converse is called with: a foundation model id, or a cross-region inference profile id
   * (e.g. `us.anthropic...`), in which case `profileRegions` lists where the profile routes.
   */
  readonly modelId: string;
  readonly profileRegions?: readonly string[];
  readonly limits: { readonly maxInputChars: number; readonly maxOutputTokens: number };
}

export type SageMakerMode = 'sync' | 'streaming' | 'async';

export interface SageMakerEndpoint extends CatalogEntryBase {
  readonly provider: 'sagemaker';
  readonly endpointName: string;
  readonly contentType: 'application/json' | 'text/csv';
  readonly mode: SageMakerMode;
  readonly limits: { readonly maxInputBytes: number };
}

export type CatalogEntry = BedrockModel | SageMakerEndpoint;
