/**
 * The reference of local-api.bench.ts: the ML processor's Bedrock buffered handler behind a bare HTTP
 * server (same proxy event, a fixed caller as authorizer context), without the gateway's
 * throttling, authorizer, cache, policy or CORS. Runs in a worker, like the API emulator.
 */
import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

import { ROUTES } from '../../amplify/contract/routes.ts';
import type { AuthorizerContext } from '../../amplify/functions/shared/authorizer-context.ts';
import { type BufferedHandler, lambdaContext } from '../../local/api/lambda-invocation.ts';
import { buildProxyEvent } from '../../local/api/proxy-event.ts';
import { installAwsLambdaGlobal } from '../../local/lambda/runtime.ts';

const { authorizer, stage } = workerData as { authorizer: AuthorizerContext; stage: string };
installAwsLambdaGlobal();
const { handler } = (await import('../../amplify/functions/ml-processor/bedrock-handler.ts')) as {
  handler: BufferedHandler;
};

const server = createServer(async (request, response) => {
  const url = new URL(request.url ?? '/', 'http://processor.invalid');
  const path = url.pathname.slice(stage.length + 1);
  const route = ROUTES.find(
    (candidate) => candidate.path === path && candidate.method === request.method,
  );
  if (!route) return void response.writeHead(404).end();
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const requestId = crypto.randomUUID();
  const event = buildProxyEvent({
    request,
    match: { route, pathParameters: null },
    path,
    query: url.searchParams,
    body: Buffer.concat(chunks),
    requestId,
    authorizer: { ...authorizer, principalId: authorizer.sub, integrationLatency: 0 },
    api: { region: 'us-east-1', accountId: '000000000000', apiId: 'local', stage },
  });
  const result = await handler(event, lambdaContext('ml-bedrock-processor', requestId, 29_000));
  response.writeHead(result.statusCode, result.headers as Record<string, string>).end(result.body);
});
server.listen(0, '127.0.0.1', () => {
  parentPort!.postMessage((server.address() as { port: number }).port);
});
parentPort!.on('message', () => server.close(() => parentPort!.close()));
