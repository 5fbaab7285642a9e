import { Injectable, computed, inject, signal } from '@angular/core';
import { Amplify } from 'aws-amplify';
import { parseAmplifyConfig } from 'aws-amplify/utils';
import {
  AMPLIFY_OUTPUTS_PATH,
  type GatewaySettings,
  InvalidOutputsError,
  gatewaySettings,
  parseAmplifyOutputs,
} from './amplify-outputs';
import { FETCH } from './fetch';

/** The outcome of loading the configuration: ready, or a problem the setup page explains. */
export type ConfigState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly gateway: GatewaySettings }
  | { readonly status: 'invalid'; readonly problem: string };

/**
 * Loads `/amplify_outputs.json` once at start, validates it and configures Amplify JS.
 * Never throws: a missing or invalid file becomes the `invalid` state, shown as a setup page.
 */
@Injectable({ providedIn: 'root' })
export class AppConfig {
  private readonly fetch = inject(FETCH);
  private readonly stateSignal = signal<ConfigState>({ status: 'loading' });

  /** The current configuration state. */
  readonly state = this.stateSignal.asReadonly();
  /** The gateway settings; throws if read before the configuration is ready. */
  readonly gateway = computed(() => {
    const state = this.stateSignal();
    if (state.status !== 'ready') throw new Error('The configuration is not ready');
    return state.gateway;
  });

  /** Fetches, validates and applies the outputs; resolves whatever the outcome. */
  async load(): Promise<void> {
    try {
      const raw = await this.fetchOutputs();
      const outputs = parseAmplifyOutputs(raw);
      const gateway = gatewaySettings(outputs);
      const config = parseAmplifyConfig(outputs);
      const cognito = config.Auth?.Cognito;
      if (!cognito?.userPoolId) {
        throw new InvalidOutputsError('amplify_outputs.json has no Cognito user pool settings');
      }
      // Local mode points Amplify at the Cognito emulator; the outputs format has no field for it.
      if (gateway.userPoolEndpoint) cognito.userPoolEndpoint = gateway.userPoolEndpoint;
      Amplify.configure(config);
      this.stateSignal.set({ status: 'ready', gateway });
    } catch (error) {
      this.stateSignal.set({ status: 'invalid', problem: describeLoadError(error) });
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

function describeLoadError(error: unknown): string {
  if (error instanceof InvalidOutputsError) return error.message;
  return `amplify_outputs.json could not be applied: ${error instanceof Error ? error.message : String(error)}`;
}
