import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { focusMainHeading } from './focus-heading';

/**
 * A modal on the native <dialog>: the browser keeps focus inside, Escape closes it, and focus
 * returns to where it was. The parent shows it by rendering it and closes it by removing it.
 * It opens on its first field (or, with none, its first action, Cancel where there is one), not
 * on the close button the browser would pick; a form that arrives after a read gets focus then.
 */
export function Dialog({ title, onClose, children, wide = false }: {
  title: string; onClose: () => void; children: ComponentChildren; wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current!;
    const opener = document.activeElement as HTMLElement | null;
    dialog.showModal();
    const stop = focusFirstField(dialog);
    return () => { stop(); dialog.close(); returnFocus(opener); };
  }, []);
  return (
    <dialog ref={ref} class={wide ? 'wide' : undefined} aria-labelledby={titleId}
      onCancel={(event) => { event.preventDefault(); onClose(); }}>
      <div class="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" class="icon" aria-label="Close" onClick={onClose}>×</button>
      </div>
      {children}
    </dialog>
  );
}

/** A yes/no question before something that cannot be undone. */
export function Confirm({ title, children, confirmLabel, danger = false, busy, onConfirm, onClose }: {
  title: string; children: ComponentChildren; confirmLabel: string; danger?: boolean; busy?: boolean;
  onConfirm: () => void; onClose: () => void;
}) {
  return (
    <Dialog title={title} onClose={onClose}>
      {children}
      <div class="actions">
        <button type="button" onClick={onClose}>Cancel</button>
        <button type="button" class={danger ? 'danger' : 'primary'} disabled={busy} onClick={onConfirm}>{confirmLabel}</button>
      </div>
    </Dialog>
  );
}

/**
 * Back to the control that opened the dialog. When that control is gone or hidden (a folded
 * menu's item, a row the action removed), to the page's heading rather than <body>, where a
 * keyboard or screen-reader user would have to start again from the top (console QA L1).
 */
function returnFocus(opener: HTMLElement | null): void {
  const shown = (element: HTMLElement | null | undefined): boolean =>
    !!element && element.isConnected && element !== document.body && element.getClientRects().length > 0;
  const target = shown(opener) ? opener : opener?.closest('details')?.querySelector('summary');
  if (target && shown(target)) target.focus();
  else focusMainHeading(2_000);
}

const FIELDS = 'input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled])';

/** Focuses the dialog's first field now, or when one appears while focus is still on the close button. */
function focusFirstField(dialog: HTMLDialogElement): () => void {
  const close = dialog.querySelector<HTMLElement>('.dialog-head button');
  const place = () => {
    const target = dialog.querySelector<HTMLElement>(FIELDS) ?? dialog.querySelector<HTMLElement>('.actions button');
    target?.focus();
    return target?.matches(FIELDS) ?? false;
  };
  if (place()) return () => {};
  const observer = new MutationObserver(() => {
    const untouched = document.activeElement === close || document.activeElement === dialog || !dialog.contains(document.activeElement);
    if (!untouched || place()) observer.disconnect();
  });
  observer.observe(dialog, { childList: true, subtree: true });
  return () => observer.disconnect();
}
