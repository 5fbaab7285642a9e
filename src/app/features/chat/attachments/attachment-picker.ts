import {
  Component,
  computed,
  effect,
  type ElementRef,
  input,
  model,
  signal,
  untracked,
  viewChild,
  viewChildren,
} from '@angular/core';

import type { ModelAttachments } from '../../../../../amplify/contract/attachments';
import {
  acceptedExtensions,
  attachmentProblem,
  attachmentTypeOf,
  describeRules,
  formatBytes,
  type PendingAttachment,
  readAttachment,
} from './attachment-files';

/**
 * The composer's files: a button that opens the file dialog, files dropped on or pasted into
 * the composer (the chat page hands them in), a chip per file with a remove button and a
 * preview for images, and, in place, why a file was not attached. The model's catalog rules
 * (types, sizes, count per message) are checked before anything is sent.
 */
@Component({
  selector: 'app-attachment-picker',
  templateUrl: './attachment-picker.html',
  styleUrl: './attachment-picker.css',
})
export class AttachmentPicker {
  /** The picked model's catalog rules; undefined: the model reads text only. */
  readonly rules = input<ModelAttachments | undefined>();
  readonly modelLabel = input.required<string>();
  /** The files for the next message. */
  readonly attachments = model<readonly PendingAttachment[]>([]);
  /** True while files are dragged over the composer (it shows where to drop them). */
  readonly dragging = signal(false);
  /** Why files were not attached, or why attached ones no longer fit the model. */
  protected readonly problems = signal<readonly string[]>([]);
  protected readonly accept = computed(() => acceptedExtensions(this.rules()));
  protected readonly rulesText = computed(() => describeRules(this.rules()));
  protected readonly formatBytes = formatBytes;
  private readonly fileInput = viewChild<ElementRef<HTMLInputElement>>('fileInput');
  private readonly attachButton = viewChild<ElementRef<HTMLButtonElement>>('attachButton');
  private readonly removeButtons = viewChildren<ElementRef<HTMLButtonElement>>('removeButton');

  constructor() {
    // Another model may not read what is attached: say so at once, not on Send.
    effect(() => {
      this.rules();
      untracked(() => this.recheck());
    });
  }

  /** Attaches the files the rules admit; the others are listed with the reason. */
  async addFiles(files: readonly File[]): Promise<void> {
    const problems: string[] = [];
    for (const file of files) {
      const problem = attachmentProblem(file, this.attachments(), this.rules(), this.modelLabel());
      if (problem) {
        problems.push(problem);
        continue;
      }
      try {
        const attachment = await readAttachment(file, attachmentTypeOf(file)!);
        this.attachments.update((list) => [...list, attachment]);
      } catch {
        problems.push($localize`:@@attachments.problem.read:${file.name}:file: could not be read.`);
      }
    }
    this.problems.set(problems);
  }

  /** A paste that carries files attaches them; a text paste is left to the text box. */
  paste(event: ClipboardEvent): void {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    void this.addFiles(files);
  }

  /** Lets files be dropped (text drags keep the browser's own behaviour). */
  dragOver(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    this.dragging.set(true);
  }

  /** The drag left the composer (not just one of its children). */
  dragLeave(event: DragEvent): void {
    const zone = event.currentTarget as Node | null;
    if (!zone?.contains(event.relatedTarget as Node | null)) this.dragging.set(false);
  }

  drop(event: DragEvent): void {
    this.dragging.set(false);
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    void this.addFiles(files);
  }

  /**
   * True when every attached file fits the picked model; else lists what does not (the send
   * waits, and nothing typed is lost).
   */
  check(): boolean {
    return this.recheck().length === 0;
  }

  protected async picked(event: Event): Promise<void> {
    const field = event.target as HTMLInputElement;
    const files = [...(field.files ?? [])];
    // Cleared, so picking the same file again after removing it fires `change`.
    field.value = '';
    await this.addFiles(files);
  }

  protected openDialog(): void {
    this.fileInput()?.nativeElement.click();
  }

  /** Removes a file; the focus moves to the next file's remove button, else to the button. */
  protected remove(index: number): void {
    this.attachments.update((list) => list.filter((_, at) => at !== index));
    this.recheck();
    setTimeout(() => {
      const buttons = this.removeButtons();
      const next = buttons[Math.min(index, buttons.length - 1)];
      (next ?? this.attachButton())?.nativeElement.focus();
    });
  }

  protected kindLabel(attachment: PendingAttachment): string {
    return attachment.kind === 'image'
      ? $localize`:@@attachments.kind.image:${attachment.format.toUpperCase()}:format: image`
      : $localize`:@@attachments.kind.document:${attachment.format.toUpperCase()}:format: document`;
  }

  /** The attached files the picked model does not read, as problems. */
  private recheck(): string[] {
    const problems: string[] = [];
    const attachments = this.attachments();
    attachments.forEach((attachment, index) => {
      const problem = attachmentProblem(
        { name: attachment.name, type: '', size: attachment.bytes },
        attachments.slice(0, index),
        this.rules(),
        this.modelLabel(),
      );
      if (problem) problems.push(problem);
    });
    this.problems.set(problems);
    return problems;
  }
}
