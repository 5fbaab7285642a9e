import { createServer } from 'node:net';

import { describe, expect, it } from 'vitest';

import { PortInUseError } from './listen.ts';
import { startLocalStack } from './stack.ts';

const freePorts = { app: 0, api: 0, hostedUi: 0, cognito: 0 };

describe('stage throttling', () => {
  it('answers 429 with Retry-After and CORS headers once the burst is spent, then recovers', async () => {
    const stack = await startLocalStack({
      ports: freePorts,
      app: 'none',
      realAws: false,
      settings: { api: { throttleRateLimit: 1, throttleBurstLimit: 3 } },
    });
    try {
      const token = await stack.signIn('mluser');
      const send = () =>
        fetch(`${stack.apiUrl}ml/models`, {
          headers: { authorization: `Bearer ${token}`, origin: stack.appUrl },
        });
      const statuses: number[] = [];
      let throttled: Response | undefined;
      for (let i = 0; i < 6; i++) {
        const response = await send();
        statuses.push(response.status);
        if (response.status === 429) throttled ??= response;
        else await response.arrayBuffer();
      }
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses).toContain(429);
      expect(throttled!.headers.get('retry-after')).toBe('1');
      expect(throttled!.headers.get('access-control-allow-origin')).toBe(stack.appUrl);
      expect(throttled!.headers.get('access-control-expose-headers')).toContain('Retry-After');
      expect(((await throttled!.json()) as { error: { code: string } }).error.code).toBe(
        'THROTTLED',
      );
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await send()).status).toBe(200);
    } finally {
      await stack.stop();
    }
    // stop() leaves nothing listening.
    for (const url of [stack.apiUrl, stack.appUrl, `${stack.cognitoEndpoint}/health`]) {
      await expect(fetch(url)).rejects.toThrow();
    }
  });
});

describe('ports', () => {
  it('names the setting when a port is taken, and stops what it had started', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const error = await startLocalStack({
        ports: { ...freePorts, api: port },
        app: 'none',
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PortInUseError);
      expect((error as Error).message).toContain(`Port ${port}`);
      expect((error as Error).message).toContain('LOCAL_API_PORT');
    } finally {
      blocker.close();
    }
  });
});
