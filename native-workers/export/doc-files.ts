/** The human-readable files of a bundle: MODEL_CARD.md and README.md. */
import type { ModelVersion } from '../../preload/contract/registry';
import { slug } from './infra-files';

export function modelCard(v: ModelVersion): string {
  const metrics = Object.entries(v.metrics).map(([k, m]) => `| ${k} | ${m.mean.toFixed(4)} | ${m.std.toFixed(4)} |`);
  const test = Object.entries(v.test ?? {}).map(([k, x]) => `| ${k} | ${x.toFixed(4)} |`);
  const inputs = v.inputSchema.map((c) => `| ${c.name} | ${c.kind} |`);
  return [
    `# Model card: ${v.name} v${v.version}`,
    '',
    `- Task: ${v.task}; learner: ${v.model}; target: \`${v.target}\`${v.classes ? `; classes: ${v.classes.map((c) => `\`${c}\``).join(', ')}` : ''}`,
    `- Trained by run #${v.runId}, registered ${v.createdAt}, stage: ${v.stage}`,
    '',
    '## Intended use',
    '',
    v.card.intendedUse,
    '',
    '## Data and lineage',
    '',
    v.card.data,
    '',
    `- Dataset: "${v.lineage.datasetName}" (id ${v.lineage.datasetId}) from \`${v.lineage.source}\``,
    `- Import sha256: ${v.lineage.sha256 ?? 'unknown'}`,
    '',
    '## Metrics',
    '',
    v.card.metrics,
    '',
    '| metric (cross-validated) | mean | std |',
    '| --- | --- | --- |',
    ...metrics,
    ...(test.length ? ['', '| metric (test split) | value |', '| --- | --- |', ...test] : []),
    '',
    '## Limits',
    '',
    v.card.limits,
    '',
    '## Input schema',
    '',
    '| column | kind |',
    '| --- | --- |',
    ...inputs,
    '',
  ].join('\n');
}

/**
 * The request the README shows: the version's training row, else (its dataset
 * gone) the first golden row — every input column either way, so the example is
 * one the server answers with 200.
 */
function exampleRow(v: ModelVersion, golden: readonly Readonly<Record<string, unknown>>[]): Readonly<Record<string, unknown>> {
  return v.example ?? golden[0] ?? Object.fromEntries(v.inputSchema.map((c) => [c.name, null]));
}

export function readme(v: ModelVersion, golden: readonly Readonly<Record<string, unknown>>[] = []): string {
  const s = slug(v.name);
  const example = exampleRow(v, golden);
  return `# ${v.name} v${v.version} — exported by Assay

A self-contained prediction server for this model. See MODEL_CARD.md for what it
predicts, from what data, and how well.

| file | what |
| --- | --- |
| server.js | the HTTP server, predictor and learners in one file (plain Node ≥ 20, no npm install) |
| model.json | the learner and its task, classes and decision threshold |
| preprocess.json | the fitted preprocessing (imputation, encoding, scaling) |
| golden.json | input rows with the app's outputs; \`node golden-test.mjs\` checks the server against them to 1e-6 |
| Dockerfile, .dockerignore | node:20-slim image, non-root, HEALTHCHECK on /health |
| infra/aws/main.tf | Terraform: AWS App Runner service from an ECR image |
| infra/azure/main.bicep | Bicep: Azure Container Apps environment + app |
| .github/workflows/build.yml | CI: golden test, image build, golden test against the container, push |
| manifest.json | sha256 of every other file; written last — a bundle without it is incomplete |

## Run

    PORT=8080 node server.js          # binds 0.0.0.0 (set HOST=127.0.0.1 to keep it local)
    curl -s localhost:8080/health
    curl -s -XPOST localhost:8080/predict -H 'content-type: application/json' \\
      -d '${JSON.stringify({ rows: [example] }).replaceAll("'", "'\\''")}'
    curl -s localhost:8080/metrics    # Prometheus text

\`POST /predict\` takes \`{"rows":[{…}]}\` or one row \`{…}\` and answers
\`{"predictions":[{"label","probabilities"} | {"value"}]}\`, with \`"warnings"\`
naming any category the model never saw in training (it is treated as
missing/unknown) and \`"ignoredColumns"\` listing keys that are not inputs. Every
input column must be sent (\`null\` for a missing value); a row without one, or
with a value the model cannot use, is a 400 whose \`details\` name the row and
column. The app's own server answers the same requests the same way. Every
answer carries an \`"id"\` (also the \`X-Request-Id\` header; a batch's rows are
\`"ids"\`: ID.0, ID.1, …).

\`POST /feedback {"id": "…", "label": …}\` (or \`{"feedback": [{…}, …]}\`) records
the true label of a prediction this process answered (the last \`FEEDBACK_IDS\`,
default 200000): \`{stored, duplicate, unknown}\`, 404 when no id was known.
Predictions, refused requests and labels go to an NDJSON log in
\`PREDICTION_LOG_DIR\` (default ./logs; \`PREDICTION_LOG=off\` turns it off), a new
file every \`PREDICTION_LOG_MAX_MB\` (64), the newest \`PREDICTION_LOG_FILES\` (20)
kept. Ship the folder to S3 or Azure and import it with
\`assay monitor pull FILE.assay --model NAME --from s3://BUCKET/PREFIX\`.

Requests are checked before any work: a POST must be \`Content-Type:
application/json\` (415) and at most \`MAX_BODY_BYTES\` (default 1048576; 413),
its body sent within 10 s (408); a browser \`Origin\` is refused (403) unless
listed in \`ALLOWED_ORIGINS\` (comma-separated, e.g. \`https://app.example\`;
none by default); bound to 127.0.0.1 the \`Host\` must name it (421, against
DNS rebinding), elsewhere only if \`ALLOWED_HOSTS\` lists names; at most
\`MAX_CONNECTIONS\` (128) connections.

## Container

    docker build -t ${s} .
    docker run -p 8080:8080 ${s}
    BASE_URL=http://127.0.0.1:8080 node golden-test.mjs

## Deploy

- AWS: push the image to ECR, then \`cd infra/aws && terraform init && terraform apply -var image_uri=…\`.
- Azure: push to ACR, then \`az deployment group create -g RG -f infra/azure/main.bicep -p image=…\`.

Check integrity with \`sha256sum\` against manifest.json.
`;
}
