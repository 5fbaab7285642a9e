/**
 * The loader: a few hundred bytes that run before the framework. It sends a visitor whose
 * language is another build's there at once, applies the saved theme, and imports the app only
 * after the browser has painted index.html's static shell. The first paint then never waits
 * for the framework's download and evaluation, on a fast machine or a slow phone alike (the
 * first-paint race of issue 15: whether the shell or main.js won decided Lighthouse's score).
 */
import { afterFirstPaint } from './app/core/first-paint';
import {
  localeRedirect,
  localeToShow,
  runningLocale,
  savedLocale,
} from './app/core/i18n/locale-choice';
import { applyTheme, savedTheme } from './app/core/ui/theme-storage';

const running = runningLocale();
const elsewhere = localeRedirect(
  location,
  running,
  localeToShow(savedLocale(), navigator.languages, running),
);
if (elsewhere) {
  location.replace(elsewhere);
} else {
  // Before the app renders, so a pinned theme shows from the first frame the app paints.
  applyTheme(savedTheme());
  afterFirstPaint()
    .then(() => import('./app/boot'))
    .then(({ bootApp }) => bootApp())
    .catch((error: unknown) => console.error(error));
}
