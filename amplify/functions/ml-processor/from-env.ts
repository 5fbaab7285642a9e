import { auditTrailFromEnv } from '../../audit/from-env.ts';
import { usageLedgerFromEnv } from '../shared/usage-ledger.ts';
import { createClients } from './clients.ts';
import { loadConfig } from './config.ts';
import { createProcessor, type Processor } from './processor.ts';
import { logger } from './telemetry.ts';

/**
 * The processor as both Lambda entry points run it: configuration, SDK clients and usage ledger
 * from the environment (see `config.ts`).
 */
export function processorFromEnv(): Processor {
  const config = loadConfig();
  return createProcessor({
    config,
    clients: createClients(config),
    ledger: usageLedgerFromEnv(),
    audit: auditTrailFromEnv(logger),
  });
}
