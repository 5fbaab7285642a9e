import path from 'node:path';

/** The fields of a Stryker mutant result the scores need. */
export interface MutantOutcome {
  readonly fileName: string;
  readonly status: string;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly location: { readonly start: { readonly line: number; readonly column: number } };
}

/** One module's mutation score. */
export interface ModuleScore {
  readonly module: string;
  readonly killed: number;
  readonly survived: number;
  readonly noCoverage: number;
  /** Mutants disabled in place by a `// Stryker disable` comment (equivalent mutants). */
  readonly disabled: number;
  /** Mutants that count: killed, timed out, survived or not covered. */
  readonly valid: number;
  /** Killed (timeouts included) ÷ valid, in %; 100 when no mutant counts. */
  readonly score: number;
  /** `line:column mutator → replacement` of each survivor and uncovered mutant. */
  readonly survivors: readonly string[];
}

/**
 * Stryker's mutation score per module: a mutant that times out counts as killed (the mutant
 * hung the tests), compile and runtime errors do not count, and an uncovered mutant counts as
 * a survivor (no test reaches it).
 */
export function moduleScores(results: readonly MutantOutcome[], root: string): ModuleScore[] {
  const byModule = new Map<string, MutantOutcome[]>();
  for (const result of results) {
    const module = path.relative(root, result.fileName);
    byModule.set(module, [...(byModule.get(module) ?? []), result]);
  }
  return [...byModule]
    .map(([module, mutants]) => {
      const count = (...statuses: string[]) =>
        mutants.filter((mutant) => statuses.includes(mutant.status)).length;
      const killed = count('Killed', 'Timeout');
      const survived = count('Survived');
      const noCoverage = count('NoCoverage');
      const valid = killed + survived + noCoverage;
      return {
        module,
        killed,
        survived,
        noCoverage,
        disabled: count('Ignored'),
        valid,
        score: valid === 0 ? 100 : (100 * killed) / valid,
        survivors: mutants
          .filter((mutant) => mutant.status === 'Survived' || mutant.status === 'NoCoverage')
          .sort((a, b) => a.location.start.line - b.location.start.line)
          .map(
            (mutant) =>
              `${mutant.location.start.line}:${mutant.location.start.column} ` +
              `${mutant.mutatorName} → ${oneLine(mutant.replacement ?? '')}` +
              (mutant.status === 'NoCoverage' ? ' (no test reaches it)' : ''),
          ),
      };
    })
    .sort((a, b) => a.module.localeCompare(b.module));
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
