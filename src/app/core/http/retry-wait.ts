const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A `Retry-After` wait in words a person reads at a glance: "45 s", "2 min 5 s", "3 h 4 min",
 * "2 d 5 h". Above a minute only the two largest units are shown, rounded up so the user never
 * retries too early.
 */
export function formatWait(seconds: number): string {
  const total = Number.isFinite(seconds) ? Math.max(0, Math.ceil(seconds)) : 0;
  if (total < MINUTE) return `${total} s`;
  if (total < HOUR) return twoUnits(Math.floor(total / MINUTE), 'min', total % MINUTE, 's');
  const minutes = Math.ceil(total / MINUTE);
  if (minutes < DAY / MINUTE) return twoUnits(Math.floor(minutes / 60), 'h', minutes % 60, 'min');
  const hours = Math.ceil(total / HOUR);
  return twoUnits(Math.floor(hours / 24), 'd', hours % 24, 'h');
}

function twoUnits(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major} ${majorUnit}` : `${major} ${majorUnit} ${minor} ${minorUnit}`;
}

/** The text as a sentence: trimmed, ending with a full stop unless it already ends a sentence. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) || trimmed === '' ? trimmed : `${trimmed}.`;
}
