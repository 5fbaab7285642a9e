import { describe, expect, it } from 'vitest';

import { LOCAL_CATALOG } from '../local/models/local-catalog.ts';
import {
  CATALOG,
  type CatalogEntry,
  findEntry,
  grantingGroup,
  InvalidCatalogError,
  isAllowed,
  isInferenceProfile,
  modelsFor,
  modelSummary,
  parseCatalog,
  profileFoundationModel,
  validateCatalog,
  variantNameOf,
} from './catalog.ts';
import { type RouteDefinition, ROUTES } from './contract/routes.ts';

const echo = findEntry('local.echo', 'bedrock', LOCAL_CATALOG)!;
const bedrock = (overrides: Partial<CatalogEntry> = {}): CatalogEntry =>
  ({ ...echo, ...overrides }) as CatalogEntry;
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
    expect(CATALOG.some((entry) => entry.provider === 'bedrock' && entry.profileRegions)).toBe(
      true,
    );
    for (const [mode, contentType] of [
      ['sync', 'application/json'],
      ['sync', 'text/csv'],
      ['streaming', 'application/json'],
      ['async', 'application/json'],
    ])
      for (const [where, catalog] of [
        ['AWS', CATALOG],
        ['local', LOCAL_CATALOG],
      ] as const)
        expect(
          catalog.some(
            (entry) =>
              entry.provider === 'sagemaker' &&
              entry.mode === mode &&
              entry.contentType === contentType,
          ),
          `${mode} ${contentType} ${where}`,
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
    const async = findEntry('local-async-summarizer', 'sagemaker', LOCAL_CATALOG)!;
    const sync = findEntry('local-sentiment', 'sagemaker', LOCAL_CATALOG)!;
    expect(problemsOf([{ ...async, asyncIo: undefined }])).toContain('needs asyncIo');
    expect(problemsOf([{ ...sync, asyncIo: async.asyncIo }])).toContain('only for async');
    expect(
      problemsOf([{ ...async, asyncIo: { ...async.asyncIo!, outputPrefix: '/out/' } }]),
    ).toContain('bad S3 prefix');
  });

  it('accepts a SageMaker variant name and rejects one SageMaker would not', () => {
    const sync = findEntry('local-sentiment', 'sagemaker', LOCAL_CATALOG)!;
    expect(problemsOf([{ ...sync, variantName: 'blue-v2' }])).toBe('');
    for (const variantName of ['', 'blue_v2', '-blue', 'x'.repeat(64)])
      expect(problemsOf([{ ...sync, variantName }])).toContain('is not a SageMaker variant name');
  });

  it('monitors the AllTraffic variant unless an endpoint names its own', () => {
    const sync = findEntry('local-sentiment', 'sagemaker', LOCAL_CATALOG)!;
    expect(variantNameOf({ ...sync, variantName: undefined })).toBe('AllTraffic');
    expect(variantNameOf({ ...sync, variantName: 'blue' })).toBe('blue');
  });
});

describe('access helpers', () => {
  const mlUser = { groups: ['MLUsers'], claims: {} };
  const finance = { groups: ['MLUsers'], claims: { department: 'finance' } };
  const csv = findEntry('local-csv-scorer', 'sagemaker', LOCAL_CATALOG)!;

  it('allows by group (RBAC) and by every claim rule (ABAC)', () => {
    expect(isAllowed(echo, mlUser)).toBe(true);
    expect(isAllowed(echo, { groups: ['ReadOnly'], claims: {} })).toBe(false);
    expect(isAllowed(csv, mlUser)).toBe(false);
    expect(isAllowed(csv, finance)).toBe(true);
    expect(isAllowed(csv, { ...finance, claims: { department: 'sales' } })).toBe(false);
  });

  it('lists only the models the caller may use', () => {
    const ids = modelsFor(mlUser, LOCAL_CATALOG).map((entry) => entry.id);
    expect(ids).toContain('local.echo');
    expect(ids).not.toContain('local.summarizer');
    expect(ids).not.toContain('local-csv-scorer');
    expect(modelsFor({ groups: [], claims: {} })).toEqual([]);
  });

  it('with an API key, allows only the key’s models, and only while the groups still allow them', () => {
    const keyed = { ...finance, apiKey: { models: ['local.echo', 'local.summarizer'] } };
    expect(isAllowed(echo, keyed)).toBe(true);
    expect(isAllowed(csv, keyed)).toBe(false);
    expect(modelsFor(keyed, LOCAL_CATALOG).map((entry) => entry.id)).toEqual(['local.echo']);
    expect(isAllowed(echo, { ...keyed, groups: [] })).toBe(false);
  });

  it('finds entries by id and provider, and names the granting group', () => {
    expect(findEntry('local.echo', 'sagemaker', LOCAL_CATALOG)).toBeUndefined();
    expect(findEntry('nope', 'bedrock')).toBeUndefined();
    expect(grantingGroup(echo, { groups: ['ReadOnly', 'MLUsers'], claims: {} })).toBe('MLUsers');
  });
});

describe('validateCatalog, problem by problem', () => {
  const sync = findEntry('local-sentiment', 'sagemaker', LOCAL_CATALOG)!;
  const streaming = findEntry('local-text-stream', 'sagemaker', LOCAL_CATALOG)!;
  const asyncEntry = findEntry('local-async-summarizer', 'sagemaker', LOCAL_CATALOG)!;
  const sagemaker = (overrides: Record<string, unknown>) =>
    ({ ...sync, ...overrides }) as CatalogEntry;
  const withIo = (io: Record<string, string>) =>
    ({ ...asyncEntry, asyncIo: { ...asyncEntry.asyncIo!, ...io } }) as CatalogEntry;

  it('lists every problem, one per line, in an InvalidCatalogError', () => {
    const error = (() => {
      try {
        validateCatalog([bedrock({ label: ' ', groups: [] })]);
      } catch (caught) {
        return caught as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidCatalogError);
    expect(error!.name).toBe('InvalidCatalogError');
    expect(error!.message).toBe(
      'Invalid model catalog:\n' +
        '  - bedrock "local.echo": label is empty\n' +
        '  - bedrock "local.echo": no group may use it',
    );
  });

  it('takes ids of 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit', () => {
    expect(problemsOf([bedrock({ id: 'a' })])).toBe('');
    expect(problemsOf([bedrock({ id: 'a'.repeat(64) })])).toBe('');
    for (const id of ['-echo', 'echo model', 'echo/1', 'a'.repeat(65), ''])
      expect(problemsOf([bedrock({ id })]), id).toContain(
        `"${id}": id must be 1-64 letters, digits, ".", "_" or "-"`,
      );
  });

  it('takes profile regions that are whole region names', () => {
    const profile = (region: string) =>
      bedrock({ modelId: 'eu.x', profileRegions: [region] } as never);
    expect(problemsOf([profile('eu-central-1')])).toBe('');
    expect(problemsOf([profile('us-gov-west-1')])).toBe('');
    for (const region of ['xeu-central-1', 'eu-central-1a', 'eu-central'])
      expect(problemsOf([profile(region)]), region).toContain(`"${region}" is not a region name`);
  });

  it('needs a Bedrock model id', () => {
    expect(problemsOf([bedrock({ modelId: ' ' } as never)])).toContain(
      'bedrock "local.echo": modelId is empty',
    );
  });

  it('accepts an entry any of whose groups can call its route, and names the route groups otherwise', () => {
    expect(problemsOf([bedrock({ groups: ['ReadOnly', 'MLUsers'] })])).toBe('');
    expect(problemsOf([bedrock({ groups: ['ReadOnly'] })])).toContain(
      'bedrock "local.echo": nobody may use it (its groups cannot call the route that invokes it: ' +
        'Administrators, MLUsers)',
    );
    // An entry without groups is reported once, as such.
    expect(problemsOf([bedrock({ groups: [] })])).not.toContain('nobody may use it');
  });

  it("checks each entry against the POST route that invokes it: Bedrock's, SageMaker's or SageMaker streaming's", () => {
    const only = (path: string): RouteDefinition[] =>
      ROUTES.map((route) =>
        route.method === 'POST' && route.path === path
          ? { ...route, groups: ['Administrators'] }
          : route,
      );
    const mlUsersOnly = { groups: ['MLUsers'] } as const;
    const cases: [string, CatalogEntry][] = [
      ['/ml/bedrock', bedrock(mlUsersOnly)],
      ['/ml/sagemaker', sagemaker(mlUsersOnly)],
      ['/ml/sagemaker/stream', { ...streaming, ...mlUsersOnly } as CatalogEntry],
    ];
    for (const [path, entry] of cases)
      for (const [otherPath] of cases) {
        const problems = problemsOf([entry], { routes: only(otherPath) });
        const label = `${entry.id} with ${otherPath} restricted`;
        if (otherPath === path) expect(problems, label).toContain('nobody may use it');
        else expect(problems, label).toBe('');
      }
    // A GET route on the same path never counts as the invoking route.
    const getOnly = ROUTES.map((route) =>
      route.path === '/ml/bedrock' ? { ...route, method: 'GET' as const } : route,
    );
    expect(problemsOf([bedrock()], { routes: getOnly })).toContain('nobody may use it');
  });

  it('names the claims the token carries when a rule reads another one', () => {
    expect(problemsOf([bedrock({ claims: { costCenter: ['42'] } })])).toContain(
      'claim "costCenter" never reaches the processor; the token carries: department',
    );
  });

  it('takes limits from 1 up to the API body limit (10 MiB by default)', () => {
    const limits = (maxInputChars: number) =>
      bedrock({ limits: { maxInputChars, maxOutputTokens: 1 } } as never);
    expect(problemsOf([limits(1)])).toBe('');
    expect(problemsOf([limits(10 * 1024 * 1024)])).toBe('');
    expect(problemsOf([limits(10 * 1024 * 1024 + 1)])).toContain(
      'bedrock "local.echo": limits.maxInputChars must be an integer from 1 to 10485760',
    );
    expect(problemsOf([sagemaker({ limits: { maxInputBytes: 0 } })])).toContain(
      'sagemaker "local-sentiment": limits.maxInputBytes must be an integer from 1 to',
    );
  });

  describe('attachments (image and document blocks a Bedrock model accepts)', () => {
    const rules = findEntry('local.attachments', 'bedrock', LOCAL_CATALOG)!.attachments!;
    const withAttachments = (attachments: unknown) => bedrock({ attachments } as never);

    it('has a local model that accepts images and documents, within the API body limit', () => {
      expect(rules.images?.formats.length).toBeGreaterThan(0);
      expect(rules.documents?.formats.length).toBeGreaterThan(0);
      expect(problemsOf([withAttachments(rules)], { maxBodyBytes: 262_144 })).toBe('');
    });

    it.each([
      ['neither kind', {}, 'attachments names neither images nor documents'],
      [
        'no format',
        { images: { ...rules.images, formats: [] } },
        'attachments.images allows no format',
      ],
      [
        'a format Bedrock does not know',
        { images: { ...rules.images, formats: ['png', 'bmp'] } },
        'attachments.images: "bmp" is not a Bedrock images format',
      ],
      [
        'a document format given as an image format',
        { images: { ...rules.images, formats: ['pdf'] } },
        'attachments.images: "pdf" is not a Bedrock images format',
      ],
      [
        'images over Bedrock’s 3.75 MB',
        { images: { ...rules.images, maxBytes: 3_750_001 } },
        'attachments.images.maxBytes must be an integer from 1 to 3750000',
      ],
      [
        'more than five documents',
        { documents: { ...rules.documents, maxCount: 6 } },
        'attachments.documents.maxCount must be an integer from 1 to 5',
      ],
      [
        'a zero count',
        { images: { ...rules.images, maxCount: 0 } },
        'attachments.images.maxCount must be an integer from 1 to 20',
      ],
    ])('rejects attachments with %s', (_name, attachments, message) => {
      expect(problemsOf([withAttachments(attachments)])).toContain(
        `bedrock "local.echo": ${message}`,
      );
    });

    it('rejects an attachment that, base64-encoded, no longer fits the API body', () => {
      const images = { ...rules.images, maxBytes: 196_608 };
      expect(problemsOf([withAttachments({ images })], { maxBodyBytes: 262_144 })).toBe('');
      expect(
        problemsOf([withAttachments({ images: { ...images, maxBytes: 196_609 } })], {
          maxBodyBytes: 262_144,
        }),
      ).toContain('attachments.images.maxBytes does not fit the API body limit (262144 bytes)');
    });
  });

  it('takes SageMaker endpoint names of letters, digits and inner hyphens only', () => {
    expect(problemsOf([sagemaker({ endpointName: 'a-b--c1' })])).toBe('');
    for (const endpointName of ['-endpoint', 'endpoint-', 'end_point', 'a'.repeat(64)])
      expect(problemsOf([sagemaker({ endpointName })]), endpointName).toContain(
        `sagemaker "local-sentiment": "${endpointName}" is not a SageMaker endpoint name`,
      );
  });

  it('checks the S3 bucket and prefixes of an async endpoint', () => {
    expect(
      problemsOf([
        withIo({ bucket: 'my.bucket-1', inputPrefix: 'in/2026/a', outputPrefix: 'out' }),
      ]),
    ).toBe('');
    for (const bucket of ['-bucket', 'bucket-', 'My_Bucket', 'ab'])
      expect(problemsOf([withIo({ bucket })]), bucket).toContain(`: bad bucket "${bucket}"`);
    for (const inputPrefix of ['/in', 'in/', 'in//x', 'in x', 'in/x y'])
      expect(problemsOf([withIo({ inputPrefix })]), inputPrefix).toContain(
        `: bad S3 prefix "${inputPrefix}" (no leading/trailing "/")`,
      );
    expect(problemsOf([withIo({ inputPrefix: 'same', outputPrefix: 'same' })])).toContain(
      ': inputPrefix and outputPrefix must differ',
    );
  });
});

describe('inference profiles', () => {
  it('recognizes geography-prefixed profile ids and names the foundation model behind them', () => {
    expect(isInferenceProfile('us.anthropic.claude-sonnet-4-20250514-v1:0')).toBe(true);
    expect(isInferenceProfile('amazon.nova-lite-v1:0')).toBe(false);
    // Only a leading geography counts, not one inside the id.
    expect(isInferenceProfile('amazon.focus.model-v1:0')).toBe(false);
    expect(profileFoundationModel('amazon.focus.model-v1:0')).toBe('amazon.focus.model-v1:0');
    expect(profileFoundationModel('eu.anthropic.claude-x-v1:0')).toBe('anthropic.claude-x-v1:0');
    expect(profileFoundationModel('amazon.nova-lite-v1:0')).toBe('amazon.nova-lite-v1:0');
  });
});

describe('who may use the committed models', () => {
  const member = (claims: Record<string, string> = {}) => ({ groups: ['MLUsers'], claims });

  it('keeps the credit risk scorer to the finance and risk departments', () => {
    const scorer = findEntry('credit-risk-scorer', 'sagemaker')!;
    expect(isAllowed(scorer, member({ department: 'finance' }))).toBe(true);
    expect(isAllowed(scorer, member({ department: 'risk' }))).toBe(true);
    expect(isAllowed(scorer, member({ department: 'sales' }))).toBe(false);
    expect(isAllowed(scorer, member())).toBe(false);
  });
});

describe('modelSummary (what GET /ml/models shows)', () => {
  const scorer = findEntry('credit-risk-scorer', 'sagemaker')!;
  const asyncEntry = findEntry('document-summarizer', 'sagemaker')!;

  it('shows no upstream name, bucket or rule to a member', () => {
    const member = { groups: ['MLUsers'], claims: { department: 'finance' } };
    const shown = JSON.stringify([modelSummary(scorer, member), modelSummary(asyncEntry, member)]);
    expect(shown).not.toContain(scorer.endpointName);
    expect(shown).not.toContain(asyncEntry.endpointName);
    expect(shown).not.toContain(asyncEntry.asyncIo!.bucket);
    expect(shown).not.toContain('department');
    expect(modelSummary(scorer, member)).toEqual({
      id: scorer.id,
      label: scorer.label,
      provider: 'sagemaker',
      mode: 'sync',
      contentType: 'text/csv',
      limits: scorer.limits,
    });
  });

  it('tells Administrators who may use the entry', () => {
    const admin = { groups: ['Administrators'], claims: {} };
    expect(modelSummary(scorer, admin).access).toEqual({
      groups: scorer.groups,
      claims: { department: ['finance', 'risk'] },
    });
    expect(modelSummary(echo, admin).access).toEqual({ groups: echo.groups, claims: {} });
  });
});

describe('parseCatalog (MODEL_CATALOG)', () => {
  it('reads the local catalog as local mode passes it', () => {
    expect(parseCatalog(JSON.stringify(LOCAL_CATALOG))).toEqual(LOCAL_CATALOG);
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['not an array', '{"id":"x"}', /not an array of catalog entries/],
    [
      'an entry without a provider',
      '[{"id":"x","label":"x","groups":[],"limits":{}}]',
      /not an array/,
    ],
    [
      'an entry the checks refuse',
      JSON.stringify([{ ...echo, groups: [] }]),
      /no group may use it/,
    ],
  ])('refuses %s', (_case, json, message) => {
    expect(() => parseCatalog(json)).toThrow(InvalidCatalogError);
    expect(() => parseCatalog(json)).toThrow(message);
  });
});

describe('validateCatalog, embedding models', () => {
  const embed = findEntry('local.embed', 'bedrock', LOCAL_CATALOG)!;
  const variant = (overrides: Record<string, unknown>) =>
    ({ ...embed, ...overrides }) as CatalogEntry;
  const spec = (overrides: Record<string, unknown>) =>
    variant({ embedding: { ...embed.embedding!, ...overrides } });

  it('accepts the local and the committed embedding models', () => {
    expect(problemsOf([embed])).toBe('');
    expect(findEntry('titan-embed-v2', 'bedrock')?.embedding?.dimensions).toEqual([1024, 512, 256]);
  });

  it.each([
    [
      'an output limit',
      variant({ limits: { maxInputChars: 100, maxOutputTokens: 10 } }),
      'limits.maxOutputTokens must be 0',
    ],
    [
      'attachments',
      variant({ attachments: { images: { formats: ['png'], maxBytes: 10, maxCount: 1 } } }),
      'takes no attachments',
    ],
    ['prompt caching', variant({ promptCaching: true }), 'no prompt caching'],
    ['no vector size', spec({ dimensions: [] }), 'names no vector size'],
    [
      'a size Titan V2 lacks',
      spec({ dimensions: [256, 300] }),
      'embedding.dimensions 300 is not one',
    ],
    ['no inputs', spec({ maxInputs: 0 }), 'embedding.maxInputs must be an integer from 1 to 256'],
  ])('refuses %s', (_case, entry, message) => {
    expect(problemsOf([entry])).toContain(message);
  });

  it('checks that its groups may call the embeddings route, not the chat route', () => {
    const routes = ROUTES.map((route) =>
      route.path === '/openai/v1/embeddings' ? { ...route, groups: ['ReadOnly' as const] } : route,
    );
    expect(problemsOf([embed], { routes })).toContain('nobody may use it');
    expect(problemsOf([findEntry('local.echo', 'bedrock', LOCAL_CATALOG)!], { routes })).toBe('');
  });
});
