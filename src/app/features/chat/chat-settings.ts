import { Component, computed, input, model } from '@angular/core';

import type { ChatSettings } from './chat-session';

/** Temperatures the API accepts (its body schema: 0 to 1). */
const TEMPERATURE = { min: 0, max: 1, step: 0.1 } as const;

/**
 * A conversation's system prompt, temperature and answer length, in a disclosure under the
 * model picker. Empty fields keep the model's defaults; the answer length is capped at the
 * model's output limit from the catalog.
 */
@Component({
  selector: 'app-chat-settings',
  templateUrl: './chat-settings.html',
  styles: `
    details {
      margin: 0.5rem 0;
    }
    summary {
      cursor: pointer;
      font-weight: 600;
      padding: 0.25rem 0;
    }
    .in-use {
      font-weight: normal;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1.5rem;
    }
    input[type='number'] {
      width: 9rem;
    }
  `,
})
export class ChatSettingsPanel {
  readonly settings = model.required<ChatSettings>();
  /** The picked model's output limit in tokens (`limits.maxOutputTokens`). */
  readonly maxOutputTokens = input<number>();

  protected readonly temperature = TEMPERATURE;
  /** What the closed disclosure says is set, e.g. "system prompt, temperature 0.2". */
  protected readonly inUse = computed(() => {
    const { system, temperature, maxTokens } = this.settings();
    const parts = [
      ...(system.trim()
        ? [
            $localize`:Setting in use, in the closed disclosure@@settings.inUse.system:system prompt`,
          ]
        : []),
      ...(temperature === undefined
        ? []
        : [
            $localize`:Setting in use, in the closed disclosure@@settings.inUse.temperature:temperature ${temperature}:value:`,
          ]),
      ...(maxTokens === undefined
        ? []
        : [
            $localize`:Setting in use, in the closed disclosure@@settings.inUse.maxTokens:at most ${maxTokens}:count: tokens`,
          ]),
    ];
    return parts.join(', ');
  });

  protected setSystem(system: string): void {
    this.settings.update((settings) => ({ ...settings, system }));
  }

  protected setTemperature(field: HTMLInputElement): void {
    const value = parseNumber(field.value, TEMPERATURE.min, TEMPERATURE.max);
    // The field shows what is sent: a value out of range is clamped, not silently kept.
    field.value = value === undefined ? '' : String(value);
    this.settings.update(({ temperature: _old, ...rest }) =>
      value === undefined ? rest : { ...rest, temperature: value },
    );
  }

  protected setMaxTokens(field: HTMLInputElement): void {
    const parsed = parseNumber(field.value, 1, this.maxOutputTokens() ?? Number.MAX_SAFE_INTEGER);
    const value = parsed === undefined ? undefined : Math.round(parsed);
    field.value = value === undefined ? '' : String(value);
    this.settings.update(({ maxTokens: _old, ...rest }) =>
      value === undefined ? rest : { ...rest, maxTokens: value },
    );
  }
}

/** `text` as a number within [min, max] (clamped); undefined when empty or not a number. */
function parseNumber(text: string, min: number, max: number): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) return undefined;
  return Math.min(max, Math.max(min, value));
}
