import { computed, inject, Injectable, signal } from '@angular/core';

import {
  AMPLIFY_OUTPUTS_PATH,
  type AmplifyOutputs,
  type GatewaySettings,
  gatewaySettings,
  InvalidOutputsError,
  parseAmplifyOutputs,
} from './amplify-outputs';
import { FETCH } from './fetch';

/** The outcome of loading the configuration: ready, or a problem the setup page explains. */
export type ConfigState =
  | { readonly status: 'loading' }
  | {
      readonly status: 'ready';
      readonly outputs: AmplifyOutputs;
      readonly gateway: GatewaySettings;
    }
  | { readonly status: 'invalid'; readonly problem: string };

/**
 * Loads and validates `/amplify_outputs.json` once at start. Never throws: a missing or
 * invalid file becomes the `invalid` state, shown as a setup page. Amplify JS itself is
 * configured from these outputs when the session is first needed (see AuthSession).
 */
@Injectable({ providedIn: 'root' })
export class AppConfig {
  private readonly fetch = inject(FETCH);
  private readonly stateSignal = signal<ConfigState>({ status: 'loading' });

  /** The current configuration state. */
  readonly state = this.stateSignal.asReadonly();
  /** The validated outputs and gateway settings; throws if read before they are ready. */
  readonly ready = computed(() => {
    const state = this.stateSignal();
    if (state.status !== 'ready') throw new Error('The configuration is not ready');
    return state;
  });
  /** The gateway settings; throws if read before the configuration is ready. */
  readonly gateway = computed(() => this.ready().gateway);

  /** Fetches and validates the outputs; resolves whatever the outcome. */
  async load(): Promise<void> {
    try {
      const outputs = parseAmplifyOutputs(await this.fetchOutputs());
      this.stateSignal.set({ status: 'ready', outputs, gateway: gatewaySettings(outputs) });
    } catch (error) {
      this.stateSignal.set({
        status: 'invalid',
        problem:
          error instanceof InvalidOutputsError
            ? error.message
            : `amplify_outputs.json could not be read: ${String(error)}`,
      });
    }
  }

  private async fetchOutputs(): Promise<unknown> {
    let response: Response;
    try {
      response = await this.fetch(AMPLIFY_OUTPUTS_PATH, { cache: 'no-cache' });
    } catch {
      throw new InvalidOutputsError(`${AMPLIFY_OUTPUTS_PATH} could not be fetched (network error)`);
    }
    if (!response.ok) {
      throw new InvalidOutputsError(
        `${AMPLIFY_OUTPUTS_PATH} was not found (HTTP ${response.status})`,
      );
    }
    try {
      return await response.json();
    } catch {
      throw new InvalidOutputsError(`${AMPLIFY_OUTPUTS_PATH} is not valid JSON`);
    }
  }
}
