import {
  afterNextRender,
  Component,
  computed,
  type ElementRef,
  inject,
  Injector,
  signal,
  viewChild,
  viewChildren,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import {
  type GroupMappingDocument,
  type GroupMappingEntry,
  MAPPING_SOURCES,
  MAX_APP_ROLE_CHARS,
  MAX_CLAIM_CHARS,
  MAX_DISPLAY_NAME_CHARS,
} from '../../../../amplify/contract/group-mapping';
import { GROUPS } from '../../../../amplify/contract/groups';
import { ApiCallError } from '../../core/http/api-call-error';
import { ConfirmAction } from '../../core/ui/confirm-action';
import { ErrorAlert } from '../../core/ui/error-alert';
import { FocusTarget, focusTargetById } from '../../core/ui/focus-target';
import { TABLE_STYLES } from '../../core/ui/table-styles';
import { GroupMappingApi } from './group-mapping-api';
import {
  type DraftField,
  draftOf,
  type DraftProblems,
  EMPTY_DRAFT,
  type EntryDraft,
  entryOf,
  localProblems,
  problemsAt,
  SOURCE_LABELS,
} from './group-mapping-form';

/** The longest value each source allows (the API checks the same). */
const VALUE_MAX_CHARS = {
  appRole: MAX_APP_ROLE_CHARS,
  groupObjectId: 36,
  groupDisplayName: MAX_DISPLAY_NAME_CHARS,
} as const;

/**
 * Administrators' group-mapping table: which Entra app role, group object id or group display
 * name grants which app group and claims. List, add, edit, delete (after a confirmation); each
 * save replaces the table from the version loaded, so an edit made meanwhile by someone else is
 * never overwritten: the page says so, loads the new table and keeps the form as typed.
 */
@Component({
  selector: 'app-group-mapping',
  imports: [ConfirmAction, ErrorAlert, FocusTarget, RouterLink],
  templateUrl: './group-mapping.html',
  styles: `
    ${TABLE_STYLES}
    form {
      display: grid;
      gap: 0.75rem;
      grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
      align-items: start;
    }
    label {
      display: block;
      font-weight: 600;
    }
    input,
    select {
      font: inherit;
      padding: 0.4rem;
      width: 100%;
      box-sizing: border-box;
    }
    input[aria-invalid='true'],
    select[aria-invalid='true'] {
      border: 2px solid var(--color-error);
    }
    .problem {
      color: var(--color-error);
      font-size: 0.875rem;
      margin: 0.25rem 0 0;
    }
    .hint {
      color: var(--color-muted);
      font-size: 0.875rem;
      margin: 0.25rem 0 0;
    }
    .form-actions,
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .form-actions {
      grid-column: 1 / -1;
    }
    td code {
      overflow-wrap: anywhere;
    }
    .conflict {
      border-left: 4px solid var(--color-error);
      background: var(--color-error-surface);
      padding: 0.5rem 0.75rem;
    }
    .version {
      color: var(--color-muted);
      /* The template's whitespace is dropped between "Entries" and the version. */
      margin-left: 0.5ch;
    }
  `,
})
export class GroupMapping {
  private readonly api = inject(GroupMappingApi);
  private readonly injector = inject(Injector);
  private readonly valueInput = viewChild<ElementRef<HTMLInputElement>>('valueInput');
  private readonly formHeading = viewChild<ElementRef<HTMLElement>>('formHeading');
  private readonly conflictAlert = viewChild<ElementRef<HTMLElement>>('conflict');
  /** The rows and their Edit buttons, which take the focus after a change. */
  private readonly focusTargets = viewChildren(FocusTarget);

  protected readonly sources = MAPPING_SOURCES;
  protected readonly sourceLabels = SOURCE_LABELS;
  protected readonly groups = GROUPS;
  protected readonly maxClaimChars = MAX_CLAIM_CHARS;
  /** Column heads, and the phone layout's labels of each entry's fields (the head is hidden there). */
  protected readonly labels = {
    entry: $localize`:Phone layout label of the entry number@@groupMapping.col.entry:Entry`,
    matches: $localize`:Column - app role, group id or group name@@groupMapping.col.matches:Matches`,
    value: $localize`:Column - the value matched@@groupMapping.col.value:Value`,
    group: $localize`:Column - the app group granted@@groupMapping.col.group:Group`,
    department: $localize`:Column@@groupMapping.col.department:Department`,
    costCentre: $localize`:Column@@groupMapping.col.costCentre:Cost centre`,
  };

  protected readonly mapping = signal<GroupMappingDocument | undefined>(undefined);
  protected readonly loadError = signal<unknown>(undefined);
  protected readonly saveError = signal<unknown>(undefined);
  protected readonly busy = signal(false);
  /** The index being edited; undefined while adding a new entry. */
  protected readonly editing = signal<number | undefined>(undefined);
  protected readonly draft = signal<EntryDraft>(EMPTY_DRAFT);
  protected readonly problems = signal<DraftProblems>({});
  /** What the last save did, for the status line. */
  protected readonly status = signal('');
  /** Another administrator saved first; the new table is loaded. */
  protected readonly conflict = signal(false);

  protected readonly entries = computed(() => this.mapping()?.entries ?? []);
  protected readonly valueMaxChars = computed(() => VALUE_MAX_CHARS[this.draft().source]);

  constructor() {
    void this.reload();
  }

  protected set(field: DraftField, value: string): void {
    this.draft.update((draft) => ({ ...draft, [field]: value }));
    if (this.problems()[field])
      this.problems.update((problems) => ({ ...problems, [field]: undefined }));
  }

  protected edit(index: number): void {
    this.editing.set(index);
    this.draft.set(draftOf(this.entries()[index]!));
    this.problems.set({});
    this.status.set('');
    this.focusSoon(() => this.valueInput()?.nativeElement);
  }

  protected cancelEdit(): void {
    const index = this.editing();
    this.resetForm();
    if (index !== undefined)
      this.focusSoon(() => focusTargetById(this.focusTargets(), `edit-${index}`));
  }

  /** Adds the draft, or replaces the entry being edited, and saves the table. */
  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    const index = this.editing();
    const local = localProblems(this.draft(), this.entries(), index);
    this.problems.set(local);
    if (Object.keys(local).length > 0) {
      this.focusSoon(() => this.valueInput()?.nativeElement);
      return;
    }
    const entry = entryOf(this.draft());
    const entries = [...this.entries()];
    const at = index ?? entries.length;
    entries.splice(at, index === undefined ? 0 : 1, entry);
    const saved = await this.save(entries, at);
    if (!saved) return;
    this.resetForm();
    this.status.set(
      index === undefined
        ? $localize`:Status after adding an entry@@groupMapping.added:Added ${entry.value}:value:. It applies to sign-ins and token refreshes within a minute.`
        : $localize`:Status after saving an edited entry@@groupMapping.saved:Saved ${entry.value}:value:. It applies to sign-ins and token refreshes within a minute.`,
    );
    this.focusSoon(() => focusTargetById(this.focusTargets(), `entry-${at}`));
  }

  protected async remove(index: number): Promise<void> {
    const removed = this.entries()[index]!;
    const entries = this.entries().filter((_, at) => at !== index);
    if (!(await this.save(entries, undefined))) return;
    if (this.editing() === index) this.resetForm();
    this.status.set(
      $localize`:Status after deleting an entry@@groupMapping.deleted:Deleted ${removed.value}:value:.`,
    );
    this.focusSoon(() => this.formHeading()?.nativeElement);
  }

  /** Accessible names of an entry's buttons: each holds the button's visible text (WCAG 2.5.3). */
  protected editLabel(value: string): string {
    return $localize`:Accessible name of Edit@@groupMapping.editLabel:Edit ${value}:value:`;
  }

  protected deleteLabel(value: string): string {
    return $localize`:Accessible name of Delete@@groupMapping.deleteLabel:Delete ${value}:value:`;
  }

  protected confirmDeleteLabel(value: string): string {
    return $localize`:Accessible name of Confirm delete@@groupMapping.confirmDeleteLabel:Confirm delete ${value}:value:`;
  }

  protected cancelDeleteLabel(value: string): string {
    return $localize`:Accessible name of Cancel - keeps the entry@@groupMapping.cancelDeleteLabel:Cancel delete ${value}:value:`;
  }

  /** Loads the stored table (after a conflict: the form keeps what was typed). */
  protected async reload(): Promise<void> {
    this.loadError.set(undefined);
    try {
      this.mapping.set(await firstValueFrom(this.api.load()));
    } catch (error) {
      this.loadError.set(error);
    }
  }

  /**
   * Sends the table; true when stored. A 400's problems with entry `formIndex` go beside the
   * form's inputs; a 409 loads the table someone else saved and leaves the form as it was.
   */
  private async save(
    entries: readonly GroupMappingEntry[],
    formIndex: number | undefined,
  ): Promise<boolean> {
    const version = this.mapping()?.version ?? 0;
    this.busy.set(true);
    this.saveError.set(undefined);
    this.conflict.set(false);
    this.status.set('');
    try {
      const answer = await firstValueFrom(this.api.replace({ version, entries }));
      this.mapping.set(answer.mapping);
      return true;
    } catch (error) {
      if (error instanceof ApiCallError && error.code === 'MAPPING_VERSION_CONFLICT') {
        this.conflict.set(true);
        await this.reload();
        this.focusSoon(() => this.conflictAlert()?.nativeElement);
        return false;
      }
      const fields = error instanceof ApiCallError ? (error.details.fields ?? []) : [];
      const inForm = formIndex === undefined ? {} : problemsAt(fields, formIndex);
      if (Object.keys(inForm).length > 0) {
        this.problems.set(inForm);
        this.focusSoon(() => document.querySelector<HTMLElement>('[aria-invalid="true"]'));
      } else this.saveError.set(error);
      return false;
    } finally {
      this.busy.set(false);
    }
  }

  private resetForm(): void {
    this.editing.set(undefined);
    this.draft.set(EMPTY_DRAFT);
    this.problems.set({});
  }

  /** Moves the focus to an element once it is rendered. */
  private focusSoon(target: () => HTMLElement | null | undefined): void {
    afterNextRender(() => target()?.focus(), { injector: this.injector });
  }
}
