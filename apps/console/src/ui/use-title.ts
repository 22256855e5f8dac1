import { useEffect } from 'preact/hooks';

/** The tab's title says where the person is, most specific first: "Users · Acme GmbH · tenancy console". */
export function useTitle(...parts: (string | null | undefined | false)[]): void {
  const title = [...parts.filter(Boolean), 'tenancy console'].join(' · ');
  useEffect(() => { document.title = title; }, [title]);
}
