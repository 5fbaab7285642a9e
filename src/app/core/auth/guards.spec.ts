import { TestBed } from '@angular/core/testing';
import {
  type ActivatedRouteSnapshot,
  Router,
  type RouterStateSnapshot,
  UrlTree,
} from '@angular/router';

import { setUpTestApp } from '../../../testing/test-app';
import { capabilityGuard, signedInGuard } from './guards';
import { groupsWith, hasCapability } from './permissions';

const route = {} as ActivatedRouteSnapshot;
const state = (url: string) => ({ url }) as RouterStateSnapshot;

describe('signedInGuard', () => {
  it('lets a signed-in user through', async () => {
    await setUpTestApp({ groups: ['ReadOnly'] });
    expect(await TestBed.runInInjectionContext(() => signedInGuard(route, state('/chat')))).toBe(
      true,
    );
  });

  it('sends a signed-out user to sign-in with the return URL', async () => {
    await setUpTestApp();
    const result = await TestBed.runInInjectionContext(() => signedInGuard(route, state('/chat')));
    expect(result).toBeInstanceOf(UrlTree);
    expect(TestBed.inject(Router).serializeUrl(result as UrlTree)).toBe(
      '/sign-in?returnUrl=%2Fchat',
    );
  });
});

describe('capabilityGuard', () => {
  it('lets administrators open admin pages', async () => {
    await setUpTestApp({ groups: ['Administrators'] });
    expect(
      await TestBed.runInInjectionContext(() =>
        capabilityGuard('administer')(route, state('/admin/models')),
      ),
    ).toBe(true);
  });

  it('sends others home, saying what was refused', async () => {
    await setUpTestApp({ groups: ['MLUsers'] });
    const result = await TestBed.runInInjectionContext(() =>
      capabilityGuard('administer')(route, state('/admin/models')),
    );
    expect(TestBed.inject(Router).serializeUrl(result as UrlTree)).toBe('/?denied=administer');
  });
});

describe('permissions from the route table', () => {
  it('ReadOnly may list models but not chat or invoke endpoints', () => {
    expect(hasCapability(['ReadOnly'], 'listModels')).toBe(true);
    expect(hasCapability(['ReadOnly'], 'chat')).toBe(false);
    expect(hasCapability(['ReadOnly'], 'invokeSageMaker')).toBe(false);
    expect(hasCapability(['ReadOnly'], 'administer')).toBe(false);
  });

  it('MLUsers may chat and invoke; Administrators may also administer', () => {
    expect(hasCapability(['MLUsers'], 'chat')).toBe(true);
    expect(hasCapability(['MLUsers'], 'invokeSageMaker')).toBe(true);
    expect(hasCapability(['MLUsers'], 'administer')).toBe(false);
    expect(hasCapability(['Administrators'], 'administer')).toBe(true);
    expect(hasCapability([], 'listModels')).toBe(false);
  });

  it('names the groups that grant a capability', () => {
    expect(groupsWith('chat')).toEqual(['Administrators', 'MLUsers']);
  });
});
