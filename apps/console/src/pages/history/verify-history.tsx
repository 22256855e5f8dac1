import { enc, get } from '../../api/client';
import type { Verification } from '../../api/types';
import { ProblemText } from '../../ui/problem';
import { useAction } from '../../ui/use-load';
import { useState } from 'preact/hooks';

/** Staff: checks the company's hash chains (docs/tamper-evidence.md) and says whether they hold. */
export function VerifyHistory({ companyId }: { companyId: string }) {
  const [result, setResult] = useState<Verification | null>(null);
  const action = useAction();
  async function verify() {
    setResult(null);
    const answer = await action.run(() => get<Verification>(`/v1/audit/companies/${enc(companyId)}/verify`));
    if (answer) setResult(answer);
  }
  return (
    <div class="verify">
      <button type="button" onClick={verify} disabled={action.busy}>{action.busy ? 'Verifying…' : 'Verify history'}</button>
      <div role="status">
        {result?.verified === true && (
          <p class="badge ok">Verified: {result.events} events as written{result.unhashed ? `, ${result.unhashed} from before hashing` : ''}</p>
        )}
        {result?.verified === false && (
          <p class="problem">
            Broken at revision {result.brokenAt.revision} of <span class="mono">{result.brokenAt.stream}</span>: {result.brokenAt.reason}
          </p>
        )}
      </div>
      <ProblemText error={action.error} />
    </div>
  );
}
