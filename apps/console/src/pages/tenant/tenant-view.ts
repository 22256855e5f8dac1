import { enc, get } from '../../api/client';
import type { Company, MyCompany, Role } from '../../api/types';
import { currentSession } from '../../auth/session';

/** The company as the signed-in person sees it: staff see everything, members what their role allows. */
export interface TenantView {
  id: string;
  name: string;
  /** Only staff can read the company record, so members see no creation date. */
  createdAt: string | null;
  /** Null for staff, who act on every company without a role in it. */
  role: Role | null;
  staff: boolean;
  /** Whether the company has an owner, as staff read it; null for members, who are never offered the owner role. */
  hasOwner: boolean | null;
}

/** Staff read the company record; members find it among their own companies. */
export async function loadView(id: string): Promise<TenantView> {
  const session = currentSession()!;
  if (session.staff) {
    const company = await get<Company>(`/v1/companies/${enc(id)}`);
    return { id, name: company.name, createdAt: company.createdAt, role: null, staff: true, hasOwner: company.ownerUserId !== null };
  }
  const mine = await get<{ items: MyCompany[] }>('/v1/me/companies');
  const membership = mine.items.find((c) => c.id === id);
  if (!membership) throw new Error('Company not found, or you are not an active member of it.');
  return { id, name: membership.name, createdAt: null, role: membership.role, staff: false, hasOwner: null };
}
