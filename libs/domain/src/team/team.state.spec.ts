import { invitationStatusAt } from './team.state';

describe('Reading an invitation status at a moment', () => {
  const invitation = { status: 'sent' as const, expiresAt: '2026-12-11T10:00:00.000Z' };

  it('given a sent invitation, before and exactly at its expiry, it reads as sent', () => {
    expect(invitationStatusAt(invitation, '2026-11-22T10:00:00.000Z')).toBe('sent');
    expect(invitationStatusAt(invitation, '2026-12-11T10:00:00.000Z')).toBe('sent');
  });

  it('given a sent invitation, past its expiry, it reads as expired without anything recorded', () => {
    expect(invitationStatusAt(invitation, '2026-12-11T10:00:00.001Z')).toBe('expired');
  });

  it('given an answered invitation, time does not change what it reads as', () => {
    expect(invitationStatusAt({ ...invitation, status: 'accepted' }, '2027-06-01T00:00:00.000Z')).toBe('accepted');
  });

  it('given an instant in another offset, it compares instants, not strings', () => {
    expect(invitationStatusAt(invitation, '2026-12-11T11:30:00.000+01:00')).toBe('expired');
  });
});
