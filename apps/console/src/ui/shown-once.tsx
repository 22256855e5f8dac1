import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Dialog } from './dialog';
import { QrCode } from './qr-code';

/**
 * A secret the API hands out once (an API token, a tenant secret). It lives only in this dialog's
 * props: closing the dialog drops it, and nothing else in the console keeps it.
 */
export function ShownOnce({ title, label, value, qr, onClose, children }: {
  title: string; label: string; value: string; qr?: { text: string; label: string };
  onClose: () => void; children?: ComponentChildren;
}) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  }
  return (
    <Dialog title={title} onClose={onClose} wide>
      <p class="warning"><strong>Shown once.</strong> Copy it now: when you close this dialog it is gone for good.</p>
      <div class="secret">
        <label for="shown-once-value">{label}</label>
        <div class="secret-row">
          <input id="shown-once-value" class="mono" readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" class="primary" onClick={copy}>Copy</button>
        </div>
        <p class="status" role="status">
          {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'no' ? 'Could not copy: select the text and copy it yourself.' : ''}
        </p>
      </div>
      {qr && (
        <figure class="qr-figure">
          <QrCode text={qr.text} label={qr.label} />
          <figcaption>Scan with the mobile app to pair a device with this company.</figcaption>
        </figure>
      )}
      {children}
      <div class="actions">
        <button type="button" onClick={onClose}>I have saved it, close</button>
      </div>
    </Dialog>
  );
}
