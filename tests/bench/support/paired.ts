/** The timings of a paired run: the reference's and the project's, call by call. */
export interface PairedTimings {
  readonly reference: number[];
  readonly project: number[];
}

/**
 * Times the reference and the project alternately, `warmup` pairs unmeasured first, so drift
 * (GC, other load, JIT) hits both sides equally.
 */
export async function paired(
  iterations: number,
  warmup: number,
  reference: () => Promise<number>,
  project: () => Promise<number>,
): Promise<PairedTimings> {
  const timings: PairedTimings = { reference: [], project: [] };
  for (let i = 0; i < warmup; i++) {
    await reference();
    await project();
  }
  for (let i = 0; i < iterations; i++) {
    timings.reference.push(await reference());
    timings.project.push(await project());
  }
  return timings;
}
