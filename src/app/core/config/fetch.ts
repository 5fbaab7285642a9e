import { InjectionToken } from '@angular/core';

/** The `fetch` the app uses outside HttpClient (config load, NDJSON streams); replaceable in tests. */
export const FETCH = new InjectionToken<typeof fetch>('FETCH', {
  providedIn: 'root',
  factory: () => globalThis.fetch.bind(globalThis),
});
