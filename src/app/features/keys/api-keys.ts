import {
  afterNextRender,
  Component,
  computed,
  DestroyRef,
  inject,
  Injector,
  linkedSignal,
  signal,
  viewChildren,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { firstValueFrom } from 'rxjs';

import type {
  ApiKeyBudget,
  ApiKeyStatus,
  CreatedApiKey,
} from '../../../../amplify/contract/api-keys';
import { MlApi } from '../../core/api/ml-api';
import { USER_FORMAT_LOCALE } from '../../core/i18n/locale-format';
import { ConfirmAction } from '../../core/ui/confirm-action';
import { ErrorAlert } from '../../core/ui/error-alert';
import { FocusTarget, focusTargetById } from '../../core/ui/focus-target';
import { TABLE_STYLES } from '../../core/ui/table-styles';
import { KeysApi, type NewKeyRequest } from './keys-api';

/** A date as the table shows it: the day, in the user's locale. */
const DAY = new Intl.DateTimeFormat(USER_FORMAT_LOCALE, { dateStyle: 'medium' });
const DOLLARS = new Intl.NumberFormat(USER_FORMAT_LOCALE, { style: 'currency', currency: 'USD' });
const COUNT = new Intl.NumberFormat(USER_FORMAT_LOCALE);
/** When the focus is checked again after a change, once the key list has reloaded. */
const FOCUS_RECHECK_MS = 300;

/** A key's own budget in words; "Your budget" when it has none (the owner's still applies). */
function describeBudget(budget: ApiKeyBudget | undefined): string {
  const usd = budget?.usdPerMonth;
  const tokens = budget?.tokensPerMonth;
  const parts = [
    usd === undefined
      ? undefined
      : $localize`:A key's dollar budget@@keys.usdMonth:${DOLLARS.format(usd)}:amount: a month`,
    tokens === undefined
      ? undefined
      : $localize`:A key's token budget@@keys.tokensMonth:${COUNT.format(tokens)}:count: tokens a month`,
  ].filter((part) => part !== undefined);
  return parts.length
    ? parts.join(', ')
    : $localize`:A key without a budget of its own - the owner's applies@@keys.ownerBudget:Your budget`;
}

/** A key's status in words (the API's value is a code). */
function statusText(status: ApiKeyStatus): string {
  switch (status) {
    case 'active':
      return $localize`:Key status@@keys.status.active:active`;
    case 'expired':
      return $localize`:Key status@@keys.status.expired:expired`;
    default:
      return $localize`:Key status@@keys.status.revoked:revoked`;
  }
}

/**
 * Personal API keys: create one (name, models, expiry, optional budget), see its secret once
 * and copy it, list keys with their last use, revoke one after a confirmation (ConfirmAction,
 * shared with the history's Delete).
 */
@Component({
  selector: 'app-api-keys',
  imports: [ConfirmAction, ErrorAlert, FocusTarget],
  templateUrl: './api-keys.html',
  styles: `
    ${TABLE_STYLES}
    form {
      display: grid;
      gap: 0.75rem;
      max-width: 40rem;
    }
    label,
    legend {
      font-weight: 600;
    }
    input[type='text'],
    input[type='number'] {
      font: inherit;
      padding: 0.4rem;
      width: 100%;
      box-sizing: border-box;
    }
    fieldset {
      border: 1px solid #d0d5da;
      border-radius: 4px;
    }
    .model {
      display: block;
      font-weight: normal;
      padding: 0.2rem 0;
    }
    .hint {
      color: var(--color-muted);
      font-size: 0.875rem;
      margin: 0.25rem 0 0;
    }
    .secret {
      border-left: 4px solid #1d7a3a;
      background: #eef8f1;
      padding: 0.75rem;
      margin: 1rem 0;
    }
    .secret-row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .secret-row input {
      flex: 1 1 20rem;
      font-family: ui-monospace, monospace;
    }
    code {
      overflow-wrap: anywhere;
    }
    .key-hint {
      white-space: nowrap;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem;
    }
  `,
})
export class ApiKeys {
  private readonly api = inject(KeysApi);
  private readonly ml = inject(MlApi);
  private readonly injector = inject(Injector);
  /** The new key's heading, the name field and each key's status cell, which take the focus. */
  private readonly focusTargets = viewChildren(FocusTarget);
  private focusTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.focusTimer));
  }

  protected readonly keys = rxResource({ stream: () => this.api.list() });
  /** The phone layout's labels of each key's fields (the table head is hidden there). */
  protected readonly labels = {
    key: $localize`:Column - the start of the key@@keys.col.key:Key`,
    models: $localize`:Models the key may call@@keys.models:Models`,
    budget: $localize`:Column@@keys.col.budget:Budget`,
    expires: $localize`:Column@@keys.col.expires:Expires`,
    lastUsed: $localize`:Column@@keys.col.lastUsed:Last used`,
    status: $localize`:Column@@keys.col.status:Status`,
  };
  protected readonly models = rxResource({ stream: () => this.ml.models() });

  protected readonly name = signal('');
  protected readonly chosen = signal<readonly string[]>([]);
  /** Starts at the deployment's default once the limits are known. */
  protected readonly days = linkedSignal(() =>
    this.keys.hasValue() ? this.keys.value().limits.defaultExpiryDays : 30,
  );
  protected readonly maxDays = computed(() =>
    this.keys.hasValue() ? this.keys.value().limits.maxExpiryDays : 90,
  );
  protected readonly usdPerMonth = signal('');

  protected readonly busy = signal(false);
  protected readonly error = signal<unknown>(undefined);
  /** The key just made: its secret is shown until the user dismisses it. */
  protected readonly created = signal<CreatedApiKey | undefined>(undefined);
  /** What the copy button last did, for the status line. */
  protected readonly copyStatus = signal('');

  protected readonly canCreate = computed(
    () =>
      !this.busy() &&
      this.name().trim() !== '' &&
      this.chosen().length > 0 &&
      this.days() >= 1 &&
      this.days() <= this.maxDays(),
  );

  protected readonly rows = computed(() =>
    this.keys.hasValue()
      ? this.keys.value().keys.map((key) => ({
          ...key,
          created: DAY.format(new Date(key.createdAt)),
          expires: DAY.format(new Date(key.expiresAt)),
          lastUsed: key.lastUsedAt
            ? DAY.format(new Date(key.lastUsedAt))
            : $localize`:A key that was never used@@keys.never:Never`,
          statusText: statusText(key.status),
          budget: describeBudget(key.budget),
        }))
      : [],
  );

  protected toggleModel(id: string, checked: boolean): void {
    this.chosen.update((models) =>
      checked ? [...models, id] : models.filter((model) => model !== id),
    );
  }

  protected async create(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.canCreate()) return;
    const usd = Number(this.usdPerMonth());
    const request: NewKeyRequest = {
      name: this.name().trim(),
      models: this.chosen(),
      expiresInDays: this.days(),
      ...(this.usdPerMonth().trim() !== '' && usd > 0 ? { budget: { usdPerMonth: usd } } : {}),
    };
    await this.run(async () => {
      this.created.set(await firstValueFrom(this.api.create(request)));
      this.copyStatus.set('');
      this.name.set('');
      this.chosen.set([]);
      this.usdPerMonth.set('');
      this.keys.reload();
      this.focusSoon('new-key-heading');
    });
  }

  protected async copy(secret: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(secret);
      this.copyStatus.set($localize`:After Copy@@keys.copied:Copied to the clipboard.`);
    } catch {
      // A browser may refuse the clipboard (permissions, insecure origin): the field remains.
      this.copyStatus.set(
        $localize`:After Copy failed@@keys.copyRefused:The browser refused the clipboard; select the key and copy it.`,
      );
    }
  }

  protected dismissSecret(): void {
    this.created.set(undefined);
    this.focusSoon('key-name');
  }

  protected async revoke(keyId: string): Promise<void> {
    await this.run(async () => {
      await firstValueFrom(this.api.revoke(keyId));
      this.keys.reload();
      // The row stays (now revoked); its status cell takes the focus.
      this.focusSoon(`status-${keyId}`);
    });
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.error.set(undefined);
    try {
      await action();
    } catch (error) {
      this.error.set(error);
    } finally {
      this.busy.set(false);
    }
  }

  /** Moves the focus to the element `id` once it is rendered. */
  private focusSoon(id: string): void {
    const target = () => focusTargetById(this.focusTargets(), id);
    afterNextRender(() => target()?.focus(), { injector: this.injector });
    // The list reloads after a change; once it has, the focus is put where it belongs.
    clearTimeout(this.focusTimer);
    this.focusTimer = setTimeout(() => {
      const lost = document.activeElement === null || document.activeElement === document.body;
      if (lost) target()?.focus();
    }, FOCUS_RECHECK_MS);
  }
}
