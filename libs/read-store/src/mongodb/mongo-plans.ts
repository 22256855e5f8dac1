import type { Document } from 'mongodb';
import type { ListPlan } from '../read-store.port';

interface Stage {
  stage?: string;
  indexName?: string;
  keyPattern?: Record<string, unknown>;
  indexBounds?: Record<string, string[]>;
  inputStage?: Stage;
  inputStages?: Stage[];
  queryPlan?: Stage;
}

/**
 * Reads MongoDB's winning plan: a COLLSCAN reads the whole collection, and so does an IXSCAN
 * whose first key is unbounded (`[MinKey, MaxKey]`: every entry of the index). FerretDB answers
 * `explain` with its backend's SQL plan and plans no secondary index at all (docs/ferretdb-notes.md),
 * so there is nothing to prove there: null. An unconditioned list (no filter, no search) read from
 * an index in its sort order, with no SORT stage of its own, stops at the limit: that unbounded
 * IXSCAN reads a page.
 */
export function explainedPlan(explained: Document, unconditioned = false): ListPlan | null {
  if (explained.serverInfo?.ferretdbVersion) return null;
  const steps: string[] = [];
  let scansWholeCollection = false;
  let unboundedScan = false;
  let sorts = false;
  const visit = (stage: Stage | undefined) => {
    if (!stage) return;
    const firstKey = Object.keys(stage.keyPattern ?? {})[0];
    const firstBounds = firstKey ? stage.indexBounds?.[firstKey] : undefined;
    if (stage.stage === 'COLLSCAN') scansWholeCollection = true;
    if (stage.stage === 'IXSCAN' && firstBounds?.length === 1 && firstBounds[0] === '[MinKey, MaxKey]') unboundedScan = true;
    if (stage.stage === 'SORT') sorts = true;
    if (stage.stage) steps.push(stage.indexName ? `${stage.stage} ${stage.indexName} ${JSON.stringify(stage.indexBounds ?? {})}` : stage.stage);
    visit(stage.queryPlan);
    visit(stage.inputStage);
    for (const input of stage.inputStages ?? []) visit(input);
  };
  visit(explained.queryPlanner?.winningPlan);
  return { steps, scansWholeCollection: scansWholeCollection || (unboundedScan && !(unconditioned && !sorts)) };
}
