const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export const when = (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '—');
export const day = (iso: string | null | undefined) => (iso ? dateOnly.format(new Date(iso)) : '—');
export const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
/** A member by their email, or by their user id once the email was erased (docs/personal-data.md). */
export const memberName = (member: { userId: string; email: string | null }) => member.email ?? `${member.userId} (email erased)`;
