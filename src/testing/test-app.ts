import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import type { Provider } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, type Routes, withComponentInputBinding } from '@angular/router';

import { AMPLIFY_AUTH_LOADER } from '../app/core/auth/amplify-auth-api';
import { AuthSession } from '../app/core/auth/auth-session';
import { AMPLIFY_OUTPUTS_PATH } from '../app/core/config/amplify-outputs';
import { AppConfig } from '../app/core/config/app-config';
import { FETCH } from '../app/core/config/fetch';
import { apiInterceptor } from '../app/core/http/api-interceptors';
import { FakeAmplifyAuth, sessionFor, validOutputs } from './fixtures';

/** The gateway URL of the test outputs. */
export const API_URL = 'http://127.0.0.1:3000';

export interface TestAppOptions {
  /** Groups of the signed-in user; undefined means signed out. */
  readonly groups?: readonly string[];
  /** Answers fetches other than the outputs file (the NDJSON streams). */
  readonly fetch?: (url: string, init?: RequestInit) => Promise<Response>;
  readonly outputs?: unknown;
  readonly routes?: Routes;
  /** Extra providers, e.g. the page-level services a component expects from its page. */
  readonly providers?: readonly Provider[];
}

/**
 * Configures TestBed like the app (router, HttpClient with the API interceptor and
 * HttpTestingController), loads real config from fixture outputs and restores a fake session.
 */
export async function setUpTestApp(options: TestAppOptions = {}): Promise<FakeAmplifyAuth> {
  const amplify = new FakeAmplifyAuth();
  if (options.groups) amplify.session = sessionFor(options.groups);
  const outputs = options.outputs ?? validOutputs();
  const fetchFn = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url === AMPLIFY_OUTPUTS_PATH) return Response.json(outputs);
    if (options.fetch) return options.fetch(url, init);
    throw new TypeError('fetch failed');
  };
  TestBed.configureTestingModule({
    providers: [
      provideRouter(options.routes ?? [], withComponentInputBinding()),
      provideHttpClient(withInterceptors([apiInterceptor])),
      provideHttpClientTesting(),
      { provide: AMPLIFY_AUTH_LOADER, useValue: async () => amplify.api },
      { provide: FETCH, useValue: fetchFn },
      ...(options.providers ?? []),
    ],
  });
  await TestBed.inject(AppConfig).load();
  await TestBed.inject(AuthSession).whenReady();
  return amplify;
}

/**
 * An NDJSON response whose lines are released one by one by `push`, closed by `end`, or broken
 * by `fail` (as fetch does to the body when its signal aborts).
 */
export function ndjsonResponse(status = 200): {
  response: Response;
  push: (value: unknown) => void;
  end: () => void;
  fail: (reason: unknown) => void;
} {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => (controller = c) });
  const encoder = new TextEncoder();
  return {
    response: new Response(body, {
      status,
      headers: { 'Content-Type': 'application/x-ndjson' },
    }),
    push: (value) => controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`)),
    end: () => controller.close(),
    fail: (reason) => controller.error(reason),
  };
}
