import { useEffect, useState } from 'preact/hooks';

/**
 * Hash routes (`#/companies/<id>/users`): the service serves one index.html at /console/ and
 * needs no fallback for deep links; the OIDC redirect comes back to /console/ with its code.
 */
export function useRoute(): string[] {
  const [path, setPath] = useState(parse);
  useEffect(() => {
    const onChange = () => setPath(parse());
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return path;
}

export const navigate = (path: string) => { location.hash = path; };
/** The route as the address bar has it now (a render's `useRoute` value may already be behind it). */
export const currentRoute = parse;
export const href = (...segments: string[]) => `#/${segments.map(encodeURIComponent).join('/')}`;

function parse(): string[] {
  return location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
}
