import { bootstrapApplication } from '@angular/platform-browser';

import { App } from './app';
import { appConfig } from './app.config';

/** Starts the Angular app (the framework and the shell's code), loaded by src/main.ts. */
export function bootApp(): Promise<unknown> {
  return bootstrapApplication(App, appConfig);
}
