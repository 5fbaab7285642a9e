import { bootstrapApplication } from '@angular/platform-browser';

import { App } from './app/app';
import { appConfig } from './app/app.config';
import { applyTheme, savedTheme } from './app/core/ui/theme';

// Before the app renders, so a pinned theme shows from the first frame the app paints.
applyTheme(savedTheme());

bootstrapApplication(App, appConfig).catch((error: unknown) => console.error(error));
