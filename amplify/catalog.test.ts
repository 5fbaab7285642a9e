import { describe, expect, it } from 'vitest';
import {
  CATALOG,
  entriesFor,
  findEntry,
  grantingGroup,
  InvalidCatalogError,
  isAllowed,
  modelsFor,
  validateCatalog,
  variantNameOf,
  type CatalogEntry,
} from './catalog.ts';

const echo = findEntry('local.echo', 'bedrock')!;
const bedrock = (overrides: Partial<CatalogEntry> = {}): CatalogEntry =>
  ({ ...echo, local: false, ...overrides }) as CatalogEntry;
const problemsOf = (catalog: readonly CatalogEntry[], options = {}) => {
  try {
    validateCatalog(catalog, options);
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidCatalogError);
    return (error as Error).message;
  }
};

describe('validateCatalog', () => {
  it('accepts the committed catalog', () => {
    expect(() => validateCatalog(CATALOG, { maxBodyBytes: 262_144 })).not.toThrow();
  });

  it('has Bedrock, a cross-region profile, and SageMaker sync JSON+CSV, streaming and async', () => {
    const aws = entriesFor(false);
    expect(aws.some((entry) => entry.provider === 'bedrock' && entry.profileRegions)).toBe(true);
    for (const [mode, contentType] of [
      ['sync', 'application/json'],
      ['sync', 'text/csv'],
      ['streaming', 'application/json'],
      ['async', 'application/json'],
    ])
      for (const local of [false, true])
        expect(
          entriesFor(local).some(
            (entry) =>
              entry.provider === 'sagemaker' &&
              entry.mode === mode &&
              entry.contentType === contentType,
          ),
          `${mode} ${contentType} local=${local}`,
        ).toBe(true);
  });

  it.each([
    ['no group', bedrock({ groups: [] }), 'no group may use it'],
    [
      'only groups that cannot call the invoking route',
      bedrock({ groups: ['ReadOnly'] }),
      'nobody may use it',
    ],
    ['a claim rule allowing no value', bedrock({ claims: { department: [] } }), 'allows no value'],
    [
      'a claim rule on a claim the authorizer never passes',
      bedrock({ claims: { costCenter: ['42'] } }),
      'claim "costCenter" never reaches the processor',
    ],
    [
      'an unknown group',
      bedrock({ groups: ['MLUsers', 'Interns' as never] }),
      'unknown group "Interns"',
    ],
    [
      'zero output tokens',
      bedrock({ limits: { maxInputChars: 10, maxOutputTokens: 0 } } as never),
      'limits.maxOutputTokens',
    ],
    [
      'a fractional input limit',
      bedrock({ limits: { maxInputChars: 10.5, maxOutputTokens: 10 } } as never),
      'limits.maxInputChars',
    ],
    [
      'a profile without regions',
      bedrock({ modelId: 'us.anthropic.claude-x' } as never),
      'needs profileRegions',
    ],
    [
      'regions on a plain model',
      bedrock({ profileRegions: ['us-east-1'] } as never),
      'is not a profile id',
    ],
    [
      'a bad region',
      bedrock({ modelId: 'eu.x', profileRegions: ['Frankfurt'] } as never),
      'not a region name',
    ],
  ])('rejects an entry with %s', (_name, entry, message) => {
    expect(problemsOf([entry])).toContain(message);
  });

  it('rejects duplicates of ids and upstream names', () => {
    const message = problemsOf([echo, { ...echo, id: 'other' }, { ...echo, modelId: 'x' }]);
    expect(message).toContain('duplicate id local.echo');
    expect(message).toContain('duplicate bedrock model local.echo-v1');
  });

  it('rejects limits above the API body limit', () => {
    expect(problemsOf([echo], { maxBodyBytes: 1024 })).toContain('from 1 to 1024');
  });

  it('rejects async endpoints without S3 locations and sync ones with them', () => {
    const async = findEntry('local-async-summarizer', 'sagemaker')!;
    const sync = findEntry('local-sentiment', 'sagemaker')!;
    expect(problemsOf([{ ...async, asyncIo: undefined }])).toContain('needs asyncIo');
    expect(problemsOf([{ ...sync, asyncIo: async.asyncIo }])).toContain('only for async');
    expect(
      problemsOf([{ ...async, asyncIo: { ...async.asyncIo!, outputPrefix: '/out/' } }]),
    ).toContain('bad S3 prefix');
  });

  it('accepts a SageMaker variant name and rejects one SageMaker would not', () => {
    const sync = findEntry('local-sentiment', 'sagemaker')!;
    expect(problemsOf([{ ...sync, variantName: 'blue-v2' }])).toBe('');
    for (const variantName of ['', 'blue_v2', '-blue', 'x'.repeat(64)])
      expect(problemsOf([{ ...sync, variantName }])).toContain('is not a SageMaker variant name');
  });

  it('monitors the AllTraffic variant unless an endpoint names its own', () => {
    const sync = findEntry('local-sentiment', 'sagemaker')!;
    expect(variantNameOf({ ...sync, variantName: undefined })).toBe('AllTraffic');
    expect(variantNameOf({ ...sync, variantName: 'blue' })).toBe('blue');
  });
});

describe('access helpers', () => {
  const mlUser = { groups: ['MLUsers'], claims: {} };
  const finance = { groups: ['MLUsers'], claims: { department: 'finance' } };
  const csv = findEntry('local-csv-scorer', 'sagemaker')!;

  it('allows by group (RBAC) and by every claim rule (ABAC)', () => {
    expect(isAllowed(echo, mlUser)).toBe(true);
    expect(isAllowed(echo, { groups: ['ReadOnly'], claims: {} })).toBe(false);
    expect(isAllowed(csv, mlUser)).toBe(false);
    expect(isAllowed(csv, finance)).toBe(true);
    expect(isAllowed(csv, { ...finance, claims: { department: 'sales' } })).toBe(false);
  });

  it('lists only the models the caller may use', () => {
    const ids = modelsFor(mlUser, entriesFor(true)).map((entry) => entry.id);
    expect(ids).toContain('local.echo');
    expect(ids).not.toContain('local.summarizer');
    expect(ids).not.toContain('local-csv-scorer');
    expect(modelsFor({ groups: [], claims: {} })).toEqual([]);
  });

  it('finds entries by id and provider, and names the granting group', () => {
    expect(findEntry('local.echo', 'sagemaker')).toBeUndefined();
    expect(findEntry('nope', 'bedrock')).toBeUndefined();
    expect(grantingGroup(echo, { groups: ['ReadOnly', 'MLUsers'], claims: {} })).toBe('MLUsers');
  });
});
