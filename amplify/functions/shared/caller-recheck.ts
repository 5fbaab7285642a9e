/**
 * The functions' own check of the caller, after the authorizer's. API Gateway reuses a TOKEN
 * authorizer's answer for the cache TTL (300 s on the native routes), so the decision it let
 * through may be older than a deactivation, a removed group or a revoked key. Each function
 * therefore confirms the caller on every request against what it reads itself, each answer
 * reused for at most 60 s (`directoryAccess.cacheSeconds`, `apiKeys.statusCacheSeconds`):
 * together with the uncached REQUEST authorizer of the compatible routes, a change applies
 * within 60 s on every route, whatever the authorizer cache TTL (docs/entra-id.md).
 */
import { ROUTES } from '../../contract/routes.ts';
import { ApiError } from './api-error.ts';
import type { Caller } from './authorizer-context.ts';
import type { DirectoryAccessSource } from './cached-directory-access.ts';
import type { ApiKeyStatusSource } from './cached-key-status.ts';
import { withDirectoryAccess } from './directory-access.ts';
import type { RouteAddress } from './route-table.ts';

/** Confirms a caller the authorizer let through against their current access. */
export interface CallerRecheck {
  /**
   * The caller with their CURRENT groups (the directory's, when it decides for them).
   *
   * @throws ApiError 401 `UNAUTHORIZED` for a revoked key; 403 `FORBIDDEN` when the caller's
   * current groups may no longer call the route (a deactivated user has none); 500 when the
   * directory or the key table cannot be read (refused, never let through).
   */
  confirm(caller: Caller, route: RouteAddress): Promise<Caller>;
}

/** What a {@link CallerRecheck} reads; each part is optional (off: not re-checked). */
export interface CallerRecheckSources {
  /** The directory, when access decisions follow it (`directoryAccess.decisions` = on). */
  readonly directory?: DirectoryAccessSource;
  /** Keys' revocation status, where the function can read the key table. */
  readonly keyStatus?: ApiKeyStatusSource;
  /** @default the API's route table */
  readonly routes?: typeof ROUTES;
}

/** The re-check over its sources; with none it only checks the route's groups. */
export function createCallerRecheck({
  directory,
  keyStatus,
  routes = ROUTES,
}: CallerRecheckSources): CallerRecheck {
  return {
    async confirm(caller, routeKey) {
      if (caller.apiKey && keyStatus) {
        const live = await readOrRefuse(() => keyStatus.isLive(caller.apiKey!.keyId));
        if (!live) throw new ApiError(401, 'UNAUTHORIZED', 'This API key has been revoked');
      }
      let current = caller;
      if (directory?.decides(caller.username)) {
        const access = await readOrRefuse(() => directory.of(caller.username));
        current = withDirectoryAccess(caller, access);
      }
      const { groups } = current;
      const route = routes.find(
        (candidate) => candidate.method === routeKey.method && candidate.path === routeKey.path,
      );
      const allowed =
        route !== undefined &&
        !(route.signedInOnly && caller.apiKey) &&
        route.groups.some((group) => groups.includes(group));
      if (!allowed) throw new ApiError(403, 'FORBIDDEN', 'You may no longer call this route');
      return current;
    },
  };
}

/** A read of the directory or key table; a failure refuses the request (500), never allows it. */
async function readOrRefuse<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch {
    throw new ApiError(500, 'INTERNAL_ERROR', 'Your access could not be checked; try again');
  }
}
