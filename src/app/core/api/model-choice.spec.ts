import { TestBed } from '@angular/core/testing';
import { of } from 'rxjs';

import type { ModelSummary } from './api-types';
import { MlApi } from './ml-api';
import { modelChoice } from './model-choice';

const chat: ModelSummary = {
  id: 'local.echo',
  label: 'Echo',
  provider: 'bedrock',
  limits: { maxInputChars: 100, maxOutputTokens: 10 },
};
const embedding: ModelSummary = {
  id: 'local.embed',
  label: 'Embeddings',
  provider: 'bedrock',
  limits: { maxInputChars: 100, maxOutputTokens: 0 },
  embedding: { format: 'titan-text-v2', dimensions: [256], maxInputs: 4 },
};
const endpoint: ModelSummary = {
  id: 'local-sentiment',
  label: 'Sentiment',
  provider: 'sagemaker',
  mode: 'sync',
  contentType: 'application/json',
  limits: { maxInputBytes: 100 },
};

describe('modelChoice', () => {
  it('offers the provider’s models without the embedding models, the first one picked', async () => {
    TestBed.configureTestingModule({
      providers: [{ provide: MlApi, useValue: { models: () => of([embedding, chat, endpoint]) } }],
    });
    const choice = TestBed.runInInjectionContext(() => modelChoice('bedrock'));
    await vi.waitFor(() => expect(choice.list().length).toBeGreaterThan(0));
    expect(choice.list().map((model) => model.id)).toEqual(['local.echo']);
    expect(choice.id()).toBe('local.echo');
  });
});
