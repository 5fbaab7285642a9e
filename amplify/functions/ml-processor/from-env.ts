import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { auditTrailFromEnv } from '../../audit/from-env.ts';
import { callerRecheckFromEnv } from '../shared/access-from-env.ts';
import { usageLedgerFromEnv } from '../shared/usage-ledger.ts';
import type { BedrockClients } from './bedrock-clients.ts';
import { loadConfig, type ProcessorConfig } from './config.ts';
import { createProcessor, type Processor } from './processor.ts';
import type { ProcessorRoute } from './routes/route.ts';
import { createProcessorLogger } from './telemetry.ts';

/** What one processor function serves and the SDK clients those routes call. */
export interface ProcessorFunction<Clients extends BedrockClients> {
  readonly routes: readonly ProcessorRoute<Clients>[];
  readonly createClients: (config: ProcessorConfig) => Clients;
}

/**
 * The processor as a Lambda entry point runs it: configuration, SDK clients and usage ledger
 * from the environment (see `config.ts`), serving its provider's routes.
 */
export function processorFromEnv<Clients extends BedrockClients>({
  routes,
  createClients,
}: ProcessorFunction<Clients>): Processor {
  const config = loadConfig();
  // One logger: the processor's log lines and the audit trail's failures share the Lambda context.
  const logger = createProcessorLogger();
  // One DynamoDB client (one connection pool) for the ledger, the audit trail and the caller
  // re-check, so a cold request opens one connection to DynamoDB, not one per reader.
  const dynamo = new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return createProcessor({
    config,
    clients: createClients(config),
    routes,
    ledger: usageLedgerFromEnv(process.env, DynamoDBDocumentClient.from(dynamo)),
    logger,
    audit: auditTrailFromEnv(logger, process.env, documents),
    recheck: callerRecheckFromEnv(process.env, documents),
  });
}
