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
  const units = waitUnits();
  if (total < MINUTE) return `${total} ${units.second}`;
  if (total < HOUR)
    return twoUnits(Math.floor(total / MINUTE), units.minute, total % MINUTE, units.second);
  const minutes = Math.ceil(total / MINUTE);
  if (minutes < DAY / MINUTE)
    return twoUnits(Math.floor(minutes / 60), units.hour, minutes % 60, units.minute);
  const hours = Math.ceil(total / HOUR);
  return twoUnits(Math.floor(hours / 24), units.day, hours % 24, units.hour);
}

/** The unit symbols, in the build's language (read at call time: `$localize` is set by then). */
const waitUnits = () => ({
  second: $localize`:Symbol for seconds in a wait, e.g. 45 s@@wait.second:s`,
  minute: $localize`:Symbol for minutes in a wait, e.g. 2 min@@wait.minute:min`,
  hour: $localize`:Symbol for hours in a wait, e.g. 3 h@@wait.hour:h`,
  day: $localize`:Symbol for days in a wait, e.g. 2 d@@wait.day:d`,
});

function twoUnits(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major} ${majorUnit}` : `${major} ${majorUnit} ${minor} ${minorUnit}`;
}

/** The text as a sentence: trimmed, ending with a full stop unless it already ends a sentence. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) || trimmed === '' ? trimmed : `${trimmed}.`;
}
