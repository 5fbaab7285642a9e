import { DOCUMENT } from '@angular/common';
import { DestroyRef, inject, Injectable, signal } from '@angular/core';

/** Whether the browser believes it is online (`navigator.onLine` plus `online`/`offline` events). */
@Injectable({ providedIn: 'root' })
export class OnlineStatus {
  private readonly window = inject(DOCUMENT).defaultView;
  private readonly onlineSignal = signal(this.window?.navigator.onLine ?? true);

  readonly online = this.onlineSignal.asReadonly();

  constructor() {
    const update = () => this.onlineSignal.set(this.window?.navigator.onLine ?? true);
    this.window?.addEventListener('online', update);
    this.window?.addEventListener('offline', update);
    inject(DestroyRef).onDestroy(() => {
      this.window?.removeEventListener('online', update);
      this.window?.removeEventListener('offline', update);
    });
  }
}
