import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import type { ModelAttachments } from '../../../../../amplify/contract/attachments';
import type { PendingAttachment } from './attachment-files';
import { AttachmentPicker } from './attachment-picker';

const RULES: ModelAttachments = {
  images: { formats: ['png'], maxBytes: 100, maxCount: 2 },
};

@Component({
  imports: [AttachmentPicker],
  template: `<app-attachment-picker
    #picker
    [rules]="rules()"
    modelLabel="Reader"
    [(attachments)]="attachments"
  />`,
})
class Host {
  readonly rules = signal<ModelAttachments | undefined>(RULES);
  readonly attachments = signal<readonly PendingAttachment[]>([]);
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve));
}

async function render() {
  const fixture = TestBed.createComponent(Host);
  fixture.detectChanges();
  await settle();
  const element = fixture.nativeElement as HTMLElement;
  const input = element.querySelector('input[type=file]') as HTMLInputElement;
  const choose = async (...files: File[]) => {
    // jsdom has no DataTransfer: an array stands for the FileList.
    Object.defineProperty(input, 'files', { value: files, configurable: true });
    input.dispatchEvent(new Event('change'));
    await settle();
    fixture.detectChanges();
  };
  return { fixture, element, choose };
}

const png = (name: string, size = 10) =>
  new File([new Uint8Array([137, 80, 78, 71, ...new Array(size - 4).fill(0)])], name);

describe('AttachmentPicker', () => {
  it('attaches a picked image as a chip with a preview and a remove button', async () => {
    const { fixture, element, choose } = await render();
    await choose(png('cat.png'));
    expect(fixture.componentInstance.attachments().map((item) => item.name)).toEqual(['cat.png']);
    const chip = element.querySelector('[data-testid=attachment-chip]')!;
    expect(chip.textContent).toContain('cat.png');
    expect(chip.textContent).toContain('PNG image · 10 bytes');
    expect(chip.querySelector('img')?.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const remove = chip.querySelector('button')!;
    expect(remove.textContent?.replace(/\s+/g, ' ').trim()).toBe('×Remove cat.png');
    remove.click();
    fixture.detectChanges();
    await settle();
    expect(fixture.componentInstance.attachments()).toEqual([]);
    // The focus goes back to the Attach button, not to the page.
    expect(document.activeElement?.textContent?.trim()).toBe('Attach files');
  });

  it('says in place why a file was not attached, and attaches the others', async () => {
    const { fixture, element, choose } = await render();
    await choose(new File(['x'], 'notes.exe'), png('big.png', 101), png('ok.png'));
    expect(fixture.componentInstance.attachments().map((item) => item.name)).toEqual(['ok.png']);
    const alert = element.querySelector('[role=alert]')!.textContent!;
    expect(alert).toContain('notes.exe is not a type Reader reads');
    expect(alert).toContain('big.png is 101 bytes; Reader accepts at most 100 bytes');
  });

  it('flags attached files another model does not read', async () => {
    const { fixture, element, choose } = await render();
    await choose(png('cat.png'));
    fixture.componentInstance.rules.set(undefined);
    fixture.detectChanges();
    await settle();
    fixture.detectChanges();
    expect(element.querySelector('[role=alert]')?.textContent).toContain(
      'Reader accepts text only',
    );
  });

  it('attaches pasted files and leaves a text paste alone', async () => {
    const { fixture } = await render();
    const picker = fixture.debugElement.children[0]!.componentInstance as AttachmentPicker;
    // jsdom has no DataTransfer: the events carry what the picker reads of them.
    const pasted = (files: File[]) => {
      const event = { clipboardData: { files }, defaultPrevented: false };
      return Object.assign(event, { preventDefault: () => (event.defaultPrevented = true) });
    };
    const textPaste = pasted([]);
    picker.paste(textPaste as unknown as ClipboardEvent);
    expect(textPaste.defaultPrevented).toBe(false);
    const filePaste = pasted([png('shot.png')]);
    picker.paste(filePaste as unknown as ClipboardEvent);
    expect(filePaste.defaultPrevented).toBe(true);
    await settle();
    expect(fixture.componentInstance.attachments().map((item) => item.name)).toEqual(['shot.png']);
  });
});
