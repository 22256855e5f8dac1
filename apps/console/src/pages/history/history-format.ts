/** `CompanyCreated` → "Company created", `ApiTokenIssued` → "API token issued". */
export const sentence = (name: string) => {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().replace(/\bapi\b/g, 'API');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** A value of the company's state in plain text: `—` for none, `(empty)` for an empty text. */
export const show = (value: unknown) =>
  value === null || value === undefined ? '—' : value === '' ? '(empty)' : typeof value === 'object' ? JSON.stringify(value) : String(value);

/** A changed field's path with each id cut to its first 8 characters: `invitations.01a23767….email`. */
export const shortField = (field: string) => field.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (id) => `${id.slice(0, 8)}…`);
