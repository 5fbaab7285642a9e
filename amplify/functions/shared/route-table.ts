/**
 * The router of the REST API's functions (the ML processor and the usage API): their routes
 * keyed by method and resource template.
 *
 * API Gateway has already matched each request to a resource of the route table
 * (amplify/contract/routes.ts) and passes its template as `event.resource` (e.g.
 * `/history/conversations/{conversationId}`), with the values in `pathParameters`. A function
 * therefore finds its route by lookup: no path parsing, and base-path mappings or `..` segments
 * in `event.path` cannot move a request to another route.
 *
 * Not Powertools' event-handler `Router`: it turns each event into a web `Request` and each
 * answer into a `Response`, which loads Node's fetch implementation (undici) on a cold start's
 * first request (docs/architecture.md, "Cold start").
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';

/** Where a route is served, in the route table's spelling. */
export interface RouteAddress {
  readonly method: string;
  /** The resource template, e.g. `/ml/sagemaker/jobs/{jobId}`. */
  readonly path: string;
}

/** A function's routes by method and resource template. */
export class RouteTable<Route extends RouteAddress> {
  readonly #routes = new Map<string, Route>();

  /** @throws Error when two routes share a method and resource. */
  constructor(routes: readonly Route[]) {
    for (const route of routes) {
      const key = routeKey(route.method, route.path);
      if (this.#routes.has(key)) throw new Error(`Two routes serve ${key}`);
      this.#routes.set(key, route);
    }
  }

  /** The route of the resource API Gateway matched; undefined when this function serves none. */
  find(event: Pick<APIGatewayProxyEvent, 'httpMethod' | 'resource'>): Route | undefined {
    return this.#routes.get(routeKey(event.httpMethod ?? '', event.resource ?? ''));
  }
}

/** A request's route as logs and `ROUTE_NOT_FOUND` name it, e.g. `GET /ml/models`. */
export function routeKey(method: string, path: string): string {
  return `${method} ${path}`;
}
