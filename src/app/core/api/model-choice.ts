import { computed, inject, type ResourceRef, type Signal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { map } from 'rxjs';

import type { ModelSummary } from './api-types';
import { MlApi } from './ml-api';

/** A picker's models of one provider and the one picked. */
export interface ModelChoice {
  /** The gateway's list, filtered to the provider (loading and error states included). */
  readonly resource: ResourceRef<readonly ModelSummary[] | undefined>;
  /** The provider's models the caller may use; empty while loading or after an error. */
  readonly list: Signal<readonly ModelSummary[]>;
  /** The picked model's id: the user's choice, else the first listed, else ''. */
  readonly id: Signal<string>;
  /** The picked model, once the list has it. */
  readonly selected: Signal<ModelSummary | undefined>;
  /** Records the user's pick. */
  choose(id: string): void;
}

/**
 * Loads the models of `provider` for a picker (chat: Bedrock, inference: SageMaker) and tracks
 * the pick. Embedding models are left out: they answer with vectors, through the OpenAI-
 * compatible API only. Call from an injection context, e.g. a component field initializer.
 */
export function modelChoice(provider: ModelSummary['provider']): ModelChoice {
  const api = inject(MlApi);
  const resource = rxResource({
    stream: () =>
      api
        .models()
        .pipe(map((all) => all.filter((model) => model.provider === provider && !model.embedding))),
  });
  const list = computed(() => (resource.hasValue() ? resource.value() : []));
  const chosenId = signal<string | undefined>(undefined);
  const id = computed(() => chosenId() ?? list()[0]?.id ?? '');
  const selected = computed(() => list().find((model) => model.id === id()));
  return { resource, list, id, selected, choose: (picked) => chosenId.set(picked) };
}
