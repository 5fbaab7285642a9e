/** A resource of a synthesized CloudFormation template, as the infra tests read it. */
export interface TemplateResource {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

/** A statement of an IAM policy in a synthesized template. */
export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}
