import type { RouteDefinition } from '../../amplify/contract/routes.ts';
import type { BufferedHandler, StreamingHandler } from './lambda-invocation.ts';
import type { AuthorizerHandler, LocalRouteTarget } from './server.ts';

/**
 * The handler modules behind the REST API, as amplify/backend.ts wires them: the token
 * authorizer, and per route target its buffered and streaming functions (the ML processor's
 * split per provider, as deployed).
 */
const MODULES = {
  authorizer: '../../amplify/functions/api-authorizer/handler.ts',
  targets: {
    bedrock: {
      buffered: '../../amplify/functions/ml-processor/bedrock-handler.ts',
      streaming: '../../amplify/functions/ml-processor/bedrock-stream-handler.ts',
    },
    sagemaker: {
      buffered: '../../amplify/functions/ml-processor/sagemaker-handler.ts',
      streaming: '../../amplify/functions/ml-processor/sagemaker-stream-handler.ts',
    },
    usage: { buffered: '../../amplify/functions/usage-api/handler.ts' },
  },
  /** Served outside the authorizer (amplify/directory/scim-route.ts). */
  scim: '../../amplify/functions/scim-api/handler.ts',
} as const satisfies {
  authorizer: string;
  targets: Record<RouteDefinition['target'], { buffered: string; streaming?: string }>;
  scim: string;
};

async function handlerOf<T>(specifier: string): Promise<T> {
  const module = (await import(new URL(specifier, import.meta.url).href)) as { handler?: T };
  if (typeof module.handler !== 'function') {
    throw new Error(`${specifier} exports no \`handler\` function`);
  }
  return module.handler;
}

/**
 * Imports the real handlers. Their configuration is read from `process.env` when they load,
 * and the streaming ones need the `awslambda` global, so both must be in place first.
 */
export async function loadFunctions(): Promise<{
  authorizer: AuthorizerHandler;
  targets: Record<RouteDefinition['target'], LocalRouteTarget>;
  scim: BufferedHandler;
}> {
  const processor = async (modules: { buffered: string; streaming: string }) => ({
    buffered: await handlerOf<BufferedHandler>(modules.buffered),
    streaming: await handlerOf<StreamingHandler>(modules.streaming),
  });
  const targets = {
    bedrock: await processor(MODULES.targets.bedrock),
    sagemaker: await processor(MODULES.targets.sagemaker),
    usage: { buffered: await handlerOf<BufferedHandler>(MODULES.targets.usage.buffered) },
  };
  const scim = await handlerOf<BufferedHandler>(MODULES.scim);
  // Last: the authorizer starts its JWKS fetch at init, under a timeout; in Lambda nothing else
  // runs in its container, here the other handlers' imports would hold this thread meanwhile.
  const authorizer = await handlerOf<AuthorizerHandler>(MODULES.authorizer);
  return { authorizer, targets, scim };
}
