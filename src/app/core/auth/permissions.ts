import { ADMIN_GROUP, type Group } from '../../../../amplify/contract/groups';
import { type RouteDefinition, ROUTES } from '../../../../amplify/contract/routes';

/** What a group's members may do in the app, derived from the API's route table. */
export type Capability = 'listModels' | 'chat' | 'invokeSageMaker' | 'manageKeys' | 'administer';

const CAPABILITY_ROUTES: Readonly<Record<Exclude<Capability, 'administer'>, RouteSelector>> = {
  listModels: { method: 'GET', path: '/ml/models' },
  chat: { method: 'POST', path: '/ml/bedrock/stream' },
  invokeSageMaker: { method: 'POST', path: '/ml/sagemaker' },
  manageKeys: { method: 'POST', path: '/keys' },
};

type RouteSelector = Pick<RouteDefinition, 'method' | 'path'>;

/** Whether any of `groups` may call the route (the same table the token authorizer enforces). */
function mayCallRoute(groups: readonly Group[], selector: RouteSelector): boolean {
  const route = ROUTES.find(
    (candidate) => candidate.method === selector.method && candidate.path === selector.path,
  );
  return route !== undefined && route.groups.some((group) => groups.includes(group));
}

/** Whether any of `groups` grants the capability. */
export function hasCapability(groups: readonly Group[], capability: Capability): boolean {
  if (capability === 'administer') return groups.includes(ADMIN_GROUP);
  return mayCallRoute(groups, CAPABILITY_ROUTES[capability]);
}

/** The groups that grant a capability, for "ask to be added to ..." messages. */
export function groupsWith(capability: Capability): readonly Group[] {
  if (capability === 'administer') return [ADMIN_GROUP];
  const { method, path } = CAPABILITY_ROUTES[capability];
  return ROUTES.find((route) => route.method === method && route.path === path)?.groups ?? [];
}
