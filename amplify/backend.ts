import { defineBackend } from '@aws-amplify/backend';
import { Stack } from 'aws-cdk-lib';

import { MlRestApi } from './api/rest-api.ts';
import { ApiKeyResources } from './api-keys/api-key-resources.ts';
import { AuditStore } from './audit/audit-store.ts';
import { GroupMappingResources } from './auth/group-mapping/group-mapping-resources.ts';
import { groupMappingSettingsFor } from './auth/group-mapping/group-mapping-settings.ts';
import { defineGroupMapping } from './auth/group-mapping/resource.ts';
import { defineUserPoolAuth } from './auth/resource.ts';
import { applyUserPoolOverrides } from './auth/user-pool-overrides.ts';
import { CATALOG, validateCatalog } from './catalog.ts';
import { applyRequiredCdkFlags } from './cdk-context.ts';
import { ROUTES } from './contract/routes.ts';
import { DirectoryResources } from './directory/directory-resources.ts';
import { ScimRoute } from './directory/scim-route.ts';
import { scimSettingsFor } from './directory/scim-settings.ts';
import { defineApiAuthorizer } from './functions/api-authorizer/resource.ts';
import { defineMlProcessors } from './functions/ml-processor/resource.ts';
import { reserveStreamConcurrency } from './functions/ml-processor/stream-concurrency.ts';
import { defineScimApi } from './functions/scim-api/resource.ts';
import { defineUsageApi } from './functions/usage-api/resource.ts';
import { defineUsageSweeper } from './functions/usage-sweeper/resource.ts';
import { MlAlarms } from './monitoring/alarms.ts';
import { MlDashboard } from './monitoring/dashboard.ts';
import { retainLogsOfEveryFunction } from './monitoring/function-log-retention.ts';
import { activateTracing } from './monitoring/function-tracing.ts';
import {
  addAuthorizerMetricFilters,
  groupClaimsIncompleteMetric,
  monitoredFunction,
} from './monitoring/metrics.ts';
import { MlProcessorPermissions } from './security/ml-processor-permissions.ts';
import { acknowledgeAmplifyFunctionRole } from './security/nag-acknowledgements.ts';
import { ApiWebAcl } from './security/web-acl.ts';
import { auditSettingsFor } from './settings/audit.ts';
import { loadSettings } from './settings/index.ts';
import { usageSettingsFor } from './usage/usage-settings.ts';
import { UsageSweeperSchedule } from './usage/usage-sweeper-schedule.ts';
import { UsageTables } from './usage/usage-tables.ts';

applyRequiredCdkFlags();

// Settings are loaded, and the catalog validated, once: the resource files only take them.
const settings = loadSettings();
// A catalog entry nobody may use, a duplicate or a limit beyond the body limit fails the synth.
validateCatalog(CATALOG, { maxBodyBytes: settings.api.maxBodyBytes });
const groupMapping = defineGroupMapping(settings);
const usageSettings = usageSettingsFor(settings.name);
const scimSettings = scimSettingsFor(settings.name);

/** The whole backend: Amplify resources first, then the CDK escape hatches built on them. */
export const backend = defineBackend({
  auth: defineUserPoolAuth(settings, groupMapping),
  groupMapping,
  apiAuthorizer: defineApiAuthorizer(settings),
  ...defineMlProcessors(settings),
  usageApi: defineUsageApi(settings, usageSettings),
  usageSweeper: defineUsageSweeper(settings),
  scimApi: defineScimApi(settings),
});

applyUserPoolOverrides(backend.auth.resources, {
  settings,
  groupMappingFunction: backend.groupMapping.resources.lambda,
  federated: settings.entraMetadataUrl !== undefined,
});
// The authorizer verifies access tokens of this pool and app client.
backend.apiAuthorizer.addEnvironment('USER_POOL_ID', backend.auth.resources.userPool.userPoolId);
backend.apiAuthorizer.addEnvironment(
  'USER_POOL_CLIENT_ID',
  backend.auth.resources.userPoolClient.userPoolClientId,
);
// The API lives in the functions' stack: a separate stack would make a nested-stack cycle.
const apiStack = Stack.of(backend.apiAuthorizer.resources.lambda);
// The ML processor: a buffered and a streaming function per provider.
const processorFunctions = {
  bedrock: {
    buffered: backend.mlBedrockProcessor.resources.lambda,
    streaming: backend.mlBedrockStreamProcessor.resources.lambda,
  },
  sagemaker: {
    buffered: backend.mlSageMakerProcessor.resources.lambda,
    streaming: backend.mlSageMakerStreamProcessor.resources.lambda,
  },
};
const processorBackendFunctions = [
  backend.mlBedrockProcessor,
  backend.mlBedrockStreamProcessor,
  backend.mlSageMakerProcessor,
  backend.mlSageMakerStreamProcessor,
];
const restApi = new MlRestApi(apiStack, 'MlRestApi', {
  settings,
  routes: ROUTES,
  authorizerFunction: backend.apiAuthorizer.resources.lambda,
  targets: {
    bedrock: processorFunctions.bedrock,
    sagemaker: processorFunctions.sagemaker,
    usage: { buffered: backend.usageApi.resources.lambda },
  },
});
// Each processor function may invoke exactly the catalog's AWS models of its provider and kind:
// IAM derived from the catalog.
new MlProcessorPermissions(apiStack, 'MlProcessorPermissions', {
  ...processorFunctions,
  entries: CATALOG,
});
// 15-minute streams must not take the whole account's concurrency (settings: off by default).
for (const { streaming } of Object.values(processorFunctions))
  reserveStreamConcurrency(streaming, settings.streamReservedConcurrency);
// Usage, budgets and conversation history: tables beside the functions that use them.
const usageTables = new UsageTables(apiStack, 'UsageTables', {
  environment: settings.name,
  removalPolicy: settings.removalPolicy,
  settings: usageSettings,
});
usageTables.connectUsageApi(backend.usageApi);
for (const fn of processorBackendFunctions) usageTables.connectLedger(fn);
// Holds of calls that never settled are charged in full by the sweeper, on a schedule.
usageTables.connectSweeper(backend.usageSweeper);
const usageSweep = new UsageSweeperSchedule(apiStack, 'UsageSweeper', {
  sweeper: backend.usageSweeper.resources.lambda,
  table: usageTables.usage,
  everyMinutes: usageSettings.sweepEveryMinutes,
});
// Personal API keys: the key table and HMAC secret; the authorizer checks keys, the usage API manages them.
const apiKeys = new ApiKeyResources(apiStack, 'ApiKeys', { settings });
apiKeys.connectAuthorizer(backend.apiAuthorizer, backend.auth.resources.userPool);
apiKeys.connectUsageApi(backend.usageApi);
// Audit trail: a record per model request and admin action, hash-chained (docs/audit.md). Its
// own stack: the functions reference it, it references nothing of theirs (no nested-stack cycle).
const auditStore = new AuditStore(backend.createStack('audit'), 'Audit', {
  removalPolicy: settings.removalPolicy,
  settings: auditSettingsFor(settings.name),
});
for (const fn of processorBackendFunctions) auditStore.connectWriter(fn);
auditStore.connectWriter(backend.usageApi);
auditStore.connectReader(backend.usageApi);
// Administrators' reason-recorded content reads: only the usage API may decrypt (docs/audit.md).
auditStore.connectContentReader(backend.usageApi);
// SCIM provisioning from Entra ID: the directory (table, token digests) in its own stack, the
// route on the REST API outside the users' token authorizer, behind the same web ACL.
const directory = new DirectoryResources(backend.createStack('directory'), 'Directory', {
  removalPolicy: settings.removalPolicy,
});
directory.connectScimApi(backend.scimApi, scimSettings);
// A deactivation or deletion over SCIM revokes the user's refresh tokens (AdminUserGlobalSignOut).
directory.connectSignOut(backend.scimApi, backend.auth.resources.userPool);
// Every SCIM change to Users or Groups writes a `scim-change` audit record (docs/audit.md).
auditStore.connectWriter(backend.scimApi);
// Access decisions on the directory (when `directoryAccess.decisions` is on) and on keys'
// current status: the authorizer, and every function behind the cached authorizer, read them
// (amplify/functions/shared/caller-recheck.ts).
for (const fn of [backend.apiAuthorizer, ...processorBackendFunctions, backend.usageApi])
  directory.connectAccessReader(fn, settings.directoryAccess);
for (const fn of processorBackendFunctions) apiKeys.connectStatusReader(fn);
new ScimRoute(apiStack, 'ScimRoute', {
  api: restApi.api,
  handler: backend.scimApi.resources.lambda,
  settings: scimSettings,
});
// The group mapping administrators edit: its own stack, read by the pre-token trigger (auth
// stack) and replaced by the usage API; it references neither (no nested-stack cycle).
const groupMappingStore = new GroupMappingResources(
  backend.createStack('groupMapping'),
  'GroupMapping',
  {
    removalPolicy: settings.removalPolicy,
    settings: groupMappingSettingsFor(settings.name),
  },
);
groupMappingStore.connectReader(backend.groupMapping);
groupMappingStore.connectEditor(backend.usageApi);
// Decisions on the directory map its groups through the same table (access-from-env.ts).
for (const fn of [backend.apiAuthorizer, ...processorBackendFunctions])
  groupMappingStore.connectReader(fn);
const webAcl = new ApiWebAcl(apiStack, 'ApiWebAcl', {
  settings,
  stage: restApi.api.deploymentStage,
});

// Alarms and the ops dashboard over the API, its functions, the models and the WAF.
const monitored = {
  api: restApi.api,
  accessLogs: restApi.accessLogs,
  authorizer: backend.apiAuthorizer.resources.lambda,
  processors: [
    monitoredFunction('ml-bedrock-processor', processorFunctions.bedrock.buffered),
    monitoredFunction('ml-bedrock-stream-processor', processorFunctions.bedrock.streaming),
    monitoredFunction('ml-sagemaker-processor', processorFunctions.sagemaker.buffered),
    monitoredFunction('ml-sagemaker-stream-processor', processorFunctions.sagemaker.streaming),
  ],
  webAclName: webAcl.webAclName,
  catalog: CATALOG,
  authorizerMetrics: addAuthorizerMetricFilters(apiStack, restApi.accessLogs, restApi.api),
};
new MlAlarms(apiStack, 'Alarms', {
  ...monitored,
  settings,
  routes: ROUTES,
  sweptHolds: usageSweep.metricSwept(),
  groupClaimsIncomplete: groupClaimsIncompleteMetric(settings.deploymentName),
});
new MlDashboard(apiStack, 'Dashboard', { ...monitored, environment: settings.name });

// Every function: active X-Ray tracing, and cdk-nag's one finding every Amplify function role
// brings (tests/infra/nag.test.ts). Log retention is set in each defineFunction (`logging`);
// the functions Amplify adds itself get a log group with the same retention here.
retainLogsOfEveryFunction(backend.stack, settings.logRetentionDays);
for (const fn of [
  backend.groupMapping,
  backend.apiAuthorizer,
  ...processorBackendFunctions,
  backend.usageApi,
  backend.usageSweeper,
]) {
  activateTracing(fn.resources.lambda);
  acknowledgeAmplifyFunctionRole(fn.resources.lambda);
}
activateTracing(backend.scimApi.resources.lambda);
acknowledgeAmplifyFunctionRole(backend.scimApi.resources.lambda);

backend.addOutput({
  custom: { mlGateway: { apiUrl: restApi.api.url, region: apiStack.region } },
});
