import { usageLedgerFromEnv } from '../shared/usage-ledger.ts';
import { createClients } from './clients.ts';
import { loadConfig } from './config.ts';
import { createProcessorRouter, type Processor } from './router.ts';
import type { ProcessorRoute } from './routes/route.ts';

/**
 * The processor as a Lambda entry point runs it, serving the routes it names: configuration,
 * SDK clients and usage ledger from the environment (see `config.ts`).
 */
export function processorFromEnv(routes: readonly ProcessorRoute[]): Processor {
  const config = loadConfig();
  return createProcessorRouter(routes, {
    config,
    clients: createClients(config),
    ledger: usageLedgerFromEnv(),
  });
}
