import type { Routes } from '@angular/router';

import { capabilityGuard, signedInGuard } from './core/auth/guards';
import { chatUrlMatcher } from './features/chat/chat-url';

export const routes: Routes = [
  {
    path: 'sign-in',
    title: $localize`:Browser tab title@@title.signIn:Sign in · ML Gateway`,
    loadComponent: () => import('./features/sign-in/sign-in').then((m) => m.SignIn),
  },
  {
    path: '',
    pathMatch: 'full',
    title: $localize`:Browser tab title of the home page@@title.home:ML Gateway`,
    canActivate: [signedInGuard],
    loadComponent: () => import('./features/home/home').then((m) => m.Home),
  },
  {
    // `/chat` and `/chat/:conversation` (a saved conversation's URL).
    matcher: chatUrlMatcher,
    title: $localize`:Browser tab title@@title.chat:Chat · ML Gateway`,
    canActivate: [signedInGuard],
    loadComponent: () => import('./features/chat/chat').then((m) => m.Chat),
  },
  {
    path: 'inference',
    title: $localize`:Browser tab title@@title.inference:SageMaker inference · ML Gateway`,
    canActivate: [signedInGuard],
    loadComponent: () => import('./features/inference/inference').then((m) => m.Inference),
  },
  {
    path: 'usage',
    title: $localize`:Browser tab title@@title.usage:My usage · ML Gateway`,
    canActivate: [signedInGuard],
    loadComponent: () => import('./features/usage/my-usage').then((m) => m.MyUsage),
  },
  {
    path: 'keys',
    title: $localize`:Browser tab title@@title.keys:API keys · ML Gateway`,
    canActivate: [signedInGuard, capabilityGuard('manageKeys')],
    loadComponent: () => import('./features/keys/api-keys').then((m) => m.ApiKeys),
  },
  {
    path: 'admin/usage',
    title: $localize`:Browser tab title@@title.usageReport:Usage report · ML Gateway`,
    canActivate: [signedInGuard, capabilityGuard('administer')],
    loadComponent: () => import('./features/usage/admin-usage').then((m) => m.AdminUsage),
  },
  {
    path: 'admin/models',
    title: $localize`:Browser tab title@@title.catalog:Model catalog · ML Gateway`,
    canActivate: [signedInGuard, capabilityGuard('administer')],
    loadComponent: () => import('./features/admin/model-catalog').then((m) => m.ModelCatalog),
  },
  {
    path: 'admin/audit',
    title: $localize`:Browser tab title@@title.audit:Audit log · ML Gateway`,
    canActivate: [signedInGuard, capabilityGuard('administer')],
    loadComponent: () => import('./features/audit/audit-log').then((m) => m.AuditLog),
  },
  {
    path: 'admin/group-mapping',
    title: $localize`:Browser tab title@@title.groupMapping:Group mapping · ML Gateway`,
    canActivate: [signedInGuard, capabilityGuard('administer')],
    loadComponent: () =>
      import('./features/group-mapping/group-mapping').then((m) => m.GroupMapping),
  },
  { path: '**', redirectTo: '' },
];
