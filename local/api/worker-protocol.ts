import type { EnvironmentSettings } from '../../amplify/settings/index.ts';
import type { ApiIdentity } from './proxy-event.ts';
import type { ApiEmulatorStats } from './server.ts';

/** What the API worker starts with. */
export interface ApiWorkerData {
  readonly port: number;
  readonly settings: EnvironmentSettings;
  readonly api: ApiIdentity;
}

/** Requests from the main thread. */
export type ApiWorkerRequest = { readonly type: 'stats' } | { readonly type: 'stop' };

/** Messages from the worker. */
export type ApiWorkerMessage =
  | { readonly type: 'ready'; readonly url: string }
  | { readonly type: 'failed'; readonly name: string; readonly message: string }
  | { readonly type: 'stats'; readonly stats: ApiEmulatorStats }
  | { readonly type: 'stopped' };
