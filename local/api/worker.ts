/**
 * The API emulator's worker thread. A worker has its own `process.env` and module graph, so
 * the handlers load with this stack's configuration (pool id, issuer, model endpoints) and two
 * stacks in one process (tests) never share a handler's init-time state.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { ROUTES } from '../../amplify/contract/routes.ts';
import { installAwsLambdaGlobal } from '../lambda/runtime.ts';
import { scimOpenRoute } from '../scim/scim-open-route.ts';
import { loadFunctions } from './functions.ts';
import { type ApiEmulator, startApiEmulator } from './server.ts';
import type { ApiWorkerData, ApiWorkerMessage, ApiWorkerRequest } from './worker-protocol.ts';

const data = workerData as ApiWorkerData;
const post = (message: ApiWorkerMessage) => parentPort!.postMessage(message);

let emulator: ApiEmulator | undefined;
try {
  installAwsLambdaGlobal();
  const { scim, ...functions } = await loadFunctions();
  emulator = await startApiEmulator({
    ...data,
    routes: ROUTES,
    ...functions,
    openRoutes: [scimOpenRoute(scim)],
  });
  post({ type: 'ready', url: emulator.url });
} catch (error) {
  post({
    type: 'failed',
    name: error instanceof Error ? error.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
  });
}

parentPort!.on('message', (request: ApiWorkerRequest) => {
  if (request.type === 'stats') {
    post({ type: 'stats', stats: { ...emulator!.stats } });
  } else {
    void (emulator?.stop() ?? Promise.resolve()).then(() => post({ type: 'stopped' }));
  }
});
