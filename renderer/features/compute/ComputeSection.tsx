import { useEffect, useState } from 'react';
import { localExecutor, type ExecutorConfig, type SlurmExecutorConfig } from '../../../preload/contract/compute';
import { Field } from '../../components/Field';
import { loadCompute, saveCompute, useComputeView } from './slice';
import './compute.css';

const emptySlurm = { name: '', sharedDir: '', partition: '', timeLimit: '', memory: '', slurmConf: '', storage: '', storageEndpoint: '' };

function describe(e: ExecutorConfig): string {
  switch (e.kind) {
    case 'slurm':
      return ['SLURM', e.partition && `partition ${e.partition}`, e.timeLimit && `time ${e.timeLimit}`, e.memory && `mem ${e.memory}`].filter(Boolean).join(' · ');
    case 'kubernetes':
      return `Kubernetes · ${e.namespace} · ${e.image}`;
    case 'aws-batch':
      return `AWS Batch · ${e.jobQueue}`;
  }
}

/**
 * Settings → Compute: where training's folds and search trials run. The executors live in the user's
 * settings file (shown), never in the project; credentials stay the engines' own. The form adds a SLURM
 * executor; Kubernetes and AWS Batch ones are written into the file (README: their fields).
 */
export function ComputeSection() {
  const view = useComputeView();
  const [draft, setDraft] = useState(emptySlurm);
  useEffect(() => {
    void loadCompute();
  }, []);
  if (!view) return <p className="muted">Loading compute settings…</p>;
  const { settings } = view;
  const save = (executors: readonly ExecutorConfig[], defaultExecutor = settings.defaultExecutor): Promise<boolean> => saveCompute({ executors, defaultExecutor });
  const add = (): void => {
    const optional = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());
    const slurm: SlurmExecutorConfig = {
      kind: 'slurm',
      name: draft.name.trim(),
      sharedDir: draft.sharedDir.trim(),
      ...(optional(draft.partition) ? { partition: optional(draft.partition)! } : {}),
      ...(optional(draft.timeLimit) ? { timeLimit: optional(draft.timeLimit)! } : {}),
      ...(optional(draft.memory) ? { memory: optional(draft.memory)! } : {}),
      ...(optional(draft.slurmConf) ? { slurmConf: optional(draft.slurmConf)! } : {}),
      ...(optional(draft.storage) ? { storage: optional(draft.storage)! } : {}),
      ...(optional(draft.storageEndpoint) ? { storageEndpoint: optional(draft.storageEndpoint)! } : {}),
    };
    void save([...settings.executors, slurm]).then((ok) => ok && setDraft(emptySlurm));
  };
  return (
    <div className="compute-section" data-testid="compute-section">
      <p className="muted">
        Where folds and search trials run. Kept in <code>{view.file}</code>, not in the project; credentials come from SLURM&apos;s munge, your kubeconfig or AWS profile.
      </p>
      <table className="compute-table">
        <thead>
          <tr>
            <th>Executor</th>
            <th>Engine</th>
            <th>Job files</th>
            <th>Default</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {[{ name: localExecutor, what: 'Worker processes on this machine', dir: '—' }, ...settings.executors.map((e) => ({ name: e.name, what: describe(e), dir: e.storage ? `${e.storage} (S3${e.storageEndpoint ? ` at ${e.storageEndpoint}` : ''})` : e.sharedDir }))].map((row) => (
            <tr key={row.name} data-testid={`compute-row-${row.name}`}>
              <td>{row.name}</td>
              <td>{row.what}</td>
              <td className="compute-dir" title={row.dir}>
                {row.dir}
              </td>
              <td>
                <input type="radio" name="default-executor" aria-label={`Default: ${row.name}`} checked={settings.defaultExecutor === row.name} onChange={() => void save(settings.executors, row.name)} />
              </td>
              <td>
                {row.name !== localExecutor && (
                  <button
                    type="button"
                    className="small"
                    onClick={() => void save(settings.executors.filter((e) => e.name !== row.name), settings.defaultExecutor === row.name ? localExecutor : settings.defaultExecutor)}
                  >
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 className="compute-add-title">Add a SLURM cluster</h2>
      <form
        className="field-grid compute-add"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <Field label="Name">{(id) => <input id={id} data-testid="compute-name" value={draft.name} placeholder="lab" onChange={(e) => setDraft({ ...draft, name: e.target.value })} />}</Field>
        <Field label="Shared folder" double hint="The same path on this machine and every node.">
          {(id) => <input id={id} data-testid="compute-shared" value={draft.sharedDir} placeholder="/scratch/assay" onChange={(e) => setDraft({ ...draft, sharedDir: e.target.value })} />}
        </Field>
        <Field label="Partition">{(id) => <input id={id} value={draft.partition} placeholder="(default)" onChange={(e) => setDraft({ ...draft, partition: e.target.value })} />}</Field>
        <Field label="Time limit" hint="Minutes or HH:MM:SS.">
          {(id) => <input id={id} value={draft.timeLimit} placeholder="60" onChange={(e) => setDraft({ ...draft, timeLimit: e.target.value })} />}
        </Field>
        <Field label="Memory per job">{(id) => <input id={id} value={draft.memory} placeholder="2G" onChange={(e) => setDraft({ ...draft, memory: e.target.value })} />}</Field>
        <Field label="SLURM_CONF" double hint="Only when not the system's slurm.conf.">
          {(id) => <input id={id} data-testid="compute-conf" value={draft.slurmConf} placeholder="/etc/slurm/slurm.conf" onChange={(e) => setDraft({ ...draft, slurmConf: e.target.value })} />}
        </Field>
        <Field label="Job storage (optional)" double hint="s3://bucket/prefix: inputs and results go through S3; the shared folder then holds only SLURM's script and log.">
          {(id) => <input id={id} data-testid="compute-storage" value={draft.storage} placeholder="s3://lab-bucket/assay" onChange={(e) => setDraft({ ...draft, storage: e.target.value })} />}
        </Field>
        <Field label="S3 endpoint" double hint="Only for an S3 API other than AWS's (MinIO, a private endpoint).">
          {(id) => <input id={id} data-testid="compute-storage-endpoint" value={draft.storageEndpoint} placeholder="https://minio.lab:9000" onChange={(e) => setDraft({ ...draft, storageEndpoint: e.target.value })} />}
        </Field>
        <div className="wide">
          <button type="submit" data-testid="compute-add" disabled={!draft.name.trim() || !draft.sharedDir.trim()}>
            Add executor
          </button>
        </div>
      </form>
    </div>
  );
}
