/**
 * The group-mapping page's form model: one entry being added or edited, the table it produces,
 * and the API's field problems placed on the form's inputs.
 */
import {
  type GroupMappingEntry,
  mappingEntryKey,
  type MappingSource,
} from '../../../../amplify/contract/group-mapping';
import type { Group } from '../../../../amplify/contract/groups';
import type { FieldProblem } from '../../core/http/api-call-error';

/** The inputs of the entry form, as typed (claims blank when not set). */
export interface EntryDraft {
  readonly source: MappingSource;
  readonly value: string;
  readonly group: Group;
  readonly department: string;
  readonly costCentre: string;
}

/** The inputs that can be at fault. */
export type DraftField = 'source' | 'value' | 'group' | 'department' | 'costCentre';
export type DraftProblems = Partial<Record<DraftField, string>>;

export const EMPTY_DRAFT: EntryDraft = {
  source: 'appRole',
  value: '',
  group: 'MLUsers',
  department: '',
  costCentre: '',
};

/** How each source is named on the page. */
export const SOURCE_LABELS: Readonly<Record<MappingSource, string>> = {
  appRole: $localize`:What an entry matches - an Entra ID app role@@groupMapping.source.appRole:App role`,
  groupObjectId: $localize`:What an entry matches - a group's object id@@groupMapping.source.objectId:Group object id`,
  groupDisplayName: $localize`:What an entry matches - a group's display name@@groupMapping.source.displayName:Group display name`,
};

/** "Entry N already maps this …": one message per source, so each language words its own. */
function duplicateProblem(source: MappingSource, entry: number): string {
  switch (source) {
    case 'appRole':
      return $localize`:Problem - another entry has this app role@@groupMapping.duplicate.appRole:Entry ${entry}:entry: already maps this app role.`;
    case 'groupObjectId':
      return $localize`:Problem - another entry has this group object id@@groupMapping.duplicate.objectId:Entry ${entry}:entry: already maps this group object id.`;
    default:
      return $localize`:Problem - another entry has this group display name@@groupMapping.duplicate.displayName:Entry ${entry}:entry: already maps this group display name.`;
  }
}

export function draftOf(entry: GroupMappingEntry): EntryDraft {
  return {
    source: entry.source,
    value: entry.value,
    group: entry.group,
    department: entry.department ?? '',
    costCentre: entry.costCentre ?? '',
  };
}

/** The entry a draft stands for: trimmed, blank claims left out. */
export function entryOf(draft: EntryDraft): GroupMappingEntry {
  const department = draft.department.trim();
  const costCentre = draft.costCentre.trim();
  return {
    source: draft.source,
    value: draft.value.trim(),
    group: draft.group,
    ...(department ? { department } : {}),
    ...(costCentre ? { costCentre } : {}),
  };
}

/**
 * What the form can tell before sending: an empty value, or a value another entry of the same
 * source already has. The API checks the rest and names each field (see `problemsAt`).
 */
export function localProblems(
  draft: EntryDraft,
  entries: readonly GroupMappingEntry[],
  editing: number | undefined,
): DraftProblems {
  const entry = entryOf(draft);
  if (entry.value === '')
    return {
      value: $localize`:Problem - the value is empty@@groupMapping.valueMissing:Enter the value to match.`,
    };
  const key = mappingEntryKey(entry);
  const twin = entries.findIndex(
    (other, index) => index !== editing && mappingEntryKey(other) === key,
  );
  return twin >= 0 ? { value: duplicateProblem(entry.source, twin + 1) } : {};
}

/** The API's problems with entry `index` (`entries.<index>.<field>`), by input. */
export function problemsAt(fields: readonly FieldProblem[], index: number): DraftProblems {
  const problems: DraftProblems = {};
  const prefix = `entries.${index}.`;
  for (const { field, message } of fields) {
    if (!field.startsWith(prefix)) continue;
    const name = field.slice(prefix.length) as DraftField;
    problems[name] ??= message.charAt(0).toUpperCase() + message.slice(1) + '.';
  }
  return problems;
}
