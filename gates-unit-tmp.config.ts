import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { include: ['tests/infra/aws-api-models/**/*.test.ts', 'tests/infra/deploy-semantics/**/*.test.ts'], environment: 'node' } });
