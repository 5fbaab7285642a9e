/** Formatting shared by the usage pages, in the user's locale (core/i18n/locale-format.ts). */
import { USER_FORMAT_LOCALE } from '../../core/i18n/locale-format';

const integer = new Intl.NumberFormat(USER_FORMAT_LOCALE);
const usd = new Intl.NumberFormat(USER_FORMAT_LOCALE, {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});

/** `12,345` */
export const formatTokens = (value: number): string => integer.format(value);

/** `$0.0035`, or "no price" when the estimate is absent. */
export const formatCost = (value: number | undefined): string =>
  value === undefined
    ? $localize`:Cost column when the model has no price@@usage.noPrice:no price`
    : usd.format(value);

/** `1 request`, `12,345 requests`. */
export const formatRequests = (count: number): string => {
  const value = integer.format(count);
  return count === 1
    ? $localize`:One request@@usage.request.one:${value}:count: request`
    : $localize`:A number of requests other than one@@usage.request.other:${value}:count: requests`;
};
