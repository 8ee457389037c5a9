/**
 * Deployment files of a bundle: Dockerfile, Terraform for AWS App Runner,
 * Bicep for Azure Container Apps, and a GitHub Actions workflow that builds
 * the image, runs the golden test against it and pushes it.
 */

/** A name usable in image repositories and cloud resource names. */
export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'model';
}

export function dockerfile(): string {
  return `# Serves the model with plain Node: no npm install, server.js is self-contained.
FROM node:20-slim
ENV NODE_ENV=production PORT=8080 HOST=0.0.0.0 PREDICTION_LOG_DIR=/app/logs
WORKDIR /app
COPY --chown=node:node server.js model.json preprocess.json package.json golden.json golden-test.mjs ./
# The prediction log (NDJSON, rotated; assay monitor pull reads it): mount a volume here to keep it.
RUN mkdir -p /app/logs && chown node:node /app/logs
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \\
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "server.js"]
`;
}

export function dockerignore(): string {
  return ['infra', '.github', 'README.md', 'MODEL_CARD.md', 'manifest.json', '*.log', 'logs', ''].join('\n');
}

export function packageJson(name: string, version: number): string {
  return `${JSON.stringify(
    {
      name: `${slug(name)}-model`,
      version: `${version}.0.0`,
      private: true,
      description: `Assay model ${name} v${version}: HTTP prediction server (POST /predict, GET /health, GET /metrics).`,
      main: 'server.js',
      scripts: { start: 'node server.js', test: 'node golden-test.mjs' },
      engines: { node: '>=20' },
    },
    null,
    2,
  )}\n`;
}

/** Starts server.js (or uses $BASE_URL) and checks every golden row to 1e-6. */
export function goldenTest(): string {
  return `// Golden test: the server's answers for golden.json's rows must match the app's to 1e-6.
// node golden-test.mjs            starts ./server.js on a free port
// BASE_URL=http://host:8080 node golden-test.mjs   tests a running server (e.g. the container)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const dir = path.dirname(fileURLToPath(import.meta.url));
const golden = JSON.parse(readFileSync(path.join(dir, 'golden.json'), 'utf8'));
let base = process.env.BASE_URL;
let child = null;
if (!base) {
  child = spawn(process.execPath, [path.join(dir, 'server.js')], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PREDICTION_LOG: 'off' }, stdio: ['ignore', 'pipe', 'inherit'] });
  base = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /"listening":"([^"]+)"/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error('server.js exited with code ' + code)));
  });
}
try {
  const res = await fetch(base + '/predict', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: golden.rows }) });
  if (!res.ok) throw new Error('POST /predict answered ' + res.status + ': ' + (await res.text()));
  const { predictions } = await res.json();
  let maxDiff = 0;
  golden.outputs.forEach((want, i) => {
    const got = predictions[i];
    if (want.label !== undefined && want.label !== got.label) throw new Error('row ' + i + ': label ' + got.label + ', expected ' + want.label);
    for (const [k, v] of Object.entries(want.probabilities ?? {})) maxDiff = Math.max(maxDiff, Math.abs(v - got.probabilities[k]));
    if (want.value !== undefined) maxDiff = Math.max(maxDiff, Math.abs(want.value - got.value));
  });
  if (!(maxDiff <= 1e-6)) throw new Error('outputs differ by ' + maxDiff);
  console.log(JSON.stringify({ rows: golden.rows.length, maxDiff }));
} finally {
  child?.kill();
}
`;
}

export function terraformAws(name: string): string {
  const s = slug(name);
  return `# AWS App Runner service running the bundle's image from ECR.
# terraform init && terraform apply -var image_uri=ACCOUNT.dkr.ecr.REGION.amazonaws.com/${s}:TAG
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}

variable "region" {
  type    = string
  default = "eu-west-1"
}
variable "service_name" {
  type    = string
  default = "${s}"
}
variable "image_uri" {
  type        = string
  description = "ECR image URI with tag, as pushed by .github/workflows/build.yml"
}
variable "cpu" {
  type    = string
  default = "1024"
}
variable "memory" {
  type    = string
  default = "2048"
}

provider "aws" {
  region = var.region
}

data "aws_iam_policy_document" "apprunner_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["build.apprunner.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "ecr_access" {
  name               = "\${var.service_name}-ecr-access"
  assume_role_policy = data.aws_iam_policy_document.apprunner_assume.json
}

resource "aws_iam_role_policy_attachment" "ecr_access" {
  role       = aws_iam_role.ecr_access.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSAppRunnerServicePolicyForECRAccess"
}

resource "aws_apprunner_service" "model" {
  service_name = var.service_name
  source_configuration {
    authentication_configuration {
      access_role_arn = aws_iam_role.ecr_access.arn
    }
    image_repository {
      image_identifier      = var.image_uri
      image_repository_type = "ECR"
      image_configuration {
        port = "8080"
      }
    }
    auto_deployments_enabled = false
  }
  instance_configuration {
    cpu    = var.cpu
    memory = var.memory
  }
  health_check_configuration {
    protocol = "HTTP"
    path     = "/health"
  }
}

output "service_url" {
  value = "https://\${aws_apprunner_service.model.service_url}"
}
`;
}

export function bicepAzure(name: string): string {
  const s = slug(name);
  return `// Azure Container Apps: an environment and one app running the bundle's image.
// az deployment group create -g RG -f main.bicep -p image=REGISTRY.azurecr.io/${s}:TAG
param location string = resourceGroup().location
param appName string = '${s}'
@description('Container image, as pushed by .github/workflows/build.yml')
param image string
@description('Registry server, e.g. myregistry.azurecr.io (empty for a public image)')
param registryServer string = ''
param registryUsername string = ''
@secure()
param registryPassword string = ''

resource logs 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: '\${appName}-logs'
  location: location
  properties: { sku: { name: 'PerGB2018' }, retentionInDays: 30 }
}

resource env 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '\${appName}-env'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
  }
}

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: appName
  location: location
  properties: {
    managedEnvironmentId: env.id
    configuration: {
      ingress: { external: true, targetPort: 8080 }
      secrets: empty(registryServer) ? [] : [ { name: 'registry-password', value: registryPassword } ]
      registries: empty(registryServer) ? [] : [ { server: registryServer, username: registryUsername, passwordSecretRef: 'registry-password' } ]
    }
    template: {
      containers: [
        {
          name: appName
          image: image
          resources: { cpu: json('1.0'), memory: '2Gi' }
          probes: [
            { type: 'Liveness', httpGet: { path: '/health', port: 8080 } }
            { type: 'Readiness', httpGet: { path: '/health', port: 8080 } }
          ]
        }
      ]
      scale: { minReplicas: 1, maxReplicas: 3 }
    }
  }
}

output url string = 'https://\${app.properties.configuration.ingress.fqdn}'
`;
}

export function workflow(name: string): string {
  const s = slug(name);
  return `# Builds the image, runs the golden test against the running container, pushes it.
# Pushes to GitHub Container Registry by default; set AWS/Azure registry steps as needed.
name: build
on:
  push:
    branches: [main]
  workflow_dispatch: {}
permissions:
  contents: read
  packages: write
env:
  IMAGE: ghcr.io/\${{ github.repository_owner }}/${s}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Golden test (plain Node)
        run: node golden-test.mjs
      - name: Build image
        run: docker build -t "$IMAGE:\${{ github.sha }}" .
      - name: Golden test (container)
        run: |
          docker run -d --name model -p 8080:8080 "$IMAGE:\${{ github.sha }}"
          for i in $(seq 1 30); do curl -fs http://127.0.0.1:8080/health && break; sleep 1; done
          BASE_URL=http://127.0.0.1:8080 node golden-test.mjs
          docker rm -f model
      - name: Push
        if: github.event_name != 'pull_request'
        run: |
          echo "\${{ secrets.GITHUB_TOKEN }}" | docker login ghcr.io -u "\${{ github.actor }}" --password-stdin
          docker push "$IMAGE:\${{ github.sha }}"
`;
}
