import { Directive, ElementRef, inject } from '@angular/core';

/**
 * Marks an element a component moves the focus to after a change (a row's button, a heading
 * that appears), so the component finds it among `viewChildren(FocusTarget)` by its `id`: in
 * its own view, once rendered, instead of searching the whole document.
 */
@Directive({ selector: '[appFocusTarget]' })
export class FocusTarget {
  readonly element: HTMLElement = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
}

/** The element among `targets` whose `id` is `id`, if it is rendered. */
export function focusTargetById(
  targets: readonly FocusTarget[],
  id: string,
): HTMLElement | undefined {
  return targets.find((target) => target.element.id === id)?.element;
}
