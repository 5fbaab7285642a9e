import {
  createEnvironmentInjector,
  type EnvironmentInjector,
  Injector,
  type Provider,
} from '@angular/core';
import { TestBed } from '@angular/core/testing';

/** An injector like a page's: `providers` live until `destroy()`, as when the page goes. */
export function pageInjector(providers: Provider[]): EnvironmentInjector {
  return createEnvironmentInjector(providers, TestBed.inject(Injector) as EnvironmentInjector);
}
