/** What the local servers observed, for tests: requests per operation and how streams ended. */
export interface LocalModelStats {
  /** Requests by operation, e.g. `Converse`, `InvokeEndpointAsync`, `PutObject`. */
  readonly requests: Record<string, number>;
  /** Streams whose client stayed to the end. */
  streamsCompleted: number;
  /** Streams whose client went away before the end (the processor aborted upstream). */
  streamsAborted: number;
}

/** A fresh, empty record. */
export function emptyStats(): LocalModelStats {
  return { requests: {}, streamsCompleted: 0, streamsAborted: 0 };
}

/** Counts one request of that operation. */
export function countRequest(stats: LocalModelStats, operation: string): void {
  stats.requests[operation] = (stats.requests[operation] ?? 0) + 1;
}
