/**
 * FOR TESTS ONLY: starts a private Mosquitto broker on 127.0.0.1 so the MQTT
 * source is tested against a real broker, not a mock. Never used by the app.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, runServer } from './testing-process';

export const mosquittoPath = '/usr/sbin/mosquitto';
const passwdPath = '/usr/bin/mosquitto_passwd';

export function hasMosquitto(): boolean {
  return fs.existsSync(mosquittoPath);
}

export interface MosquittoOptions {
  /** When given, anonymous clients are refused and only these may log in. */
  readonly users?: readonly { readonly name: string; readonly password: string }[];
  /** Serve mqtts:// with a fresh self-signed certificate for 127.0.0.1 (made with openssl). */
  readonly tls?: boolean;
  /** Extra mosquitto.conf lines (e.g. queue limits for throughput runs). */
  readonly conf?: readonly string[];
}

export interface Mosquitto {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
  /** Stops and starts again on the same port (a broker restart as a client sees it). */
  restart(): Promise<void>;
}

export async function startMosquitto(options: MosquittoOptions = {}): Promise<Mosquitto> {
  if (!hasMosquitto()) throw new Error(`${mosquittoPath} is missing (apt-get install mosquitto)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-mosquitto-'));
  // Run as root, mosquitto drops to its own user: that user must be able to read the password file.
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const lines = [`listener ${port} 127.0.0.1`, 'persistence false', 'log_dest stderr', 'log_type error', 'log_type warning'];
  if (options.users) {
    const passwordFile = path.join(dir, 'passwd');
    options.users.forEach((user, i) => {
      // -c creates the file for the first user; later users are appended.
      const args = i === 0 ? ['-b', '-c', passwordFile, user.name, user.password] : ['-b', passwordFile, user.name, user.password];
      const res = spawnSync(passwdPath, args, { encoding: 'utf8' });
      if (res.status !== 0) throw new Error(`mosquitto_passwd failed: ${res.stderr}`);
    });
    fs.chmodSync(passwordFile, 0o644);
    lines.push('allow_anonymous false', `password_file ${passwordFile}`);
  } else {
    lines.push('allow_anonymous true');
  }
  if (options.tls) {
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    const res = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`openssl failed: ${res.stderr}`);
    fs.chmodSync(key, 0o644); // readable by the mosquitto user; a throwaway test key
    lines.push(`certfile ${cert}`, `keyfile ${key}`);
  }
  lines.push(...(options.conf ?? []));
  const confPath = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(confPath, lines.join('\n') + '\n');

  const server = await runServer('mosquitto', mosquittoPath, ['-c', confPath], port, () => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    url: `${options.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`,
    port,
    stop: () => server.stop(),
    restart: () => server.restart(),
  };
}
