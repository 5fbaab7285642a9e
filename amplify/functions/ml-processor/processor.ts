import { createProcessorRouter, type Processor, type ProcessorDependencies } from './router.ts';
import { BUFFERED_ROUTES, STREAMING_ROUTES } from './routes/index.ts';

export type { Processor, ProcessorDependencies };

/** The processor serving every route: what the tests, benchmarks and local mode run. */
export function createProcessor(dependencies: ProcessorDependencies): Processor {
  return createProcessorRouter([...BUFFERED_ROUTES, ...STREAMING_ROUTES], dependencies);
}
