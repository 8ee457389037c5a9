/**
 * Worker-thread entry of the CSV scan thread (csv-scan-ahead.ts): reads a plain UTF-8 file, hashes
 * it, checks it as openText does and finds its records, one ~1 MB chunk ahead of the import thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { scanFile, type ScanSetup } from './csv-scan-loop';

scanFile(workerData as ScanSetup, (msg) => parentPort?.postMessage(msg));
