/** Formatting shared by the usage pages. */

const integer = new Intl.NumberFormat('en-US');
const usd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});

/** `12,345` */
export const formatTokens = (value: number): string => integer.format(value);

/** `$0.0035`, or "no price" when the estimate is absent. */
export const formatCost = (value: number | undefined): string =>
  value === undefined ? 'no price' : usd.format(value);

/** `1 request`, `12,345 requests`. */
export const formatCount = (count: number, noun: string): string =>
  `${integer.format(count)} ${noun}${count === 1 ? '' : 's'}`;
