import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * A row's "Actions" menu: a `<details>` that behaves like a menu button. Only one is open at a
 * time (they share a `name`), and a click anywhere outside it or Escape folds it away. An open
 * menu is drawn over the rows below; left open, it sat where their own "Actions" buttons are,
 * and a click meant for another member ran an action on this one (console QA M1).
 */
export function Menu({ label, children }: { label: ComponentChildren; children: ComponentChildren }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const details = ref.current!;
    const outside = (event: Event) => {
      if (details.open && !details.contains(event.target as Node)) details.open = false;
    };
    const escape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !details.open) return;
      const hadFocus = details.contains(document.activeElement);
      event.preventDefault();
      details.open = false;
      if (hadFocus) details.querySelector('summary')?.focus();
    };
    document.addEventListener('click', outside, true);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('click', outside, true);
      document.removeEventListener('keydown', escape);
    };
  }, []);
  /**
   * A menu item was chosen: fold the menu away again, and put focus back on its "Actions" button.
   * The item itself is hidden once folded, so focus would fall to <body>; a dialog the item opens
   * takes the button as the place to return to when it closes (console QA L1).
   */
  const chosen = (event: Event) => {
    if (!(event.target as HTMLElement).closest('button')) return;
    ref.current!.open = false;
    ref.current!.querySelector('summary')?.focus();
  };
  return (
    <details class="menu" name="row-actions" ref={ref}>
      <summary>{label}</summary>
      <div class="menu-items" onClick={chosen}>{children}</div>
    </details>
  );
}
