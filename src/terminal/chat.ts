/**
 * `npm run chat`: an interactive terminal session over Parley's services, on the embedded
 * default backend. Piped input is answered line by line, then the process exits.
 */
import { createServices } from '../app/create-services.js';
import { runEntryPoint } from './entry.js';
import { runTerminal, stdoutColumns, terminalLogger } from './repl.js';

await runEntryPoint(async (config) => {
  const services = await createServices(config, { logger: terminalLogger(config.logLevel) });
  try {
    await runTerminal({ services, input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY), columns: stdoutColumns });
  } finally {
    await services.close();
  }
  return 0;
});
