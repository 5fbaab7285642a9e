/**
 * CDK feature flags the backend needs, injected into the context before `defineBackend`
 * creates the CDK App. Amplify builds the App itself (no cdk.json is read), and an App only
 * reads context from `CDK_CONTEXT_JSON` when it is constructed.
 */
const requiredFlags = {
  // Turn CloudFormation template findings (e.g. circular references between nested stacks)
  // into synth errors instead of warnings.
  '@aws-cdk/core:validateAgainstDefaultRules': true,
} as const;

/** Merges the project's required CDK flags into the context the App will read. */
export function applyRequiredCdkFlags(env: NodeJS.ProcessEnv = process.env): void {
  const current = env['CDK_CONTEXT_JSON'] ? (JSON.parse(env['CDK_CONTEXT_JSON']) as object) : {};
  env['CDK_CONTEXT_JSON'] = JSON.stringify({ ...current, ...requiredFlags });
}
