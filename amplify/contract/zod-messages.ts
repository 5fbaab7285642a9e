/**
 * The schema library of the functions is zod's tree-shakable `zod/mini` build (about 20 KiB
 * bundled, against about 440 KiB for `zod`, which every cold start pays for). `zod/mini` loads
 * no messages: importing this module gives the built-in checks zod's English ones, so a 400
 * says what is wrong instead of "Invalid input". Import `z` itself as `* as z from 'zod/mini'`
 * (a re-exported namespace would keep every locale in the bundle).
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());
