/** Nano-dollars per US dollar (the ledger counts cost in nano-dollars, 1e-9 USD). */
const NANO_USD_PER_USD = 1_000_000_000;

/** Cents and above: two to four decimals, as the usage pages show costs. */
const dollars = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});
/** Below a cent (most single answers): two significant digits, so $0.000021 is not "$0.00". */
const fractions = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumSignificantDigits: 2,
});

/** What an answer or a conversation was charged, e.g. `$0.000021`, `$0.0125`. */
export function formatAnswerCost(nanoUsd: number): string {
  const usd = nanoUsd / NANO_USD_PER_USD;
  return usd > 0 && usd < 0.01 ? fractions.format(usd) : dollars.format(usd);
}
