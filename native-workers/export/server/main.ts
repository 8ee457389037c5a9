/** Entry of the bundled server.js: serve the model in this file's folder. */
import { startFromEnv } from './server';

startFromEnv(__dirname);
