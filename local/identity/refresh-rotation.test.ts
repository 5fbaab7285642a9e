import { createPrivateKey, sign } from 'node:crypto';
import { createRequire } from 'node:module';

import { describe, expect, it } from 'vitest';

import { REFRESH_ROTATION_GRACE_SECONDS } from '../../amplify/auth/user-pool-overrides.ts';
import {
  REFRESH_TOKEN_REUSE,
  RefreshTokenReusedError,
  RefreshTokenRotation,
  ROTATION_GRACE_SECONDS,
} from './refresh-rotation.ts';
import { originOf } from './token-revocation.ts';

/** A refresh token as cognito-local issues it (RS256 with its development key). */
function emulatorRefreshToken(jti: string): string {
  const { pem } = createRequire(import.meta.url)(
    'cognito-local/lib/keys/cognitoLocal.private.json',
  ) as { pem: string };
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'RS256', kid: 'CognitoLocal' })}.${part({ jti, username: 'u' })}`;
  const signature = sign('sha256', Buffer.from(unsigned), createPrivateKey(pem));
  return `${unsigned}.${signature.toString('base64url')}`;
}

describe('RefreshTokenRotation', () => {
  it('uses the grace period the app client is deployed with', () => {
    expect(ROTATION_GRACE_SECONDS).toBe(REFRESH_ROTATION_GRACE_SECONDS);
  });

  it('retires a rotated token after the grace period; successors refresh as the sign-in token', () => {
    let now = 1_000;
    const rotation = new RefreshTokenRotation(10_000, () => now);
    const signIn = emulatorRefreshToken('session-1');
    expect(rotation.upstreamOf(signIn)).toBe(signIn);
    const second = rotation.rotate(signIn);
    expect(second).not.toBe(signIn);
    expect(originOf(second)).toBe('session-1');
    expect(rotation.upstreamOf(second)).toBe(signIn);
    now += 10_000;
    expect(rotation.upstreamOf(signIn)).toBe(signIn);
    now += 1;
    expect(() => rotation.upstreamOf(signIn)).toThrow(RefreshTokenReusedError);
    expect(() => rotation.upstreamOf(signIn)).toThrow(REFRESH_TOKEN_REUSE.message);
    const third = rotation.rotate(second);
    expect(rotation.upstreamOf(third)).toBe(signIn);
  });

  it('a retry inside the grace period does not restart it', () => {
    let now = 0;
    const rotation = new RefreshTokenRotation(10_000, () => now);
    const signIn = emulatorRefreshToken('session-2');
    rotation.rotate(signIn);
    now = 9_000;
    rotation.rotate(signIn);
    now = 10_001;
    expect(() => rotation.upstreamOf(signIn)).toThrow(RefreshTokenReusedError);
  });

  it('rotates only tokens the emulator signed', () => {
    const [header, payload] = emulatorRefreshToken('session-3').split('.');
    expect(() => new RefreshTokenRotation().rotate(`${header}.${payload}.AAAA`)).toThrow();
  });
});
