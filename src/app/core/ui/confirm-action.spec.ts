import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { ConfirmAction } from './confirm-action';

/** Lets signals, change detection and after-render hooks run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve));
}

@Component({
  imports: [ConfirmAction],
  template: `
    <app-confirm-action
      actionText="Delete"
      actionLabel="Delete Report"
      confirmText="Confirm delete"
      confirmLabel="Confirm delete Report"
      cancelLabel="Cancel delete Report"
      [busy]="busy()"
      (confirmed)="confirmations.update((count) => count + 1)"
    />
  `,
})
class Host {
  readonly busy = signal(false);
  readonly confirmations = signal(0);
}

async function render() {
  const fixture = TestBed.createComponent(Host);
  document.body.appendChild(fixture.nativeElement as HTMLElement);
  await settle();
  const element = fixture.nativeElement as HTMLElement;
  const button = (label: string) =>
    element.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`);
  return { fixture, element, button };
}

describe('ConfirmAction', () => {
  afterEach(() => document.body.replaceChildren());

  it('asks before acting: the action button becomes Confirm and Cancel, with the focus on Confirm', async () => {
    const { fixture, button } = await render();
    expect(button('Delete Report')?.textContent?.trim()).toBe('Delete');
    expect(button('Confirm delete Report')).toBeNull();

    button('Delete Report')!.click();
    await settle();
    expect(button('Delete Report')).toBeNull();
    const confirm = button('Confirm delete Report')!;
    expect(confirm.textContent?.trim()).toBe('Confirm delete');
    expect(button('Cancel delete Report')?.textContent?.trim()).toBe('Cancel');
    expect(document.activeElement).toBe(confirm);
    expect(fixture.componentInstance.confirmations()).toBe(0);

    confirm.click();
    expect(fixture.componentInstance.confirmations()).toBe(1);
  });

  it('Cancel goes back without acting and returns the focus to the action button', async () => {
    const { fixture, button } = await render();
    button('Delete Report')!.click();
    await settle();
    button('Cancel delete Report')!.click();
    await settle();
    expect(button('Confirm delete Report')).toBeNull();
    expect(document.activeElement).toBe(button('Delete Report'));
    expect(fixture.componentInstance.confirmations()).toBe(0);
  });

  it('Escape on Confirm cancels too', async () => {
    const { fixture, button } = await render();
    button('Delete Report')!.click();
    await settle();
    button('Confirm delete Report')!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }),
    );
    await settle();
    expect(button('Confirm delete Report')).toBeNull();
    expect(document.activeElement).toBe(button('Delete Report'));
    expect(fixture.componentInstance.confirmations()).toBe(0);
  });

  it('disables Confirm while the parent is busy', async () => {
    const { fixture, button } = await render();
    button('Delete Report')!.click();
    await settle();
    fixture.componentInstance.busy.set(true);
    await settle();
    expect(button('Confirm delete Report')!.disabled).toBe(true);
  });
});
