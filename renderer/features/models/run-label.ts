import type { ModelVersion } from '../../../preload/contract/registry';
import { useImageRunLabel } from '../images';
import { useRunLabel } from '../train';

/** "run #N" for a version, numbered as its Train or Images area numbers the run (not the raw run id). */
export function useVersionRunLabel(): (v: Pick<ModelVersion, 'runId' | 'kind'>) => string {
  const train = useRunLabel();
  const image = useImageRunLabel();
  return (v) => `run ${v.kind === 'image' ? image(v.runId) : train(v.runId)}`;
}
