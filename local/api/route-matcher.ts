import type { RouteDefinition } from '../../amplify/contract/routes.ts';

/** A request matched to a route of the route table. */
export interface RouteMatch {
  readonly route: RouteDefinition;
  readonly pathParameters: Readonly<Record<string, string>> | null;
}

interface CompiledRoute {
  readonly route: RouteDefinition;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

/** Matches request paths against the route table's API Gateway path templates. */
export class RouteMatcher {
  readonly #routes: readonly CompiledRoute[];
  /** Every resource path of the API (each prefix of each route), which answer CORS preflights. */
  readonly #resources: readonly RegExp[];

  constructor(routes: readonly RouteDefinition[]) {
    this.#routes = routes.map((route) => {
      const names: string[] = [];
      return { route, pattern: templatePattern(route.path, names), names };
    });
    const prefixes = new Set<string>();
    for (const route of routes) {
      const parts = route.path.split('/').filter(Boolean);
      for (let i = 0; i <= parts.length; i++) prefixes.add(`/${parts.slice(0, i).join('/')}`);
    }
    this.#resources = [...prefixes].map((prefix) => templatePattern(prefix, []));
  }

  /** The route serving `method path`, or undefined (API Gateway: missing authentication token). */
  match(method: string, path: string): RouteMatch | undefined {
    for (const { route, pattern, names } of this.#routes) {
      if (route.method !== method) continue;
      const found = pattern.exec(path);
      if (!found) continue;
      const values = found.slice(1).map((value) => decodeURIComponent(value));
      return {
        route,
        pathParameters:
          names.length === 0
            ? null
            : Object.fromEntries(names.map((name, i) => [name, values[i]!])),
      };
    }
    return undefined;
  }

  /** Whether `path` is a resource of the API (so OPTIONS answers a preflight there). */
  isResource(path: string): boolean {
    return this.#resources.some((pattern) => pattern.test(path));
  }
}

function templatePattern(template: string, names: string[]): RegExp {
  const source = template
    .split('/')
    .map((part) => {
      const parameter = /^\{(\w+)\}$/.exec(part);
      if (!parameter) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(parameter[1]!);
      return '([^/]+)';
    })
    .join('/');
  return new RegExp(`^${source === '' ? '/' : source}/?$`);
}
