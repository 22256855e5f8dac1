/**
 * Moves focus to the page's main heading once it is on screen (a page may first show "Loading…"),
 * so a screen reader starts reading where the new page starts. Done only while nothing else has
 * focus: a person who already moved on keeps their place. Returns a function that stops waiting.
 */
export function focusMainHeading(timeoutMs = 10_000): () => void {
  const main = () => document.getElementById('main');
  const place = (): boolean => {
    const heading = main()?.querySelector<HTMLElement>('h1');
    if (!heading) return false;
    const free = document.activeElement === null || document.activeElement === document.body || document.activeElement === main();
    if (free) {
      heading.tabIndex = -1;
      heading.focus();
    }
    return true;
  };
  if (place()) return () => {};
  const observer = new MutationObserver(() => { if (place()) stop(); });
  const timer = setTimeout(() => stop(), timeoutMs);
  const stop = () => { observer.disconnect(); clearTimeout(timer); };
  observer.observe(document.getElementById('app') ?? document.body, { childList: true, subtree: true });
  return stop;
}
