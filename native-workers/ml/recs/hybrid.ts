/**
 * Hybrid: ALS blended with content. Collaborative scores need history on both sides, so the
 * blend leans on content where history is thin: a user with n interactions gets content weight
 * shrink / (shrink + n) (all content for a new user, little for a heavy one), and an item nobody
 * has interacted with is scored by content alone (its factors carry no signal). Each part is
 * scaled by its largest absolute score first, so the weights compare like with like.
 */
import type { AlsModel } from './als';
import { scoreAls } from './als';
import type { ContentModel } from './content';
import { scoreContent } from './content';
import type { UserQuery } from './query';

export interface HybridModel {
  readonly kind: 'hybrid';
  readonly itemIds: readonly string[];
  readonly popularity: Float64Array;
  readonly collaborative: AlsModel;
  readonly content: ContentModel;
  /** History size at which content and collaborative weigh the same (default 5). */
  readonly contentShrink: number;
}

function scaleToUnit(v: Float64Array): void {
  let m = 0;
  for (const x of v) m = Math.max(m, Math.abs(x));
  if (m > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / m;
}

export function scoreHybrid(model: HybridModel, q: UserQuery, out: Float64Array): void {
  const content = new Float64Array(out.length);
  scoreContent(model.content, q, content);
  scoreAls(model.collaborative, q, out);
  scaleToUnit(out);
  scaleToUnit(content);
  const wc = model.contentShrink / (model.contentShrink + q.items.length);
  for (let j = 0; j < out.length; j++) out[j] = model.popularity[j]! > 0 ? (1 - wc) * out[j]! + wc * content[j]! : content[j]!;
}
