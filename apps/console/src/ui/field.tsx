import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/**
 * A labelled form control with its hint and the API's message for it, tied together with
 * aria-describedby so a screen reader reads the error with the field. A required one says so in
 * its label (as a word, not only a star) and to assistive technology (`aria-required`).
 */
export function Field({ label, error, hint, required = false, children }: {
  label: string; error?: string; hint?: string; required?: boolean;
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean; 'aria-required'?: boolean }) => ComponentChildren;
}) {
  const id = useId();
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field invalid' : 'field'}>
      <label for={id}>{label}{required && <span class="required"> (required)</span>}</label>
      {children({ id, 'aria-describedby': described, 'aria-invalid': error ? true : undefined, 'aria-required': required || undefined })}
      {hint && <small id={`${id}-hint`} class="hint">{hint}</small>}
      {error && <small id={`${id}-error`} class="field-error">{error}</small>}
    </div>
  );
}
